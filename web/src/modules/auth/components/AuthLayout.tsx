import type { ReactNode } from 'react';
import { Logo } from '@/components/Logo';

/** Centred card on a calm canvas with a soft brand glow. Used by sign-in and invitations. */
export function AuthLayout({ children, footer }: { children: ReactNode; footer?: ReactNode }) {
  return (
    <div className="relative flex min-h-dvh flex-col items-center justify-center overflow-hidden bg-surface px-4 py-12">
      <div
        aria-hidden
        className="pointer-events-none absolute inset-x-0 top-[-30%] mx-auto h-[640px] max-w-3xl rounded-full bg-[radial-gradient(closest-side,color-mix(in_srgb,var(--primary)_16%,transparent),transparent)]"
      />
      <div
        aria-hidden
        className="pointer-events-none absolute inset-0 bg-[linear-gradient(to_right,var(--border)_1px,transparent_1px),linear-gradient(to_bottom,var(--border)_1px,transparent_1px)] bg-[size:48px_48px] opacity-40 [mask-image:radial-gradient(ellipse_at_top,black_20%,transparent_70%)]"
      />
      <main className="relative w-full max-w-[380px]">
        <div className="mb-8 flex justify-center">
          <Logo markClassName="size-8" />
        </div>
        <div className="rounded-xl border border-border bg-surface-raised p-6 shadow-float sm:p-7">{children}</div>
        {footer && <div className="mt-6 text-center text-xs text-muted-foreground">{footer}</div>}
      </main>
    </div>
  );
}
