import { Copy, MousePointerClick, Trash2 } from 'lucide-react';
import type { ComponentType } from 'react';
import { Button } from '@/components/ui/button';
import { Separator } from '@/components/ui/separator';
import { cn } from '@/lib/cn';
import { asGraphNode } from '../lib/graphConversion';
import { STEP_META } from '../lib/stepCatalog';
import { stepTitle } from '../lib/stepSummary';
import { useBuilderStore } from '../stores/useBuilderStore';
import type { StepType } from '../types/graph';
import { ExitRulesForm } from './inspector/ExitRulesForm';
import * as Forms from './inspector/StepForms';
import type { StepFormProps } from './inspector/types';

const FORMS: { [T in StepType]: ComponentType<StepFormProps<T>> } = {
  trigger: Forms.TriggerForm,
  ai_generate: Forms.AiGenerateForm,
  send: Forms.SendForm,
  wait: Forms.WaitForm,
  wait_for_event: Forms.WaitForEventForm,
  decision: Forms.DecisionForm,
  ab_split: Forms.AbSplitForm,
  channel_fallback: Forms.ChannelFallbackForm,
  webhook: Forms.WebhookForm,
  hand_off: Forms.HandOffForm,
  update_lead: Forms.UpdateLeadForm,
  end: Forms.EndForm,
};

/** The right-hand panel: the selected step's settings, or the workflow's exit rules. */
export function Inspector({ readOnly, className }: { readOnly: boolean; className?: string }) {
  const selected = useBuilderStore((s) => {
    const picked = s.nodes.filter((n) => n.selected);
    return picked.length === 1 ? picked[0] : null;
  });
  const selectedCount = useBuilderStore((s) => s.nodes.filter((n) => n.selected).length);
  const settings = useBuilderStore((s) => s.settings);
  const findings = useBuilderStore((s) => s.findings);
  const { updateNodeData, updateSettings, deleteSelection, copy, paste } = useBuilderStore.getState();

  if (!selected) {
    return (
      <aside aria-label="Workflow settings" className={cn('grid content-start gap-5 p-4', className)}>
        <div className="flex items-start gap-2.5 rounded-lg bg-muted/60 p-3 text-xs leading-5 text-muted-foreground">
          <MousePointerClick className="mt-0.5 size-4 shrink-0" aria-hidden />
          {selectedCount > 1 ? `${selectedCount} steps selected. Copy, paste or delete them with the keyboard.` : 'Select a step to edit it, or drag one in from the left.'}
        </div>
        <ExitRulesForm value={settings.exit_on} readOnly={readOnly} onChange={(exit_on) => updateSettings({ exit_on })} />
      </aside>
    );
  }

  const node = asGraphNode(selected);
  const meta = STEP_META[node.type];
  const Form = FORMS[node.type] as ComponentType<StepFormProps<StepType>>;
  const nodeFindings = findings.filter((f) => f.node_id === node.id);
  const Icon = meta.icon;
  return (
    <aside aria-label={`${stepTitle(node)} settings`} className={cn('grid content-start gap-4 p-4', className)} data-testid="inspector">
      <header className="flex items-start gap-2.5">
        <span className={cn('flex size-8 shrink-0 items-center justify-center rounded-lg', meta.tone)}>
          <Icon className="size-4" aria-hidden />
        </span>
        <div className="grid min-w-0 flex-1">
          <h2 className="truncate text-sm font-semibold">{stepTitle(node)}</h2>
          <p className="truncate font-mono text-[11px] text-muted-foreground">{node.id}</p>
        </div>
        <Button
          variant="ghost"
          size="icon-sm"
          aria-label="Duplicate step"
          disabled={readOnly}
          onClick={() => {
            copy();
            paste();
          }}
        >
          <Copy aria-hidden />
        </Button>
        <Button variant="ghost" size="icon-sm" aria-label="Delete step" disabled={readOnly} onClick={deleteSelection}>
          <Trash2 aria-hidden />
        </Button>
      </header>
      <p className="text-xs leading-5 text-muted-foreground">{meta.description}</p>
      {nodeFindings.length > 0 && (
        <ul className="grid gap-1.5" aria-label="Problems with this step">
          {nodeFindings.map((f, i) => (
            <li key={i} className={cn('rounded-lg px-3 py-2 text-xs leading-5', f.severity === 'error' ? 'bg-danger-tint text-danger' : 'bg-warning-tint text-warning')}>
              <span className="font-medium">{f.message}</span> {f.fix}
            </li>
          ))}
        </ul>
      )}
      <Separator />
      <Form key={node.id} node={node} readOnly={readOnly} onChange={(data, typingIn) => updateNodeData(node.id, data, typingIn)} />
    </aside>
  );
}
