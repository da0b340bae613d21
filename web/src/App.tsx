import { RouterProvider } from 'react-router';
import { Toaster } from 'sonner';
import { TooltipProvider } from '@/components/ui/tooltip';
import { useResolvedTheme } from '@/modules/theme/hooks/useResolvedTheme';
import { ThemeSync } from '@/modules/theme/components/ThemeSync';
import type { router as appRouter } from './router';

export function App({ router }: { router: typeof appRouter }) {
  const theme = useResolvedTheme();
  return (
    <TooltipProvider delayDuration={400} skipDelayDuration={150}>
      <ThemeSync />
      <RouterProvider router={router} />
      <Toaster
        theme={theme}
        position="bottom-right"
        closeButton
        toastOptions={{
          classNames: {
            toast: '!rounded-lg !border-border !bg-popover !text-foreground !shadow-float !text-[13px]',
            description: '!text-muted-foreground',
            actionButton: '!bg-primary !text-primary-foreground',
          },
        }}
      />
    </TooltipProvider>
  );
}
