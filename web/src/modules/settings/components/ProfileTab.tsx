import { LogOut } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { useMe } from '@/modules/auth/hooks/useMe';
import { useSignOut } from '@/modules/auth/hooks/useSignOut';
import { ChangePasswordForm } from './ChangePasswordForm';
import { ProfileForm } from './ProfileForm';
import { SettingsRow } from './SettingsRow';
import { SettingsSection } from './SettingsSection';
import { ThemePicker } from './ThemePicker';

export function ProfileTab() {
  const { data } = useMe();
  const signOut = useSignOut();
  const user = data?.user;
  if (!user) return null;

  return (
    <div className="grid gap-10">
      <SettingsSection title="Profile" description="How you appear to your teammates.">
        {/* Remount with the saved name so the field always starts from the server's value. */}
        <ProfileForm key={`${user.id}:${user.name}`} user={user} />
      </SettingsSection>

      <SettingsSection title="Password" description="Changing it signs you out on every other device.">
        <ChangePasswordForm email={user.email} />
      </SettingsSection>

      <SettingsSection title="Appearance" description="Saved in this browser. System follows your OS setting.">
        <div className="p-5">
          <ThemePicker />
        </div>
      </SettingsSection>

      <SettingsSection title="Session" description="You're signed in on this browser.">
        <SettingsRow label="Sign out" hint="Ends your session here. Other devices stay signed in.">
          <div className="flex sm:justify-end">
            <Button onClick={() => void signOut()}>
              <LogOut aria-hidden /> Sign out
            </Button>
          </div>
        </SettingsRow>
      </SettingsSection>
    </div>
  );
}
