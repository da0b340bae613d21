import { ChevronsUpDown, LogOut, Monitor, Moon, Settings, Sun, UserRound } from 'lucide-react';
import { useNavigate } from 'react-router';
import { Avatar } from '@/components/ui/avatar';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuShortcut,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { cn } from '@/lib/cn';
import { useMe } from '@/modules/auth/hooks/useMe';
import { useSignOut } from '@/modules/auth/hooks/useSignOut';
import { ROLE_LABELS } from '@/modules/auth/types/auth';
import { useThemeStore, type ThemePreference } from '@/modules/theme/stores/useThemeStore';

export function UserMenu({ collapsed }: { collapsed?: boolean }) {
  const { data } = useMe();
  const preference = useThemeStore((s) => s.preference);
  const setPreference = useThemeStore((s) => s.setPreference);
  const signOut = useSignOut();
  const navigate = useNavigate();
  const user = data?.user;

  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        className={cn(
          'focus-ring flex w-full items-center gap-2.5 rounded-md p-1.5 text-left transition-colors hover:bg-hover data-[state=open]:bg-hover',
          collapsed && 'justify-center',
        )}
        aria-label="Account menu"
      >
        <Avatar name={user?.name ?? user?.email} size="md" className="size-7 text-[11px]" />
        {!collapsed && (
          <>
            <span className="grid min-w-0 flex-1 leading-tight">
              <span className="truncate text-[13px] font-medium">{user?.name}</span>
              <span className="truncate text-xs text-muted-foreground">{user ? ROLE_LABELS[user.role] : ''}</span>
            </span>
            <ChevronsUpDown className="size-3.5 shrink-0 text-subtle-foreground" aria-hidden />
          </>
        )}
      </DropdownMenuTrigger>
      <DropdownMenuContent side={collapsed ? 'right' : 'top'} align={collapsed ? 'end' : 'start'} className="w-60">
        <div className="flex items-center gap-2.5 px-2 py-2">
          <Avatar name={user?.name ?? user?.email} size="md" />
          <div className="grid min-w-0 leading-tight">
            <span className="truncate text-[13px] font-medium">{user?.name}</span>
            <span className="truncate text-xs text-muted-foreground">{user?.email}</span>
          </div>
        </div>
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => navigate('/settings/profile')}>
          <UserRound /> Profile
        </DropdownMenuItem>
        <DropdownMenuItem onSelect={() => navigate('/settings')}>
          <Settings /> Settings
          <DropdownMenuShortcut>G S</DropdownMenuShortcut>
        </DropdownMenuItem>
        <DropdownMenuSeparator />
        <DropdownMenuLabel>Theme</DropdownMenuLabel>
        <DropdownMenuRadioGroup value={preference} onValueChange={(v) => setPreference(v as ThemePreference)}>
          <DropdownMenuRadioItem value="light">
            <Sun /> Light
          </DropdownMenuRadioItem>
          <DropdownMenuRadioItem value="dark">
            <Moon /> Dark
          </DropdownMenuRadioItem>
          <DropdownMenuRadioItem value="system">
            <Monitor /> System
          </DropdownMenuRadioItem>
        </DropdownMenuRadioGroup>
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => void signOut()}>
          <LogOut /> Sign out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
