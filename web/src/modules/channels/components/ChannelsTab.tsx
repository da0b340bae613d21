import { usePermissions } from '@/modules/auth/hooks/usePermissions';
import { EmailSettingsSection } from './EmailSettingsSection';
import { MailboxesSection } from './MailboxesSection';
import { TwilioSection } from './TwilioSection';

/** Settings → Channels: Twilio (SMS + WhatsApp), sender mailboxes and email settings. Writes are admin-only. */
export function ChannelsTab() {
  const { isAdmin } = usePermissions();
  return (
    <div className="grid gap-10">
      <MailboxesSection isAdmin={isAdmin} />
      <EmailSettingsSection isAdmin={isAdmin} />
      <TwilioSection isAdmin={isAdmin} />
    </div>
  );
}
