import { Check, ExternalLink, Eye, MessageSquare, SkipForward, UserPlus } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { toast } from 'sonner';
import { CopyButton } from '@/components/CopyButton';
import { WriteGuard } from '@/components/WriteGuard';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { isApiError } from '@/lib/api/ApiError';
import { formatDateTime, formatRelative } from '@/lib/format';
import { useCloseLinkedinTask } from '../hooks/useCloseLinkedinTask';
import { TASK_KIND_LABELS } from '../lib/linkedinTasks';
import type { LinkedinTask, LinkedinTaskKind } from '../types/linkedinTask';
import { SkipTaskDialog } from './SkipTaskDialog';

const KIND_ICON: Record<LinkedinTaskKind, typeof UserPlus> = { connect: UserPlus, message: MessageSquare, view_profile: Eye };

/** One LinkedIn task: what to do, for whom, the text to paste, and Done / Skip. */
export function TaskCard({ task }: { task: LinkedinTask }) {
  const close = useCloseLinkedinTask();
  const [skipping, setSkipping] = useState(false);
  const Icon = KIND_ICON[task.kind];
  const open = task.status === 'open';
  const name = task.lead_name || 'Unnamed lead';

  function finish(reason?: string) {
    close.mutate(
      { id: task.id, reason },
      {
        onSuccess: () => {
          setSkipping(false);
          toast.success(reason === undefined ? `Marked done for ${name}` : `Skipped for ${name}`);
        },
        onError: (err) => toast.error(isApiError(err) ? err.message : "Couldn't update the task."),
      },
    );
  }

  return (
    <li className="grid gap-3 rounded-xl border border-border bg-surface-raised p-4 shadow-card" data-testid="linkedin-task" data-task-id={task.id} data-status={task.status}>
      <div className="flex flex-wrap items-start gap-3">
        <span className="flex size-8 shrink-0 items-center justify-center rounded-lg bg-channel-linkedin/10 text-channel-linkedin">
          <Icon className="size-4" aria-hidden />
        </span>
        <div className="grid min-w-0 flex-1 gap-0.5">
          <p className="text-[13px] font-medium">
            {TASK_KIND_LABELS[task.kind].action} <span className="text-muted-foreground">to</span>{' '}
            <Link to={`/leads?lead=${encodeURIComponent(task.lead_id)}`} className="focus-ring rounded-sm text-primary-text hover:underline">
              {name}
            </Link>
          </p>
          <p className="text-xs text-muted-foreground">
            {open ? (
              <span title={formatDateTime(task.due_at)}>Due {formatRelative(task.due_at)}</span>
            ) : (
              <span title={task.completed_at ? formatDateTime(task.completed_at) : undefined}>
                {task.status === 'done' ? 'Done' : 'Skipped'} {task.completed_at ? formatRelative(task.completed_at) : ''}
              </span>
            )}
            {task.scheduled_reason && open && <span> · {task.scheduled_reason}</span>}
          </p>
        </div>
        {task.status === 'done' && <Badge variant="success">Done</Badge>}
        {task.status === 'skipped' && <Badge variant="neutral">Skipped</Badge>}
        {task.profile_url ? (
          <Button asChild size="sm" variant="secondary">
            <a href={task.profile_url} target="_blank" rel="noreferrer">
              Open profile <ExternalLink aria-hidden />
            </a>
          </Button>
        ) : (
          <span className="text-xs text-muted-foreground">No profile URL on the lead</span>
        )}
      </div>
      {task.text && (
        <div className="grid gap-2 rounded-lg bg-muted/60 px-3 py-2.5">
          <div className="flex items-center justify-between gap-2">
            <span className="text-xs font-medium text-muted-foreground">{task.kind === 'connect' ? 'Invitation note' : 'Message'}</span>
            <CopyButton value={task.text} size="sm" variant="ghost" aria-label="Copy the text" />
          </div>
          <p className="whitespace-pre-wrap break-words text-[13px] leading-5" data-testid="task-text">
            {task.text}
          </p>
        </div>
      )}
      {task.skip_reason && <p className="text-xs text-muted-foreground">Reason: {task.skip_reason}</p>}
      {open && (
        <div className="flex flex-wrap justify-end gap-2">
          <WriteGuard>
            <Button size="sm" variant="ghost" onClick={() => setSkipping(true)} disabled={close.isPending}>
              <SkipForward aria-hidden /> Skip
            </Button>
          </WriteGuard>
          <WriteGuard>
            <Button size="sm" variant="primary" onClick={() => finish()} loading={close.isPending && !skipping}>
              {!(close.isPending && !skipping) && <Check aria-hidden />}
              Mark done
            </Button>
          </WriteGuard>
        </div>
      )}
      <SkipTaskDialog open={skipping} onOpenChange={setSkipping} onSkip={(reason) => finish(reason)} pending={close.isPending} />
    </li>
  );
}
