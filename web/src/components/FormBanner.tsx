import { CircleAlert } from 'lucide-react';
import type { ReactNode } from 'react';

export function FormBanner({ children, action }: { children: ReactNode; action?: ReactNode }) {
  return (
    <div role="alert" className="flex items-start gap-2 rounded-lg border border-danger/25 bg-danger-tint px-3 py-2.5 text-[13px] leading-5 text-danger">
      <CircleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
      <div className="flex flex-1 flex-wrap items-center justify-between gap-2">
        <span>{children}</span>
        {action}
      </div>
    </div>
  );
}
