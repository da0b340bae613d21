import { CircleAlert, CircleCheck, TriangleAlert } from 'lucide-react';
import { cn } from '@/lib/cn';
import type { Finding } from '../types/workflow';

/** Validation findings, errors first; each one says what is wrong and how to fix it. */
export function FindingsList({ findings, onSelect }: { findings: Finding[]; onSelect?: (finding: Finding) => void }) {
  if (!findings.length) {
    return (
      <p className="flex items-center gap-2 text-[13px] text-success">
        <CircleCheck className="size-4" aria-hidden />
        No problems found. Ready to publish.
      </p>
    );
  }
  const sorted = [...findings].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return (
    <ul className="grid gap-1" data-testid="findings">
      {sorted.map((f, i) => {
        const Icon = f.severity === 'error' ? CircleAlert : TriangleAlert;
        const body = (
          <>
            <Icon className={cn('mt-0.5 size-4 shrink-0', f.severity === 'error' ? 'text-danger' : 'text-warning')} aria-label={f.severity} />
            <span className="grid gap-0.5">
              <span className="text-[13px] font-medium leading-5">{f.message}</span>
              <span className="text-xs leading-4 text-muted-foreground">{f.fix}</span>
            </span>
          </>
        );
        return (
          <li key={i} data-testid="finding" data-code={f.code}>
            {onSelect && (f.node_id || f.edge_id) ? (
              <button type="button" onClick={() => onSelect(f)} className="focus-ring flex w-full items-start gap-2 rounded-md p-2 text-left hover:bg-hover">
                {body}
              </button>
            ) : (
              <div className="flex items-start gap-2 p-2">{body}</div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
