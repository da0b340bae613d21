import { Pencil, Plus, Trash2, UserRoundPen } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { useQueryClient } from '@tanstack/react-query';
import { ErrorState } from '@/components/ErrorState';
import { WriteGuard } from '@/components/WriteGuard';
import { ConfirmDialog } from '@/components/ui/alert-dialog';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import { isApiError } from '@/lib/api/ApiError';
import { queryKeys } from '@/lib/queryKeys';
import { deletePersona } from '../api/deletePersona';
import { usePersonas } from '../hooks/usePersonas';
import { TONE_LABELS } from '../lib/agentLabels';
import { TONE_KEYS, type Persona } from '../types/agent';
import { PersonaDialog } from './PersonaDialog';

/** Persona Studio: the voices agents write in. */
export function PersonasTab() {
  const personas = usePersonas();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Persona | null | 'new'>(null);
  const [deleting, setDeleting] = useState<Persona | null>(null);
  const [pending, setPending] = useState(false);

  async function confirmDelete() {
    if (!deleting) return;
    setPending(true);
    try {
      await deletePersona(deleting.id);
      toast.success(`Deleted ${deleting.name}`);
      setDeleting(null);
      void queryClient.invalidateQueries({ queryKey: queryKeys.personas });
    } catch (err) {
      toast.error(isApiError(err) ? err.message : "Couldn't delete the persona.");
    } finally {
      setPending(false);
    }
  }

  const newButton = (
    <WriteGuard adminOnly>
      <Button variant="primary" onClick={() => setEditing('new')}>
        <Plus aria-hidden />
        New persona
      </Button>
    </WriteGuard>
  );

  let body;
  if (personas.isPending) {
    body = (
      <div className="grid gap-3 md:grid-cols-2" aria-busy="true">
        {[0, 1].map((i) => (
          <Skeleton key={i} className="h-52 rounded-xl" />
        ))}
      </div>
    );
  } else if (personas.isError) {
    body = <ErrorState error={personas.error} title="Couldn't load personas" onRetry={() => personas.refetch()} retrying={personas.isFetching} />;
  } else if (!personas.data.length) {
    body = <EmptyState icon={UserRoundPen} title="No personas yet" description="A persona is the voice an agent writes in: tone, focus, rules and signature." action={newButton} />;
  } else {
    body = (
      <ul className="grid gap-3 md:grid-cols-2">
        {personas.data.map((p) => (
          <li key={p.id}>
            <Card className="grid gap-4 p-4">
              <div className="flex items-start gap-3">
                <div className="grid min-w-0 flex-1 gap-0.5">
                  <h3 className="truncate text-sm font-semibold">{p.name}</h3>
                  <p className="truncate text-xs text-muted-foreground">{[p.role, p.industry_focus, p.language?.toUpperCase()].filter(Boolean).join(' · ') || 'No role set'}</p>
                </div>
                <WriteGuard adminOnly>
                  <Button size="icon-sm" variant="ghost" onClick={() => setEditing(p)} aria-label={`Edit ${p.name}`}>
                    <Pencil aria-hidden />
                  </Button>
                </WriteGuard>
                <WriteGuard adminOnly>
                  <Button size="icon-sm" variant="ghost" onClick={() => setDeleting(p)} aria-label={`Delete ${p.name}`}>
                    <Trash2 aria-hidden />
                  </Button>
                </WriteGuard>
              </div>
              <dl className="grid gap-1.5">
                {TONE_KEYS.map((k) => (
                  <div key={k} className="grid grid-cols-[100px_1fr_28px] items-center gap-2 text-xs">
                    <dt className="text-muted-foreground">{TONE_LABELS[k][0]}</dt>
                    <dd className="h-1.5 overflow-hidden rounded-full bg-muted" aria-hidden>
                      <div className="h-full rounded-full bg-gradient-to-r from-primary to-violet-500" style={{ width: `${p.tone?.[k] ?? 0}%` }} />
                    </dd>
                    <dd className="text-right tabular-nums text-muted-foreground">{p.tone?.[k] ?? 0}</dd>
                  </div>
                ))}
              </dl>
              {(p.dos.length > 0 || p.donts.length > 0) && (
                <p className="text-xs text-muted-foreground">
                  {p.dos.length} do{p.dos.length === 1 ? '' : 's'} · {p.donts.length} don't{p.donts.length === 1 ? '' : 's'}
                </p>
              )}
            </Card>
          </li>
        ))}
      </ul>
    );
  }

  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="grid gap-0.5">
          <h2 className="text-sm font-semibold">Personas</h2>
          <p className="text-[13px] text-muted-foreground">How your agents sound. Tone runs from 0 to 100.</p>
        </div>
        {personas.data?.length ? newButton : null}
      </div>
      {body}
      {editing && <PersonaDialog open onOpenChange={(o) => !o && setEditing(null)} persona={editing === 'new' ? null : editing} />}
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={`Delete ${deleting?.name ?? 'persona'}?`}
        description="Agents using it keep working without a persona until you pick another."
        confirmLabel="Delete persona"
        onConfirm={() => void confirmDelete()}
        loading={pending}
      />
    </div>
  );
}
