import { Handle, Position, type NodeProps } from '@xyflow/react';
import { CircleAlert, TriangleAlert } from 'lucide-react';
import { memo } from 'react';
import { cn } from '@/lib/cn';
import { formatNumber } from '@/lib/format';
import type { FlowNode } from '../lib/graphConversion';
import { STEP_META } from '../lib/stepCatalog';
import { stepOutputs, type StepOutput } from '../lib/stepOutputs';
import { stepSummary, stepTitle } from '../lib/stepSummary';
import type { GraphNode } from '../types/graph';
import { useStepNodeExtras } from './StepNodeContext';

const HANDLE_TONES: Record<StepOutput['tone'], string> = {
  neutral: '!bg-muted-foreground',
  success: '!bg-success',
  danger: '!bg-danger',
  warning: '!bg-warning',
};

/** One step on the canvas: icon, title, a line about its settings, and a handle per branch. */
export const StepNode = memo(function StepNode(props: NodeProps<FlowNode>) {
  const node = { id: props.id, type: props.type, position: { x: 0, y: 0 }, data: props.data } as GraphNode;
  const meta = STEP_META[node.type];
  const { badges, counts, readOnly } = useStepNodeExtras();
  const badge = badges[node.id];
  const count = counts?.[node.id];
  const outputs = stepOutputs(node);
  const title = stepTitle(node);
  const Icon = meta.icon;
  return (
    <div
      data-testid="step-node"
      data-node-id={node.id}
      data-errors={badge?.errors.length ?? 0}
      className={cn(
        'relative w-64 rounded-xl border bg-surface-raised text-left shadow-card transition-[border-color,box-shadow]',
        props.selected ? 'border-primary ring-3 ring-primary/20' : 'border-border hover:border-border-strong',
        badge?.errors.length && !props.selected && 'border-danger/60',
      )}
    >
      {node.type !== 'trigger' && (
        <Handle
          type="target"
          position={Position.Top}
          isConnectable={!readOnly}
          aria-label={`Connect into ${title}`}
          className="!size-2.5 !border-2 !border-surface-raised !bg-border-strong"
        />
      )}
      <div className="flex items-start gap-2.5 p-3">
        <span className={cn('flex size-8 shrink-0 items-center justify-center rounded-lg', meta.tone)}>
          <Icon className="size-4" aria-hidden />
        </span>
        <div className="grid min-w-0 flex-1 gap-0.5">
          <div className="flex items-center gap-1.5">
            <span className="truncate text-[13px] font-semibold leading-5">{title}</span>
            {badge?.errors.length ? (
              <span className="ml-auto inline-flex items-center gap-0.5 text-xs font-medium text-danger" title={badge.errors.map((f) => f.message).join('\n')} data-testid="node-error-badge">
                <CircleAlert className="size-3.5" aria-hidden />
                {badge.errors.length}
                <span className="sr-only"> {badge.errors.length === 1 ? 'error' : 'errors'}</span>
              </span>
            ) : badge?.warnings.length ? (
              <span className="ml-auto inline-flex items-center gap-0.5 text-xs font-medium text-warning" title={badge.warnings.map((f) => f.message).join('\n')}>
                <TriangleAlert className="size-3.5" aria-hidden />
                {badge.warnings.length}
                <span className="sr-only"> {badge.warnings.length === 1 ? 'warning' : 'warnings'}</span>
              </span>
            ) : null}
          </div>
          <p className="truncate text-xs leading-4 text-muted-foreground">{stepSummary(node)}</p>
        </div>
      </div>
      {count && (
        <div className="flex items-center gap-3 border-t border-border px-3 py-1.5 text-[11px] tabular-nums text-muted-foreground" data-testid="node-counts">
          <span title="Entered">
            <span className="font-semibold text-foreground">{formatNumber(count.entered)}</span> in
          </span>
          {count.waiting > 0 && <span className="text-warning">{formatNumber(count.waiting)} waiting</span>}
          <span className="text-success">{formatNumber(count.succeeded)} done</span>
          {count.failed > 0 && <span className="text-danger">{formatNumber(count.failed)} failed</span>}
        </div>
      )}
      {outputs.map((output, i) => {
        const left = `${((i + 1) / (outputs.length + 1)) * 100}%`;
        return (
          <div key={output.handle}>
            <Handle
              id={output.handle}
              type="source"
              position={Position.Bottom}
              isConnectable={!readOnly}
              style={{ left }}
              aria-label={output.label ? `Connect from the ${output.label} branch of ${title}` : `Connect from ${title}`}
              data-handle={output.handle}
              className={cn('!size-3 !border-2 !border-surface-raised', HANDLE_TONES[output.tone])}
            />
            {output.label && (
              <span
                className="pointer-events-none absolute top-full mt-2 -translate-x-1/2 whitespace-nowrap rounded bg-surface px-1 text-[10px] font-medium uppercase tracking-wide text-muted-foreground"
                style={{ left }}
              >
                {output.label}
              </span>
            )}
          </div>
        );
      })}
    </div>
  );
});
