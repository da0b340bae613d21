import { Activity, Bot, UserRoundPen } from 'lucide-react';
import { Navigate, useNavigate, useParams } from 'react-router';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import { AgentsTab } from './AgentsTab';
import { LlmRequestsTab } from './LlmRequestsTab';
import { PersonasTab } from './PersonasTab';

const TABS = [
  { value: 'agents', label: 'Agents', icon: Bot },
  { value: 'personas', label: 'Personas', icon: UserRoundPen },
  { value: 'requests', label: 'LLM requests', icon: Activity },
] as const;

/** Agents, the personas they write as, and every model call they made. Route `/agents/:tab?`. */
export function AgentsPage() {
  const { tab = 'agents' } = useParams();
  const navigate = useNavigate();
  if (!TABS.some((t) => t.value === tab)) return <Navigate to="/agents" replace />;
  return (
    <div className="mx-auto w-full max-w-[1100px] px-4 py-6 md:px-8 md:py-8">
      <Tabs value={tab} onValueChange={(v) => navigate(v === 'agents' ? '/agents' : `/agents/${v}`, { replace: true })}>
        <TabsList aria-label="Agent sections">
          {TABS.map(({ value, label, icon: Icon }) => (
            <TabsTrigger key={value} value={value}>
              <Icon aria-hidden className="hidden sm:block" />
              {label}
            </TabsTrigger>
          ))}
        </TabsList>
        <TabsContent value="agents">
          <AgentsTab />
        </TabsContent>
        <TabsContent value="personas">
          <PersonasTab />
        </TabsContent>
        <TabsContent value="requests">
          <LlmRequestsTab />
        </TabsContent>
      </Tabs>
    </div>
  );
}
