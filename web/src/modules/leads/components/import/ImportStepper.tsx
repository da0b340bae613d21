import { Check } from 'lucide-react';
import { Fragment } from 'react';
import { cn } from '@/lib/cn';

const STEPS = ['Upload', 'Map columns', 'Review', 'Import'];

export function ImportStepper({ step }: { step: number }) {
  return (
    <ol className="flex items-center gap-2 px-5 pb-4" aria-label="Import steps">
      {STEPS.map((label, i) => {
        const n = i + 1;
        const done = n < step;
        const current = n === step;
        return (
          <Fragment key={label}>
            {i > 0 && <li aria-hidden className={cn('h-px min-w-3 flex-1', done || current ? 'bg-primary/50' : 'bg-border')} />}
            <li className="flex items-center gap-2" aria-current={current ? 'step' : undefined}>
              <span
                className={cn(
                  'inline-flex size-5 shrink-0 items-center justify-center rounded-full text-[11px] font-semibold tabular-nums',
                  done && 'bg-primary text-primary-foreground',
                  current && 'bg-primary-tint text-primary-text ring-1 ring-primary/40',
                  !done && !current && 'bg-muted text-muted-foreground',
                )}
              >
                {done ? <Check className="size-3" strokeWidth={3} aria-hidden /> : n}
              </span>
              <span className={cn('hidden text-[13px] sm:inline', current ? 'font-medium text-foreground' : 'text-muted-foreground')}>
                {label}
              </span>
              <span className="sr-only">{done ? '(done)' : current ? '(current)' : ''}</span>
            </li>
          </Fragment>
        );
      })}
    </ol>
  );
}
