import { Lock } from 'lucide-react';
import { cn } from '@/lib/cn';

export function PermissionDenied({
  what = 'this page',
  who = 'an admin',
  className,
}: {
  what?: string;
  who?: string;
  className?: string;
}) {
  return (
    <div className={cn('flex flex-col items-center justify-center gap-3 py-16 text-center', className)}>
      <div className="flex size-10 items-center justify-center rounded-xl bg-muted text-muted-foreground">
        <Lock className="size-5" aria-hidden />
      </div>
      <div className="grid max-w-sm gap-1">
        <h3 className="text-sm font-semibold">You don't have access to {what}</h3>
        <p className="text-[13px] leading-5 text-muted-foreground">
          Only {who} can see and change this. Ask {who} in your workspace if you need access.
        </p>
      </div>
    </div>
  );
}
