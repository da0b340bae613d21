import { useQuery } from '@tanstack/react-query';
import { Command } from 'cmdk';
import { Building2, Download, KeyRound, LogOut, MessageCircle, Monitor, Moon, Plug, Plus, RadioTower, Search, Sun, Upload, UserRound } from 'lucide-react';
import { toast } from 'sonner';
import { isApiError } from '@/lib/api/ApiError';
import { exportLeads } from '@/modules/leads/api/exportLeads';
import { Dialog as DialogPrimitive } from 'radix-ui';
import { useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { Avatar } from '@/components/ui/avatar';
import { Kbd } from '@/components/ui/kbd';
import { queryKeys } from '@/lib/queryKeys';
import { useDebouncedValue } from '@/lib/useDebouncedValue';
import { usePermissions } from '@/modules/auth/hooks/usePermissions';
import { useSignOut } from '@/modules/auth/hooks/useSignOut';
import { listLeads } from '@/modules/leads/api/listLeads';
import { defaultFilters } from '@/modules/leads/lib/defaultFilters';
import { useResolvedTheme } from '@/modules/theme/hooks/useResolvedTheme';
import { useThemeStore } from '@/modules/theme/stores/useThemeStore';
import { navItems } from '../lib/navItems';
import { useUiStore } from '../stores/useUiStore';

function Item({
  onSelect,
  icon,
  children,
  shortcut,
  value,
  keywords,
}: {
  onSelect: () => void;
  icon: ReactNode;
  children: ReactNode;
  shortcut?: string[];
  value?: string;
  keywords?: string[];
}) {
  return (
    <Command.Item
      value={value}
      keywords={keywords}
      onSelect={onSelect}
      className="flex h-9 cursor-default select-none items-center gap-2.5 rounded-md px-2 text-[13px] text-foreground outline-none data-[selected=true]:bg-hover [&_svg]:size-4 [&_svg]:shrink-0 [&_svg]:text-muted-foreground"
    >
      {icon}
      <span className="min-w-0 flex-1 truncate">{children}</span>
      {shortcut && (
        <span className="flex gap-0.5">
          {shortcut.map((k, i) => (
            <Kbd key={i}>{k}</Kbd>
          ))}
        </span>
      )}
    </Command.Item>
  );
}

const groupClass =
  'px-1 pb-1 [&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:pb-1 [&_[cmdk-group-heading]]:pt-2 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-medium [&_[cmdk-group-heading]]:text-muted-foreground';

export function CommandPalette() {
  const open = useUiStore((s) => s.paletteOpen);
  const setOpen = useUiStore((s) => s.setPaletteOpen);
  const setCreateLeadOpen = useUiStore((s) => s.setCreateLeadOpen);
  const setImportOpen = useUiStore((s) => s.setImportOpen);
  const { canEdit } = usePermissions();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const resolved = useResolvedTheme();
  const setPreference = useThemeStore((s) => s.setPreference);
  const toggleTheme = useThemeStore((s) => s.toggle);
  const [search, setSearch] = useState('');
  const debounced = useDebouncedValue(search.trim(), 200);

  const leads = useQuery({
    queryKey: queryKeys.leads.search(debounced),
    queryFn: ({ signal }) => listLeads({ ...defaultFilters, q: debounced }, { limit: 6, offset: 0 }, signal),
    enabled: open && debounced.length >= 2,
    staleTime: 10_000,
  });

  // cmdk picks the first item as you type, but leads arrive a moment later: when they do,
  // select the first one so Enter opens the best match rather than whatever was first before.
  const [selected, setSelected] = useState('');
  const firstLeadId = leads.data?.items[0]?.id;
  const [seenFirstLead, setSeenFirstLead] = useState<string | undefined>(undefined);
  if (firstLeadId !== seenFirstLead) {
    setSeenFirstLead(firstLeadId);
    if (firstLeadId) setSelected(`lead-${firstLeadId}`);
  }

  function run(fn: () => void) {
    setOpen(false);
    setSearch('');
    fn();
  }

  return (
    <DialogPrimitive.Root
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) setSearch('');
      }}
    >
      <DialogPrimitive.Portal>
        <DialogPrimitive.Overlay className="fixed inset-0 z-50 bg-zinc-950/30 data-[state=open]:animate-fade-in dark:bg-black/50" />
        <DialogPrimitive.Content
          className="fixed left-1/2 top-[12vh] z-50 w-[calc(100vw-2rem)] max-w-xl -translate-x-1/2 overflow-hidden rounded-xl border border-border bg-popover shadow-float outline-none data-[state=open]:animate-in"
          aria-describedby={undefined}
        >
          <DialogPrimitive.Title className="sr-only">Command palette</DialogPrimitive.Title>
          <Command label="Command palette" loop value={selected} onValueChange={setSelected}>
            <div className="flex items-center gap-2 border-b border-border px-3.5">
              <Search className="size-4 shrink-0 text-muted-foreground" aria-hidden />
              <Command.Input
                value={search}
                onValueChange={setSearch}
                placeholder="Type a command or search leads…"
                className="h-12 flex-1 bg-transparent text-sm outline-none placeholder:text-subtle-foreground"
              />
              <Kbd>Esc</Kbd>
            </div>
            <Command.List className="scrollbar-thin max-h-[min(60vh,420px)] overflow-y-auto py-1">
              <Command.Empty className="px-4 py-8 text-center text-[13px] text-muted-foreground">
                {leads.isFetching ? 'Searching…' : 'No matching commands or leads.'}
              </Command.Empty>

              {leads.data && leads.data.items.length > 0 && (
                <Command.Group heading="Leads" className={groupClass}>
                  {leads.data.items.map((lead) => (
                    <Item
                      key={lead.id}
                      value={`lead-${lead.id}`}
                      keywords={[debounced, lead.full_name, lead.email ?? '', lead.company?.name ?? '']}
                      icon={<Avatar name={lead.full_name || lead.email} size="xs" />}
                      onSelect={() => run(() => navigate(`/leads?lead=${lead.id}`))}
                    >
                      {lead.full_name || lead.email}
                      <span className="ml-2 text-muted-foreground">{lead.company?.name ?? lead.email ?? ''}</span>
                    </Item>
                  ))}
                </Command.Group>
              )}

              <Command.Group heading="Actions" className={groupClass}>
                {canEdit && (
                  <Item icon={<Plus />} shortcut={['C']} onSelect={() => run(() => setCreateLeadOpen(true))}>
                    Create lead
                  </Item>
                )}
                {canEdit && (
                  <Item icon={<Upload />} keywords={['csv', 'upload']} onSelect={() => run(() => setImportOpen(true))}>
                    Import leads from CSV
                  </Item>
                )}
                <Item
                  icon={<Download />}
                  keywords={['csv', 'download']}
                  onSelect={() =>
                    run(() => {
                      const pending = exportLeads(defaultFilters);
                      toast.promise(pending, {
                        loading: 'Preparing the CSV…',
                        success: (name) => `Exported ${name}`,
                        error: (err) => (isApiError(err) ? err.message : "Couldn't export leads."),
                      });
                    })
                  }
                >
                  Export all leads as CSV
                </Item>
                <Item
                  icon={resolved === 'dark' ? <Sun /> : <Moon />}
                  shortcut={['⇧', 'T']}
                  keywords={['theme', 'dark', 'light', 'mode']}
                  onSelect={() => run(toggleTheme)}
                >
                  Toggle theme ({resolved === 'dark' ? 'switch to light' : 'switch to dark'})
                </Item>
                <Item icon={<Monitor />} keywords={['theme', 'system', 'os']} onSelect={() => run(() => setPreference('system'))}>
                  Use system theme
                </Item>
              </Command.Group>

              <Command.Group heading="Go to" className={groupClass}>
                {navItems.map((item) => {
                  const Icon = item.icon;
                  return (
                    <Item key={item.to} icon={<Icon />} shortcut={['G', item.key]} onSelect={() => run(() => navigate(item.to))}>
                      {item.label}
                    </Item>
                  );
                })}
                <Item icon={<KeyRound />} keywords={['api', 'keys', 'token']} onSelect={() => run(() => navigate('/settings/api-keys'))}>
                  API keys
                </Item>
                <Item
                  icon={<UserRound />}
                  keywords={['profile', 'name', 'password', 'account', 'me']}
                  onSelect={() => run(() => navigate('/settings/profile'))}
                >
                  Profile and password
                </Item>
                <Item icon={<Building2 />} keywords={['workspace', 'rename', 'slug']} onSelect={() => run(() => navigate('/settings/workspace'))}>
                  Workspace settings
                </Item>
                <Item icon={<RadioTower />} keywords={['channels', 'twilio', 'sms', 'email', 'mailbox', 'smtp', 'sendgrid']} onSelect={() => run(() => navigate('/settings/channels'))}>
                  Channels: Twilio and mailboxes
                </Item>
                <Item icon={<MessageCircle />} keywords={['whatsapp', 'templates', 'approve']} onSelect={() => run(() => navigate('/settings/whatsapp'))}>
                  WhatsApp templates
                </Item>
                <Item icon={<Plug />} keywords={['integrations', 'calendly', 'cal.com', 'webhooks', 'alerts']} onSelect={() => run(() => navigate('/settings/integrations'))}>
                  Integrations and webhooks
                </Item>
              </Command.Group>

              <Command.Group heading="Account" className={groupClass}>
                <Item icon={<LogOut />} onSelect={() => run(() => void signOut())}>
                  Sign out
                </Item>
              </Command.Group>
            </Command.List>
          </Command>
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  );
}
