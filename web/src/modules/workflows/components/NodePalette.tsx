import { cn } from '@/lib/cn';
import { PALETTE_GROUPS, STEP_META } from '../lib/stepCatalog';
import type { StepType } from '../types/graph';

/** The drag payload's type: the canvas accepts drops carrying it. */
export const STEP_DRAG_TYPE = 'application/x-omnireach-step';

/** The left-hand list of steps: drag one onto the canvas, or click (Enter) to add it. */
export function NodePalette({ onAdd, disabled, className }: { onAdd: (type: StepType) => void; disabled: boolean; className?: string }) {
  return (
    <nav aria-label="Steps" className={cn('grid content-start gap-4 p-3', className)}>
      {PALETTE_GROUPS.map((group) => (
        <section key={group.label} className="grid gap-1">
          <h3 className="px-1.5 text-[11px] font-medium uppercase tracking-wide text-muted-foreground">{group.label}</h3>
          <ul className="grid gap-0.5">
            {group.types.map((type) => {
              const meta = STEP_META[type];
              const Icon = meta.icon;
              return (
                <li key={type}>
                  <button
                    type="button"
                    draggable={!disabled}
                    disabled={disabled}
                    data-testid={`palette-${type}`}
                    title={meta.description}
                    aria-label={`Add ${meta.label}: ${meta.description}`}
                    onDragStart={(e) => {
                      e.dataTransfer.setData(STEP_DRAG_TYPE, type);
                      e.dataTransfer.effectAllowed = 'move';
                    }}
                    onClick={() => onAdd(type)}
                    className="focus-ring flex h-9 w-full cursor-grab items-center gap-2 rounded-md px-1.5 text-left text-[13px] hover:bg-hover active:cursor-grabbing disabled:cursor-not-allowed disabled:opacity-50"
                  >
                    <span className={cn('flex size-6 shrink-0 items-center justify-center rounded-md', meta.tone)}>
                      <Icon className="size-3.5" aria-hidden />
                    </span>
                    <span className="truncate">{meta.label}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </nav>
  );
}
