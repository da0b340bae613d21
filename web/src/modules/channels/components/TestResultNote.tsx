import { CircleCheck, CircleX } from 'lucide-react';
import type { ReactNode } from 'react';

/** The inline outcome of a "Send test": what worked, or the provider's own words for what failed. */
export function TestResultNote({ ok, children, testId }: { ok: boolean; children: ReactNode; testId?: string }) {
  const Icon = ok ? CircleCheck : CircleX;
  return (
    <p
      role="status"
      data-testid={testId}
      data-ok={ok}
      className={ok ? 'flex items-start gap-1.5 text-xs leading-5 text-success' : 'flex items-start gap-1.5 text-xs leading-5 text-danger'}
    >
      <Icon className="mt-0.5 size-3.5 shrink-0" aria-hidden />
      <span className="min-w-0 [overflow-wrap:anywhere]">{children}</span>
    </p>
  );
}
