import * as React from 'react';
import { cn } from '@/lib/cn';
import { inputClasses } from './input';

export const Textarea = React.forwardRef<HTMLTextAreaElement, React.TextareaHTMLAttributes<HTMLTextAreaElement>>(
  function Textarea({ className, rows = 3, ...props }, ref) {
    return <textarea ref={ref} rows={rows} className={cn(inputClasses, 'h-auto min-h-16 py-1.5 leading-5', className)} {...props} />;
  },
);
