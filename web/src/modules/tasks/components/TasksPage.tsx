import { ListTodo } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorState } from '@/components/ErrorState';
import { EmptyState } from '@/components/ui/empty-state';
import { Progress } from '@/components/ui/progress';
import { SegmentedControl } from '@/components/ui/segmented-control';
import { Skeleton } from '@/components/ui/skeleton';
import { formatNumber } from '@/lib/format';
import { usePermissions } from '@/modules/auth/hooks/usePermissions';
import { useIntegrationSettings } from '@/modules/integrations/hooks/useIntegrationSettings';
import { LINKEDIN_TASKS_LIMIT } from '../api/listLinkedinTasks';
import { useLinkedinTasks } from '../hooks/useLinkedinTasks';
import { groupOpenTasks, weeklyUsage } from '../lib/linkedinTasks';
import type { LinkedinTask, LinkedinTaskStatus } from '../types/linkedinTask';
import { TaskCard } from './TaskCard';

function UsageMeter({ label, used, limit }: { label: string; used: number; limit: number | undefined }) {
  return (
    <div className="grid min-w-[180px] flex-1 gap-1.5">
      <div className="flex items-baseline justify-between gap-2 text-xs">
        <span className="text-muted-foreground">{label}</span>
        <span className="tabular-nums">
          {formatNumber(used)}
          {limit !== undefined && <span className="text-muted-foreground"> of {formatNumber(limit)}</span>}
        </span>
      </div>
      {limit !== undefined && <Progress value={Math.min(used, Math.max(1, limit))} max={Math.max(1, limit)} tone={used >= limit ? 'danger' : 'brand'} aria-label={`${label}: ${used} of ${limit} this week`} />}
    </div>
  );
}

function WeeklyUsage({ tasks, now, complete }: { tasks: LinkedinTask[]; now: number; complete: boolean }) {
  const { isAdmin } = usePermissions();
  const settings = useIntegrationSettings(isAdmin);
  if (!complete) return null;
  const usage = weeklyUsage(tasks, now);
  return (
    <section aria-label="Weekly LinkedIn limits" className="flex flex-wrap items-center gap-x-8 gap-y-3 rounded-xl border border-border bg-surface-raised px-5 py-4 shadow-card">
      <div className="grid gap-0.5">
        <h2 className="text-[13px] font-semibold">This week</h2>
        <p className="text-xs text-muted-foreground">Rolling 7 days. Over a limit, new tasks wait for room.</p>
      </div>
      <UsageMeter label="Connection requests" used={usage.connect} limit={settings.data?.linkedin_weekly_connections} />
      <UsageMeter label="Messages" used={usage.message} limit={settings.data?.linkedin_weekly_messages} />
      {isAdmin && (
        <Link to="/settings/integrations" className="focus-ring rounded-sm text-xs text-primary-text hover:underline">
          Change limits
        </Link>
      )}
    </section>
  );
}

function TaskList({ title, description, tasks }: { title: string; description?: string; tasks: LinkedinTask[] }) {
  if (tasks.length === 0) return null;
  return (
    <section className="grid gap-3" aria-label={title}>
      <div className="flex items-baseline gap-2">
        <h2 className="text-sm font-semibold">{title}</h2>
        <span className="text-xs tabular-nums text-muted-foreground">{tasks.length}</span>
        {description && <p className="text-xs text-muted-foreground">{description}</p>}
      </div>
      <ul className="grid gap-3">
        {tasks.map((t) => (
          <TaskCard key={t.id} task={t} />
        ))}
      </ul>
    </section>
  );
}

/** Tasks: LinkedIn actions the channel produced for a person to do by hand, with Done / Skip. */
export function TasksPage() {
  const tasks = useLinkedinTasks();
  const [view, setView] = useState<LinkedinTaskStatus>('open');
  const [now] = useState(Date.now);
  const all = tasks.data ?? [];
  const shown = view === 'open' ? all.filter((t) => t.status === 'open') : all.filter((t) => t.status === view).reverse();
  const groups = groupOpenTasks(all, now);
  const openCount = groups.ready.length + groups.scheduled.length;

  return (
    <div className="mx-auto grid w-full max-w-[880px] gap-6 px-4 py-6 md:px-8 md:py-8">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="grid gap-0.5">
          <p className="text-[13px] text-muted-foreground">LinkedIn actions for you to do by hand: OmniReach writes the text, you send it. Nothing is automated on LinkedIn.</p>
        </div>
        <SegmentedControl<LinkedinTaskStatus>
          aria-label="Show tasks"
          value={view}
          onValueChange={setView}
          options={[
            { value: 'open', label: tasks.data ? `Open (${openCount})` : 'Open' },
            { value: 'done', label: 'Done' },
            { value: 'skipped', label: 'Skipped' },
          ]}
        />
      </div>
      {tasks.isError ? (
        <ErrorState error={tasks.error} title="Couldn't load the tasks" onRetry={() => tasks.refetch()} retrying={tasks.isFetching} />
      ) : tasks.isPending ? (
        <div className="grid gap-3" aria-busy="true">
          <Skeleton className="h-20 rounded-xl" />
          <Skeleton className="h-36 rounded-xl" />
          <Skeleton className="h-36 rounded-xl" />
        </div>
      ) : (
        <>
          <WeeklyUsage tasks={all} now={now} complete={all.length < LINKEDIN_TASKS_LIMIT} />
          {shown.length === 0 ? (
            <EmptyState
              icon={ListTodo}
              title={view === 'open' ? 'No LinkedIn tasks to do' : view === 'done' ? 'No tasks done yet' : 'No skipped tasks'}
              description={
                view === 'open'
                  ? 'Tasks appear when someone, an AI agent or a workflow sends on the LinkedIn channel — for example, choose LinkedIn in the inbox composer. Each one brings the text to use and a link to the profile.'
                  : 'Closed tasks are listed here, newest first.'
              }
              action={
                view === 'open' ? (
                  <Link to="/inbox" className="focus-ring rounded-sm text-[13px] text-primary-text hover:underline">
                    Go to the inbox
                  </Link>
                ) : undefined
              }
            />
          ) : view === 'open' ? (
            <>
              <TaskList title="Ready now" tasks={groups.ready} />
              <TaskList title="Scheduled" description="Waiting for the weekly limit to have room." tasks={groups.scheduled} />
            </>
          ) : (
            <TaskList title={view === 'done' ? 'Done' : 'Skipped'} tasks={shown} />
          )}
          {all.length >= LINKEDIN_TASKS_LIMIT && <p className="text-xs text-muted-foreground">Showing the first {LINKEDIN_TASKS_LIMIT} tasks by due date.</p>}
        </>
      )}
    </div>
  );
}
