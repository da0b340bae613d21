import { WifiOff } from 'lucide-react';
import { useOnlineStatus } from '@/lib/useOnlineStatus';

/** A quiet strip at the top of the app while the browser reports no network. */
export function OfflineBanner() {
  const online = useOnlineStatus();
  if (online) return null;
  return (
    <div
      role="status"
      aria-live="polite"
      className="flex items-center justify-center gap-2 border-b border-warning/30 bg-warning-tint px-4 py-1.5 text-[13px] font-medium text-warning"
    >
      <WifiOff className="size-3.5" aria-hidden />
      You're offline. Showing the last loaded data — we'll reconnect automatically.
    </div>
  );
}
