import { LogoMark } from './Logo';

export function FullPageLoader({ label = 'Loading OmniReach' }: { label?: string }) {
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center gap-4 bg-surface" role="status" aria-live="polite">
      <LogoMark className="size-9 animate-pulse" />
      <span className="sr-only">{label}</span>
    </div>
  );
}
