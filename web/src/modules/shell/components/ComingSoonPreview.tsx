import { cn } from '@/lib/cn';
import type { PreviewKind } from '../lib/comingSoon';

const bar = 'rounded-full bg-border';

/** A faint wireframe of what the page will look like. Decorative only. */
export function ComingSoonPreview({ kind }: { kind: PreviewKind }) {
  return (
    <div aria-hidden className="relative h-56 overflow-hidden rounded-xl border border-border bg-surface [mask-image:linear-gradient(to_bottom,black_55%,transparent)]">
      {kind === 'inbox' && (
        <div className="grid h-full grid-cols-[38%_1fr]">
          <div className="grid content-start gap-2 border-r border-border p-3">
            {[0, 1, 2, 3, 4].map((i) => (
              <div key={i} className={cn('flex items-center gap-2 rounded-lg p-2', i === 1 && 'bg-primary-tint')}>
                <div className="size-6 shrink-0 rounded-full bg-border" />
                <div className="grid flex-1 gap-1.5">
                  <div className={cn(bar, 'h-2 w-2/3')} />
                  <div className={cn(bar, 'h-1.5 w-full opacity-60')} />
                </div>
              </div>
            ))}
          </div>
          <div className="grid content-start gap-3 p-4">
            <div className="w-3/5 rounded-xl rounded-tl-sm bg-surface-raised p-3 shadow-card ring-1 ring-border">
              <div className={cn(bar, 'h-2 w-full')} />
              <div className={cn(bar, 'mt-2 h-2 w-2/3')} />
            </div>
            <div className="ml-auto w-3/5 rounded-xl rounded-tr-sm bg-primary/15 p-3">
              <div className="h-2 w-full rounded-full bg-primary/30" />
              <div className="mt-2 h-2 w-1/2 rounded-full bg-primary/30" />
            </div>
            <div className="w-2/5 rounded-xl rounded-tl-sm bg-surface-raised p-3 shadow-card ring-1 ring-border">
              <div className={cn(bar, 'h-2 w-full')} />
            </div>
          </div>
        </div>
      )}
      {kind === 'canvas' && (
        <div className="relative h-full bg-[radial-gradient(var(--border)_1px,transparent_1px)] [background-size:16px_16px]">
          {/* Drawn on a 660×224 grid and scaled with the box, so narrow screens see the whole flow. */}
          <svg
            className="absolute inset-0 size-full text-border-strong"
            viewBox="0 0 660 224"
            preserveAspectRatio="none"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.5"
            vectorEffect="non-scaling-stroke"
          >
            <path d="M150 60 C 220 60, 220 110, 290 110" vectorEffect="non-scaling-stroke" />
            <path d="M150 60 C 220 60, 220 170, 290 170" vectorEffect="non-scaling-stroke" />
            <path d="M410 110 C 460 110, 460 140, 510 140" vectorEffect="non-scaling-stroke" />
          </svg>
          {[
            { l: 30, t: 40, w: 120, accent: true },
            { l: 290, t: 90, w: 120 },
            { l: 290, t: 150, w: 120 },
            { l: 510, t: 120, w: 120 },
          ].map((n, i) => (
            <div
              key={i}
              className={cn('absolute flex h-10 items-center gap-2 rounded-lg bg-surface-raised px-2 shadow-card ring-1', n.accent ? 'ring-primary/50' : 'ring-border')}
              style={{ left: `${(n.l / 660) * 100}%`, top: n.t, width: `${(n.w / 660) * 100}%` }}
            >
              <div className={cn('size-4 rounded', n.accent ? 'bg-primary/40' : 'bg-border')} />
              <div className={cn(bar, 'h-2 flex-1')} />
            </div>
          ))}
        </div>
      )}
      {kind === 'cards' && (
        <div className="grid grid-cols-2 gap-3 p-4 sm:grid-cols-3">
          {[0, 1, 2, 3, 4, 5].map((i) => (
            <div key={i} className="grid gap-2.5 rounded-lg bg-surface-raised p-3 shadow-card ring-1 ring-border">
              <div className="flex items-center gap-2">
                <div className={cn('size-7 rounded-lg', i === 0 ? 'bg-primary/30' : 'bg-border')} />
                <div className={cn(bar, 'h-2 w-1/2')} />
              </div>
              <div className={cn(bar, 'h-1.5 w-full opacity-60')} />
              <div className={cn(bar, 'h-1.5 w-3/4 opacity-60')} />
            </div>
          ))}
        </div>
      )}
      {kind === 'chart' && (
        <div className="grid h-full grid-rows-[auto_1fr] gap-3 p-4">
          <div className="grid grid-cols-4 gap-3">
            {[0, 1, 2, 3].map((i) => (
              <div key={i} className="grid gap-2 rounded-lg bg-surface-raised p-3 shadow-card ring-1 ring-border">
                <div className={cn(bar, 'h-1.5 w-1/2 opacity-60')} />
                <div className={cn(bar, 'h-3 w-2/3')} />
              </div>
            ))}
          </div>
          <div className="flex items-end gap-2 rounded-lg bg-surface-raised p-3 shadow-card ring-1 ring-border">
            {[40, 65, 50, 80, 60, 90, 72, 95, 70, 85, 100, 88].map((h, i) => (
              <div key={i} className="flex-1 rounded-t bg-primary/25" style={{ height: `${h}%` }} />
            ))}
          </div>
        </div>
      )}
      {kind === 'docs' && (
        <div className="grid gap-2 p-4">
          {['PDF', 'MD', 'HTML', 'TXT', 'PDF'].map((t, i) => (
            <div key={i} className="flex items-center gap-3 rounded-lg bg-surface-raised p-2.5 shadow-card ring-1 ring-border">
              <div className="flex h-7 w-9 items-center justify-center rounded bg-primary-tint text-[9px] font-bold text-primary-text">{t}</div>
              <div className={cn(bar, 'h-2 w-1/3')} />
              <div className="ml-auto h-1.5 w-24 overflow-hidden rounded-full bg-border">
                <div className="h-full bg-primary/40" style={{ width: `${100 - i * 15}%` }} />
              </div>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
