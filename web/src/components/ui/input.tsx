import * as React from 'react';
import { cn } from '@/lib/cn';

export const inputClasses =
  'flex h-8 w-full min-w-0 rounded-md border border-input bg-surface-raised px-2.5 text-[13px] text-foreground shadow-card transition-[border-color,box-shadow] placeholder:text-subtle-foreground focus-visible:border-ring focus-visible:outline-none focus-visible:ring-3 focus-visible:ring-ring/25 disabled:cursor-not-allowed disabled:opacity-50 aria-invalid:border-danger aria-invalid:focus-visible:border-danger aria-invalid:focus-visible:ring-danger/20 file:border-0 file:bg-transparent file:text-[13px] file:font-medium';

export const Input = React.forwardRef<HTMLInputElement, React.InputHTMLAttributes<HTMLInputElement>>(
  function Input({ className, type = 'text', ...props }, ref) {
    return <input ref={ref} type={type} className={cn(inputClasses, className)} {...props} />;
  },
);
