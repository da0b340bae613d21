import { Megaphone, Plus } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorState } from '@/components/ErrorState';
import { PageHeader } from '@/components/PageHeader';
import { SkeletonRows } from '@/components/SkeletonRows';
import { WriteGuard } from '@/components/WriteGuard';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { formatRelative } from '@/lib/format';
import { useWorkflows } from '@/modules/workflows/hooks/useWorkflows';
import { useCampaigns } from '../hooks/useCampaigns';
import { CampaignStatusBadge } from './CampaignStatusBadge';
import { NewCampaignDialog } from './NewCampaignDialog';

/** All campaigns, route `/campaigns`. */
export function CampaignsPage() {
  const campaigns = useCampaigns();
  const workflows = useWorkflows();
  const [creating, setCreating] = useState(false);
  const workflowName = (id: string) => workflows.data?.find((w) => w.id === id)?.name ?? '—';

  const newButton = (
    <WriteGuard>
      <Button variant="primary" onClick={() => setCreating(true)}>
        <Plus aria-hidden />
        New campaign
      </Button>
    </WriteGuard>
  );

  let body;
  if (campaigns.isPending) {
    body = <SkeletonRows />;
  } else if (campaigns.isError) {
    body = <ErrorState error={campaigns.error} title="Couldn't load campaigns" onRetry={() => campaigns.refetch()} retrying={campaigns.isFetching} />;
  } else if (!campaigns.data.length) {
    body = (
      <EmptyState
        icon={Megaphone}
        title="No campaigns yet"
        description="A campaign sends a published workflow to an audience — leads you pick, a segment, or a CSV import — within your sending hours and daily caps."
        action={newButton}
      />
    );
  } else {
    body = (
      <Card className="overflow-hidden p-0">
        <Table>
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead>Name</TableHead>
              <TableHead>Status</TableHead>
              <TableHead className="hidden sm:table-cell">Workflow</TableHead>
              <TableHead className="hidden md:table-cell">Updated</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {campaigns.data.map((c) => (
              <TableRow key={c.id} data-testid="campaign-row">
                <TableCell className="max-w-0 w-1/2">
                  <Link to={`/campaigns/${c.id}`} className="focus-ring block truncate rounded-sm font-medium hover:underline">
                    {c.name}
                  </Link>
                </TableCell>
                <TableCell>
                  <CampaignStatusBadge status={c.status} />
                </TableCell>
                <TableCell className="hidden max-w-0 truncate text-muted-foreground sm:table-cell">
                  {c.workflow_name ?? workflowName(c.workflow_id)}
                  {c.workflow_version ? ` · v${c.workflow_version}` : ''}
                </TableCell>
                <TableCell className="hidden text-muted-foreground md:table-cell">{formatRelative(new Date(c.updated_at))}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Card>
    );
  }

  return (
    <div className="mx-auto grid w-full max-w-[1100px] gap-6 px-4 py-6 md:px-8 md:py-8">
      <PageHeader
        title="Campaigns"
        description="Run a published workflow for an audience, and watch every lead move through it live."
        actions={campaigns.data?.length ? newButton : null}
      />
      {body}
      {creating && <NewCampaignDialog open onOpenChange={setCreating} />}
    </div>
  );
}
