import { Suspense, useEffect } from 'react';
import { Outlet, useLocation } from 'react-router';
import { OfflineBanner } from '@/components/OfflineBanner';
import { Sheet, SheetContent, SheetTitle } from '@/components/ui/sheet';
import { cn } from '@/lib/cn';
import { CreateLeadDialog } from '@/modules/leads/components/CreateLeadDialog';
import { ImportWizard } from '@/modules/leads/components/import/ImportWizard';
import { useGlobalShortcuts } from '../hooks/useGlobalShortcuts';
import { usePageTitle } from '../hooks/usePageTitle';
import { useUiStore } from '../stores/useUiStore';
import { CommandPalette } from './CommandPalette';
import { PageLoader } from './PageLoader';
import { RealtimeSync } from './RealtimeSync';
import { SidebarContent } from './SidebarContent';
import { TopBar } from './TopBar';

export function AppShell() {
  const collapsed = useUiStore((s) => s.sidebarCollapsed);
  const toggle = useUiStore((s) => s.toggleSidebar);
  const mobileOpen = useUiStore((s) => s.mobileNavOpen);
  const setMobileOpen = useUiStore((s) => s.setMobileNavOpen);
  const title = usePageTitle();
  const location = useLocation();
  useGlobalShortcuts();

  useEffect(() => {
    document.title = title === 'OmniReach' ? title : `${title} · OmniReach`;
  }, [title]);

  useEffect(() => {
    setMobileOpen(false);
  }, [location.pathname, setMobileOpen]);

  return (
    <div className="flex h-dvh overflow-hidden bg-background">
      <a
        href="#main"
        className="focus-ring sr-only z-[70] rounded-md bg-popover px-3 py-2 text-[13px] shadow-float focus:not-sr-only focus:fixed focus:left-3 focus:top-3"
      >
        Skip to content
      </a>
      <aside
        className={cn(
          'hidden shrink-0 border-r border-border bg-surface transition-[width] duration-200 ease-out md:block',
          collapsed ? 'w-[56px]' : 'w-[232px]',
        )}
        aria-label="Sidebar"
      >
        <SidebarContent collapsed={collapsed} onToggle={toggle} />
      </aside>
      <Sheet open={mobileOpen} onOpenChange={setMobileOpen}>
        <SheetContent side="left" className="bg-surface p-0" hideClose aria-describedby={undefined}>
          <SheetTitle className="sr-only">Navigation</SheetTitle>
          <SidebarContent collapsed={false} onNavigate={() => setMobileOpen(false)} />
        </SheetContent>
      </Sheet>
      <div className="flex min-w-0 flex-1 flex-col">
        <OfflineBanner />
        <TopBar />
        <main id="main" tabIndex={-1} className="scrollbar-thin relative min-h-0 flex-1 overflow-y-auto outline-none">
          <Suspense fallback={<PageLoader />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
      <RealtimeSync />
      <CommandPalette />
      <CreateLeadDialog />
      <ImportWizard />
    </div>
  );
}
