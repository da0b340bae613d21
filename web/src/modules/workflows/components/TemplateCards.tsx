import { FilePlus2, LayoutTemplate } from 'lucide-react';
import { cn } from '@/lib/cn';
import type { WorkflowTemplate } from '../types/workflow';

export const BLANK = '__blank';

/** Choose how to start: one card per template plus a blank canvas. */
export function TemplateCards({ templates, value, onChange }: { templates: WorkflowTemplate[]; value: string; onChange: (key: string) => void }) {
  const cards = [
    ...templates.map((t) => ({ key: t.key, name: t.name, description: t.description, steps: t.graph.nodes.length, icon: LayoutTemplate })),
    { key: BLANK, name: 'Blank', description: 'Start with just the entry step and build it yourself.', steps: 1, icon: FilePlus2 },
  ];
  return (
    <div role="radiogroup" aria-label="Start from" className="grid gap-2 sm:grid-cols-2">
      {cards.map(({ key, name, description, steps, icon: Icon }) => (
        <button
          key={key}
          type="button"
          role="radio"
          aria-checked={value === key}
          data-testid={`template-${key}`}
          onClick={() => onChange(key)}
          className={cn(
            'focus-ring grid gap-1 rounded-lg border p-3 text-left transition-colors hover:bg-hover',
            value === key ? 'border-primary bg-primary-tint/60' : 'border-border bg-surface-raised',
          )}
        >
          <span className="flex items-center gap-2 text-[13px] font-semibold">
            <Icon className="size-4 text-primary-text" aria-hidden />
            {name}
          </span>
          <span className="text-xs leading-4 text-muted-foreground">{description}</span>
          <span className="text-[11px] text-subtle-foreground">{steps} steps</span>
        </button>
      ))}
    </div>
  );
}
