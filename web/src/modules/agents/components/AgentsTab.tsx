import { Bot, FlaskConical, Pencil, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { ChannelIcon } from '@/components/ChannelIcon';
import { ErrorState } from '@/components/ErrorState';
import { WriteGuard } from '@/components/WriteGuard';
import { ConfirmDialog } from '@/components/ui/alert-dialog';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Progress } from '@/components/ui/progress';
import { Skeleton } from '@/components/ui/skeleton';
import { Switch } from '@/components/ui/switch';
import { useQueryClient } from '@tanstack/react-query';
import { isApiError } from '@/lib/api/ApiError';
import { queryKeys } from '@/lib/queryKeys';
import { usePermissions } from '@/modules/auth/hooks/usePermissions';
import { channelLabel } from '@/modules/inbox/lib/channelLabel';
import { deleteAgent } from '../api/deleteAgent';
import { useAgents } from '../hooks/useAgents';
import { usePersonas } from '../hooks/usePersonas';
import { useSaveAgent } from '../hooks/useSaveAgent';
import { AUTONOMY_META, PROVIDER_LABELS } from '../lib/agentLabels';
import type { Agent } from '../types/agent';
import { AgentDialog } from './AgentDialog';
import { TestConsole } from './TestConsole';

/** The agent library: what each agent is, what it may do, how much it sent today. */
export function AgentsTab() {
  const agents = useAgents();
  const personas = usePersonas();
  const { isAdmin } = usePermissions();
  const save = useSaveAgent();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Agent | null | 'new'>(null);
  const [testing, setTesting] = useState<Agent | null>(null);
  const [deleting, setDeleting] = useState<Agent | null>(null);
  const [deletePending, setDeletePending] = useState(false);

  async function confirmDelete() {
    if (!deleting) return;
    setDeletePending(true);
    try {
      await deleteAgent(deleting.id);
      toast.success(`Deleted ${deleting.name}`);
      setDeleting(null);
      void queryClient.invalidateQueries({ queryKey: queryKeys.agents.all });
    } catch (err) {
      toast.error(isApiError(err) ? err.message : "Couldn't delete the agent.");
    } finally {
      setDeletePending(false);
    }
  }

  const newButton = (
    <WriteGuard adminOnly>
      <Button variant="primary" onClick={() => setEditing('new')}>
        <Plus aria-hidden />
        New agent
      </Button>
    </WriteGuard>
  );

  let body;
  if (agents.isPending) {
    body = (
      <div className="grid gap-3 md:grid-cols-2" aria-busy="true">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-44 rounded-xl" />
        ))}
      </div>
    );
  } else if (agents.isError) {
    body = <ErrorState error={agents.error} title="Couldn't load agents" onRetry={() => agents.refetch()} retrying={agents.isFetching} />;
  } else if (!agents.data.length) {
    body = (
      <EmptyState
        icon={Bot}
        title="No agents yet"
        description="An agent answers leads as one of your personas, with the model and autonomy you choose. Without a provider key it uses the offline responder."
        action={newButton}
      />
    );
  } else {
    body = (
      <ul className="grid gap-3 md:grid-cols-2">
        {agents.data.map((a) => {
          const persona = personas.data?.find((p) => p.id === a.persona_id);
          return (
            <li key={a.id}>
              <Card className="grid gap-4 p-4" data-testid="agent-card">
                <div className="flex items-start gap-3">
                  <div className="flex size-9 shrink-0 items-center justify-center rounded-lg bg-gradient-to-br from-primary to-violet-500 text-white">
                    <Bot className="size-4" aria-hidden />
                  </div>
                  <div className="grid min-w-0 flex-1 gap-0.5">
                    <h3 className="truncate text-sm font-semibold">{a.name}</h3>
                    <p className="truncate text-xs text-muted-foreground">
                      {persona ? persona.name : 'No persona'} · {a.provider === 'auto' ? 'Automatic' : (PROVIDER_LABELS[a.provider] ?? a.provider)}
                      {a.model && ` · ${a.model}`}
                    </p>
                  </div>
                  <WriteGuard adminOnly>
                    <Switch
                      checked={a.enabled}
                      aria-label={a.enabled ? `Disable ${a.name}` : `Enable ${a.name}`}
                      onCheckedChange={(enabled) => save.mutate({ id: a.id, input: { enabled } })}
                    />
                  </WriteGuard>
                </div>
                <div className="flex flex-wrap items-center gap-1.5">
                  <Badge variant={a.autonomy === 'autonomous' ? 'warning' : a.autonomy === 'approve' ? 'info' : 'neutral'}>{AUTONOMY_META[a.autonomy]?.label ?? a.autonomy}</Badge>
                  {!a.enabled && <Badge variant="outline">Disabled</Badge>}
                  {a.provider === 'offline' && <Badge variant="warning">Offline</Badge>}
                  <span className="ml-auto flex items-center gap-1 text-muted-foreground" aria-label={`Channels: ${a.channels.map(channelLabel).join(', ')}`}>
                    {a.channels.map((c) => (
                      <ChannelIcon key={c} channel={c} />
                    ))}
                  </span>
                </div>
                <div className="grid gap-1.5">
                  <div className="flex justify-between text-xs text-muted-foreground">
                    <span>Sent today</span>
                    <span className="tabular-nums">
                      {a.sent_today ?? 0} / {a.daily_limit}
                    </span>
                  </div>
                  <Progress value={a.sent_today ?? 0} max={a.daily_limit || 1} aria-label="Sent today against the daily limit" />
                </div>
                <div className="flex flex-wrap gap-2 border-t border-border pt-3">
                  <Button size="sm" variant="secondary" onClick={() => setTesting(a)}>
                    <FlaskConical aria-hidden />
                    Test
                  </Button>
                  <WriteGuard adminOnly>
                    <Button size="sm" variant="ghost" onClick={() => setEditing(a)}>
                      <Pencil aria-hidden />
                      Edit
                    </Button>
                  </WriteGuard>
                  <WriteGuard adminOnly>
                    <Button size="sm" variant="ghost" className="ml-auto" onClick={() => setDeleting(a)} aria-label={`Delete ${a.name}`}>
                      <Trash2 aria-hidden />
                    </Button>
                  </WriteGuard>
                </div>
              </Card>
            </li>
          );
        })}
      </ul>
    );
  }

  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="grid gap-0.5">
          <h2 className="text-sm font-semibold">Agents</h2>
          <p className="text-[13px] text-muted-foreground">
            {isAdmin ? 'Who answers your leads, how freely, and on which channels.' : 'Who answers your leads. Only admins can change agents.'}
          </p>
        </div>
        {agents.data?.length ? newButton : null}
      </div>
      {body}
      {editing && <AgentDialog open onOpenChange={(o) => !o && setEditing(null)} agent={editing === 'new' ? null : editing} />}
      <TestConsole agent={testing} onOpenChange={(o) => !o && setTesting(null)} />
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={`Delete ${deleting?.name ?? 'agent'}?`}
        description="Conversations it handles stop getting AI replies until another agent takes them. Its logged requests stay."
        confirmLabel="Delete agent"
        onConfirm={() => void confirmDelete()}
        loading={deletePending}
      />
    </div>
  );
}
