import { RotateCw, TriangleAlert } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { isApiError } from '@/lib/api/ApiError';
import { cn } from '@/lib/cn';

interface ErrorStateProps {
  error: unknown;
  title?: string;
  onRetry?: () => void;
  retrying?: boolean;
  className?: string;
  compact?: boolean;
}

function describe(error: unknown): string {
  if (isApiError(error)) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return 'Something unexpected happened.';
}

/** What happened, and what to do about it. */
export function ErrorState({ error, title = "Couldn't load this", onRetry, retrying, className, compact }: ErrorStateProps) {
  const offline = isApiError(error) && error.code === 'network_error';
  return (
    <div role="alert" className={cn('flex flex-col items-center justify-center gap-3 text-center', compact ? 'py-8' : 'py-16', className)}>
      <div className="flex size-10 items-center justify-center rounded-xl bg-danger-tint text-danger">
        <TriangleAlert className="size-5" aria-hidden />
      </div>
      <div className="grid max-w-sm gap-1">
        <h3 className="text-sm font-semibold">{offline ? "Can't reach the server" : title}</h3>
        <p className="text-[13px] leading-5 text-muted-foreground">{describe(error)}</p>
      </div>
      {onRetry && (
        <Button size="sm" onClick={onRetry} loading={retrying}>
          {!retrying && <RotateCw aria-hidden />}
          Try again
        </Button>
      )}
    </div>
  );
}
