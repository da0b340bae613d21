import { PanelLeftClose, PanelLeftOpen } from 'lucide-react';
import { NavLink } from 'react-router';
import { LogoMark } from '@/components/Logo';
import { Button } from '@/components/ui/button';
import { Tooltip } from '@/components/ui/tooltip';
import { cn } from '@/lib/cn';
import { useMe } from '@/modules/auth/hooks/useMe';
import { navItems, type NavItem } from '../lib/navItems';
import { UserMenu } from './UserMenu';

function NavEntry({ item, collapsed, onNavigate }: { item: NavItem; collapsed: boolean; onNavigate?: () => void }) {
  const Icon = item.icon;
  const link = (
    <NavLink
      to={item.to}
      end={item.to === '/'}
      onClick={onNavigate}
      className={({ isActive }) =>
        cn(
          'focus-ring group flex h-8 items-center gap-2.5 rounded-md px-2 text-[13px] font-medium transition-colors',
          collapsed && 'justify-center px-0',
          isActive
            ? 'bg-surface-raised text-foreground shadow-[0_0_0_1px_var(--border),0_1px_2px_rgb(0_0_0/0.04)] dark:bg-muted dark:shadow-none'
            : 'text-muted-foreground hover:bg-hover hover:text-foreground',
        )
      }
    >
      {({ isActive }) => (
        <>
          <Icon className={cn('size-4 shrink-0', isActive ? 'text-primary-text' : 'text-subtle-foreground group-hover:text-muted-foreground')} aria-hidden />
          {collapsed ? <span className="sr-only">{item.label}</span> : <span className="truncate">{item.label}</span>}
          {!collapsed && item.soon && (
            <span className="ml-auto rounded px-1 text-[10px] font-medium uppercase tracking-wide text-subtle-foreground">Soon</span>
          )}
        </>
      )}
    </NavLink>
  );
  if (!collapsed) return link;
  return (
    <Tooltip content={item.label} shortcut={['G', item.key]} side="right">
      {link}
    </Tooltip>
  );
}

interface SidebarContentProps {
  collapsed: boolean;
  onToggle?: () => void;
  onNavigate?: () => void;
}

/** The sidebar's insides, shared by the desktop rail and the mobile sheet. */
export function SidebarContent({ collapsed, onToggle, onNavigate }: SidebarContentProps) {
  const { data } = useMe();
  const main = navItems.filter((n) => n.to !== '/settings');
  const settings = navItems.find((n) => n.to === '/settings')!;

  return (
    <div className="flex h-full flex-col">
      <div className={cn('flex h-12 items-center gap-2 px-3', collapsed && 'justify-center px-0')}>
        {collapsed ? (
          <Tooltip content="Expand sidebar" shortcut={['[']} side="right">
            <button
              type="button"
              onClick={onToggle}
              className="focus-ring group relative flex size-8 items-center justify-center rounded-md"
              aria-label="Expand sidebar"
            >
              <LogoMark className="size-6 group-hover:opacity-0" />
              <PanelLeftOpen className="absolute size-4 text-muted-foreground opacity-0 group-hover:opacity-100" aria-hidden />
            </button>
          </Tooltip>
        ) : (
          <>
            <LogoMark className="size-6" />
            <span className="min-w-0 flex-1 truncate text-[13px] font-semibold" title={data?.workspace.name} data-testid="sidebar-workspace-name">
              {data?.workspace.name ?? 'OmniReach'}
            </span>
            {onToggle && (
              <Tooltip content="Collapse sidebar" shortcut={['[']} side="right">
                <Button variant="ghost" size="icon-sm" onClick={onToggle} aria-label="Collapse sidebar">
                  <PanelLeftClose aria-hidden />
                </Button>
              </Tooltip>
            )}
          </>
        )}
      </div>
      <nav aria-label="Main" className={cn('scrollbar-thin flex-1 overflow-y-auto px-2 pt-2', collapsed && 'px-1.5')}>
        <ul className="grid gap-0.5">
          {main.map((item) => (
            <li key={item.to}>
              <NavEntry item={item} collapsed={collapsed} onNavigate={onNavigate} />
            </li>
          ))}
        </ul>
      </nav>
      <div className={cn('grid gap-1 border-t border-border p-2', collapsed && 'px-1.5')}>
        <NavEntry item={settings} collapsed={collapsed} onNavigate={onNavigate} />
        <UserMenu collapsed={collapsed} />
      </div>
    </div>
  );
}
