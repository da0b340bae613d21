import { Tooltip as TooltipPrimitive } from 'radix-ui';
import * as React from 'react';
import { cn } from '@/lib/cn';

export const TooltipProvider = TooltipPrimitive.Provider;

interface TooltipProps {
  content: React.ReactNode;
  /** Keys shown after the label, e.g. `['G', 'L']`. */
  shortcut?: string[];
  side?: 'top' | 'right' | 'bottom' | 'left';
  align?: 'start' | 'center' | 'end';
  children: React.ReactNode;
  disabled?: boolean;
}

export function Tooltip({ content, shortcut, side = 'top', align = 'center', children, disabled }: TooltipProps) {
  if (disabled) return <>{children}</>;
  return (
    <TooltipPrimitive.Root>
      <TooltipPrimitive.Trigger asChild>{children}</TooltipPrimitive.Trigger>
      <TooltipPrimitive.Portal>
        <TooltipPrimitive.Content
          side={side}
          align={align}
          sideOffset={6}
          className={cn(
            'z-[60] flex max-w-xs items-center gap-2 rounded-md bg-zinc-900 px-2 py-1 text-xs font-medium text-zinc-50 shadow-float data-[state=delayed-open]:animate-fade-in dark:bg-zinc-100 dark:text-zinc-900',
          )}
        >
          <span>{content}</span>
          {shortcut && (
            <span className="flex items-center gap-0.5">
              {shortcut.map((k, i) => (
                <kbd
                  key={i}
                  className="inline-flex h-4 min-w-4 items-center justify-center rounded-[3px] bg-white/15 px-1 font-sans text-[10px] dark:bg-black/10"
                >
                  {k}
                </kbd>
              ))}
            </span>
          )}
        </TooltipPrimitive.Content>
      </TooltipPrimitive.Portal>
    </TooltipPrimitive.Root>
  );
}
