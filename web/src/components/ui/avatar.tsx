import * as React from 'react';
import { cn } from '@/lib/cn';
import { initials } from '@/lib/format';

// Calm, distinguishable hues for initials; picked by a stable hash of the name.
const HUES = [250, 280, 200, 160, 30, 340, 220, 130];

function hashString(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return Math.abs(h);
}

interface AvatarProps extends React.HTMLAttributes<HTMLSpanElement> {
  name: string | null | undefined;
  size?: 'xs' | 'sm' | 'md' | 'lg';
}

const SIZES = {
  xs: 'size-5 text-[9px]',
  sm: 'size-6 text-[10px]',
  md: 'size-8 text-xs',
  lg: 'size-11 text-sm',
};

export function Avatar({ name, size = 'sm', className, ...props }: AvatarProps) {
  const hue = HUES[hashString(name ?? '') % HUES.length];
  return (
    <span
      role="img"
      aria-label={name ?? 'Unknown'}
      className={cn(
        'inline-flex shrink-0 select-none items-center justify-center rounded-full font-semibold uppercase tracking-tight',
        'bg-[hsl(var(--avatar-h)_70%_92%)] text-[hsl(var(--avatar-h)_45%_32%)] dark:bg-[hsl(var(--avatar-h)_30%_22%)] dark:text-[hsl(var(--avatar-h)_70%_82%)]',
        SIZES[size],
        className,
      )}
      style={{ '--avatar-h': hue } as React.CSSProperties}
      {...props}
    >
      {initials(name)}
    </span>
  );
}
