import { useId } from 'react';
import { cn } from '@/lib/cn';

/** The OmniReach mark: a lead at the centre, an orbit of channels around it, one reaching out. */
export function LogoMark({ className }: { className?: string }) {
  const id = useId();
  return (
    <svg viewBox="0 0 32 32" className={cn('size-7 shrink-0', className)} aria-hidden focusable="false">
      <defs>
        <linearGradient id={`${id}-bg`} x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#6366f1" />
          <stop offset="1" stopColor="#8b5cf6" />
        </linearGradient>
        <linearGradient id={`${id}-shine`} x1="0" y1="0" x2="0" y2="1">
          <stop offset="0" stopColor="#fff" stopOpacity="0.22" />
          <stop offset="1" stopColor="#fff" stopOpacity="0" />
        </linearGradient>
      </defs>
      <rect width="32" height="32" rx="8" fill={`url(#${id}-bg)`} />
      <rect x="0.5" y="0.5" width="31" height="31" rx="7.5" fill="none" stroke={`url(#${id}-shine)`} />
      <circle cx="16" cy="16" r="3.6" fill="#fff" />
      <path d="M24.46 12.92A9 9 0 1 1 19.08 7.54" fill="none" stroke="#fff" strokeWidth="2.6" strokeLinecap="round" />
      <circle cx="22.36" cy="9.64" r="2.2" fill="#fff" />
    </svg>
  );
}

export function Logo({ className, markClassName }: { className?: string; markClassName?: string }) {
  return (
    <span className={cn('inline-flex items-center gap-2.5', className)}>
      <LogoMark className={markClassName} />
      <span className="text-[15px] font-semibold tracking-[-0.02em] text-foreground">
        Omni<span className="text-primary-text">Reach</span>
      </span>
    </span>
  );
}
