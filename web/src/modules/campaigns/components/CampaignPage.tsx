import { ArrowLeft, ChartNoAxesColumn, FlaskConical, ListChecks, SlidersHorizontal } from 'lucide-react';
import { Link, Navigate, useNavigate, useParams } from 'react-router';
import { ErrorState } from '@/components/ErrorState';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import { usePermissions } from '@/modules/auth/hooks/usePermissions';
import { useVersion } from '@/modules/workflows/hooks/useVersions';
import { useWorkflows } from '@/modules/workflows/hooks/useWorkflows';
import { useCampaignLive } from '../hooks/useCampaignLive';
import { useCampaign } from '../hooks/useCampaigns';
import { useCampaignStats } from '../hooks/useCampaignStats';
import { describeSchedule } from '../lib/schedule';
import type { Campaign } from '../types/campaign';
import { CampaignActions } from './CampaignActions';
import { CampaignCounters } from './CampaignCounters';
import { CampaignGraph } from './CampaignGraph';
import { CampaignSettings } from './CampaignSettings';
import { CampaignStatusBadge } from './CampaignStatusBadge';
import { RunsPanel } from './RunsPanel';
import { SimulationPanel } from './SimulationPanel';

const TABS = [
  { value: 'overview', label: 'Overview', icon: ChartNoAxesColumn },
  { value: 'settings', label: 'Audience & schedule', icon: SlidersHorizontal },
  { value: 'runs', label: 'Runs', icon: ListChecks },
  { value: 'simulate', label: 'Simulate', icon: FlaskConical },
] as const;

/** One campaign, route `/campaigns/:campaignId/:tab?`. */
export function CampaignPage() {
  const { campaignId = '' } = useParams();
  const campaign = useCampaign(campaignId);
  if (campaign.isPending) {
    return (
      <div className="mx-auto grid w-full max-w-[1200px] gap-4 px-4 py-6 md:px-8" aria-busy="true">
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-32" />
        <Skeleton className="h-80" />
      </div>
    );
  }
  if (campaign.isError) return <ErrorState error={campaign.error} title="Couldn't open this campaign" onRetry={() => campaign.refetch()} retrying={campaign.isFetching} />;
  return <CampaignView campaign={campaign.data} />;
}

function CampaignView({ campaign }: { campaign: Campaign }) {
  const { tab = 'overview' } = useParams();
  const navigate = useNavigate();
  const { canEdit } = usePermissions();
  const stats = useCampaignStats(campaign.id);
  const workflows = useWorkflows();
  useCampaignLive(campaign.id);
  const workflow = workflows.data?.find((w) => w.id === campaign.workflow_id);
  // 0 means never published.
  const version = campaign.workflow_version || workflow?.latest_version || null;
  const graph = useVersion(campaign.workflow_id, version);
  const editable = canEdit && (campaign.status === 'draft' || campaign.status === 'paused');
  if (!TABS.some((t) => t.value === tab)) return <Navigate to={`/campaigns/${campaign.id}`} replace />;

  return (
    <div className="mx-auto grid w-full max-w-[1200px] gap-5 px-4 py-6 md:px-8 md:py-8" data-testid="campaign-page" data-status={campaign.status}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="flex min-w-0 items-start gap-2">
          <Button asChild variant="ghost" size="icon" aria-label="Back to campaigns" className="mt-0.5">
            <Link to="/campaigns">
              <ArrowLeft aria-hidden />
            </Link>
          </Button>
          <div className="grid min-w-0 gap-1">
            <h1 className="flex flex-wrap items-center gap-2 text-lg font-semibold">
              <span className="truncate">{campaign.name}</span>
              <CampaignStatusBadge status={campaign.status} />
            </h1>
            <p className="text-[13px] text-muted-foreground">
              <Link to={`/workflows/${campaign.workflow_id}`} className="text-primary-text hover:underline">
                {campaign.workflow_name ?? workflow?.name ?? 'Workflow'}
              </Link>
              {version ? ` · version ${version}${campaign.workflow_version ? '' : ' (at launch: the latest)'}` : ' · not published yet'} · {describeSchedule(campaign.schedule)}
            </p>
          </div>
        </div>
        {canEdit && <CampaignActions campaign={campaign} />}
      </div>
      <Tabs value={tab} onValueChange={(v) => navigate(v === 'overview' ? `/campaigns/${campaign.id}` : `/campaigns/${campaign.id}/${v}`, { replace: true })}>
        <TabsList aria-label="Campaign sections">
          {TABS.map(({ value, label, icon: Icon }) => (
            <TabsTrigger key={value} value={value}>
              <Icon aria-hidden className="hidden sm:block" />
              {label}
            </TabsTrigger>
          ))}
        </TabsList>
        <TabsContent value="overview" className="grid gap-4">
          {stats.isError ? <ErrorState compact error={stats.error} title="Couldn't load the numbers" onRetry={() => stats.refetch()} /> : <CampaignCounters totals={stats.data?.totals} />}
          <Card className="h-[520px] overflow-hidden p-0">
            <CampaignGraph workflowId={campaign.workflow_id} version={version} counts={stats.data?.nodes} />
          </Card>
        </TabsContent>
        <TabsContent value="settings">
          <CampaignSettings key={String(campaign.updated_at)} campaign={campaign} editable={editable} />
        </TabsContent>
        <TabsContent value="runs">
          <RunsPanel campaignId={campaign.id} canEdit={canEdit} />
        </TabsContent>
        <TabsContent value="simulate">
          <SimulationPanel campaignId={campaign.id} graph={graph.data?.graph} />
        </TabsContent>
      </Tabs>
    </div>
  );
}
