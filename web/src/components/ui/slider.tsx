import { Slider as SliderPrimitive } from 'radix-ui';
import * as React from 'react';
import { cn } from '@/lib/cn';

/** A single-thumb slider. Pass `aria-label` (or `aria-labelledby`); it lands on the thumb. */
export const Slider = React.forwardRef<
  React.ComponentRef<typeof SliderPrimitive.Root>,
  React.ComponentPropsWithoutRef<typeof SliderPrimitive.Root> & { 'aria-label'?: string; 'aria-labelledby'?: string; 'aria-valuetext'?: string }
>(function Slider({ className, 'aria-label': label, 'aria-labelledby': labelledBy, 'aria-valuetext': valueText, ...props }, ref) {
  return (
    <SliderPrimitive.Root ref={ref} className={cn('relative flex h-5 w-full touch-none select-none items-center data-[disabled]:opacity-50', className)} {...props}>
      <SliderPrimitive.Track className="relative h-1.5 w-full grow overflow-hidden rounded-full bg-muted">
        <SliderPrimitive.Range className="absolute h-full bg-gradient-to-r from-primary to-violet-500" />
      </SliderPrimitive.Track>
      <SliderPrimitive.Thumb
        aria-label={label}
        aria-labelledby={labelledBy}
        aria-valuetext={valueText}
        className="focus-ring block size-4 rounded-full border border-primary/60 bg-white shadow-card transition-shadow hover:shadow-float"
      />
    </SliderPrimitive.Root>
  );
});
