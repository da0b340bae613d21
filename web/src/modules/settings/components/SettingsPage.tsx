import { Building2, KeyRound, MessageCircle, Plug, RadioTower, Sparkles, UserRound, Users } from 'lucide-react';
import { Navigate, useNavigate, useParams } from 'react-router';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import { ChannelsTab } from '@/modules/channels/components/ChannelsTab';
import { WhatsappTemplatesTab } from '@/modules/channels/components/WhatsappTemplatesTab';
import { IntegrationsTab } from '@/modules/integrations/components/IntegrationsTab';
import { AiSettingsTab } from './AiSettingsTab';
import { ApiKeysTab } from './ApiKeysTab';
import { ProfileTab } from './ProfileTab';
import { TeamTab } from './TeamTab';
import { WorkspaceTab } from './WorkspaceTab';

const TABS = [
  { value: 'team', label: 'Team', icon: Users },
  { value: 'api-keys', label: 'API keys', icon: KeyRound },
  { value: 'workspace', label: 'Workspace', icon: Building2 },
  { value: 'channels', label: 'Channels', icon: RadioTower },
  { value: 'whatsapp', label: 'WhatsApp templates', icon: MessageCircle },
  { value: 'integrations', label: 'Integrations', icon: Plug },
  { value: 'ai', label: 'AI', icon: Sparkles },
  { value: 'profile', label: 'Profile', icon: UserRound },
] as const;

export function SettingsPage() {
  const { tab = 'team' } = useParams();
  const navigate = useNavigate();
  if (!TABS.some((t) => t.value === tab)) return <Navigate to="/settings" replace />;

  return (
    <div className="mx-auto w-full max-w-[1000px] px-4 py-6 md:px-8 md:py-8">
      <Tabs value={tab} onValueChange={(v) => navigate(v === 'team' ? '/settings' : `/settings/${v}`, { replace: true })}>
        <TabsList aria-label="Settings sections">
          {TABS.map(({ value, label, icon: Icon }) => (
            <TabsTrigger key={value} value={value}>
              <Icon aria-hidden className="hidden sm:block" />
              {label}
            </TabsTrigger>
          ))}
        </TabsList>
        <TabsContent value="team">
          <TeamTab />
        </TabsContent>
        <TabsContent value="api-keys">
          <ApiKeysTab />
        </TabsContent>
        <TabsContent value="workspace">
          <WorkspaceTab />
        </TabsContent>
        <TabsContent value="channels">
          <ChannelsTab />
        </TabsContent>
        <TabsContent value="whatsapp">
          <WhatsappTemplatesTab />
        </TabsContent>
        <TabsContent value="integrations">
          <IntegrationsTab />
        </TabsContent>
        <TabsContent value="ai">
          <AiSettingsTab />
        </TabsContent>
        <TabsContent value="profile">
          <ProfileTab />
        </TabsContent>
      </Tabs>
    </div>
  );
}
