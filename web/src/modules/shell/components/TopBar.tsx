import { Menu, Moon, Search, Sun } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Kbd } from '@/components/ui/kbd';
import { Tooltip } from '@/components/ui/tooltip';
import { useResolvedTheme } from '@/modules/theme/hooks/useResolvedTheme';
import { useThemeStore } from '@/modules/theme/stores/useThemeStore';
import { usePageTitle } from '../hooks/usePageTitle';
import { ConnectionIndicator } from './ConnectionIndicator';
import { useUiStore } from '../stores/useUiStore';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

export function TopBar() {
  const title = usePageTitle();
  const setPaletteOpen = useUiStore((s) => s.setPaletteOpen);
  const setMobileNavOpen = useUiStore((s) => s.setMobileNavOpen);
  const resolved = useResolvedTheme();
  const toggleTheme = useThemeStore((s) => s.toggle);

  return (
    <header className="sticky top-0 z-30 flex h-12 shrink-0 items-center gap-2 border-b border-border bg-background/85 px-3 backdrop-blur supports-[backdrop-filter]:bg-background/70 md:px-6">
      <Button variant="ghost" size="icon" className="md:hidden" onClick={() => setMobileNavOpen(true)} aria-label="Open navigation">
        <Menu aria-hidden />
      </Button>
      <h1 className="min-w-0 flex-1 truncate text-sm font-semibold">{title}</h1>
      <button
        type="button"
        onClick={() => setPaletteOpen(true)}
        className="focus-ring hidden h-8 w-64 items-center gap-2 rounded-md border border-border bg-surface px-2.5 text-[13px] text-muted-foreground transition-colors hover:border-border-strong hover:text-foreground sm:flex"
        aria-label="Open command palette"
        aria-keyshortcuts={isMac ? 'Meta+K' : 'Control+K'}
      >
        <Search className="size-3.5" aria-hidden />
        <span className="flex-1 text-left">Search or jump to…</span>
        <span className="flex gap-0.5">
          <Kbd>{isMac ? '⌘' : 'Ctrl'}</Kbd>
          <Kbd>K</Kbd>
        </span>
      </button>
      <Button variant="ghost" size="icon" className="sm:hidden" onClick={() => setPaletteOpen(true)} aria-label="Open command palette">
        <Search aria-hidden />
      </Button>
      <ConnectionIndicator />
      <Tooltip content={resolved === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'} shortcut={['⇧', 'T']} side="bottom" align="end">
        <Button
          variant="ghost"
          size="icon"
          onClick={toggleTheme}
          aria-label={resolved === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
          data-testid="theme-toggle"
        >
          {resolved === 'dark' ? <Sun aria-hidden /> : <Moon aria-hidden />}
        </Button>
      </Tooltip>
    </header>
  );
}
