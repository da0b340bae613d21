import { CopyButton } from '@/components/CopyButton';
import { formatDate } from '@/lib/format';
import { useMe } from '@/modules/auth/hooks/useMe';
import { SettingsSection } from './SettingsSection';
import { ThemePicker } from './ThemePicker';

function Row({ label, children, hint }: { label: string; children: React.ReactNode; hint?: string }) {
  return (
    <div className="grid gap-1 px-5 py-3.5 sm:grid-cols-[200px_1fr] sm:items-center sm:gap-6">
      <div className="grid">
        <dt className="text-[13px] font-medium">{label}</dt>
        {hint && <span className="text-xs text-muted-foreground">{hint}</span>}
      </div>
      <dd className="min-w-0 text-[13px]">{children}</dd>
    </div>
  );
}

export function WorkspaceTab() {
  const { data } = useMe();
  const ws = data?.workspace;
  if (!ws) return null;
  return (
    <div className="grid gap-10">
      <SettingsSection title="Workspace" description="The tenant your leads, team and keys belong to.">
        <dl className="divide-y divide-border">
          <Row label="Name">
            <span className="font-medium">{ws.name}</span>
          </Row>
          <Row label="Slug" hint="Used in URLs and exports">
            <code className="font-mono text-xs">{ws.slug}</code>
          </Row>
          <Row label="Workspace ID" hint="For API calls and support">
            <span className="flex items-center gap-2">
              <code className="truncate font-mono text-xs text-muted-foreground">{ws.id}</code>
              <CopyButton value={ws.id} size="sm" variant="ghost" />
            </span>
          </Row>
          <Row label="Created">{formatDate(ws.created_at)}</Row>
        </dl>
      </SettingsSection>
      <section className="grid gap-3">
        <div className="grid gap-0.5">
          <h2 className="text-sm font-semibold">Appearance</h2>
          <p className="text-[13px] text-muted-foreground">Saved in this browser. System follows your OS setting.</p>
        </div>
        <ThemePicker />
      </section>
    </div>
  );
}
