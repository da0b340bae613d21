import { ArrowRight, Building2, FileSpreadsheet, Plus, TrendingUp, Upload, Users, UsersRound } from 'lucide-react';
import { Link } from 'react-router';
import { ErrorState } from '@/components/ErrorState';
import { WriteGuard } from '@/components/WriteGuard';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { formatNumber } from '@/lib/format';
import { useMe } from '@/modules/auth/hooks/useMe';
import { useUiStore } from '@/modules/shell/stores/useUiStore';
import { useDashboard } from '../hooks/useDashboard';
import { ContactableChannels } from './ContactableChannels';
import { DashboardSkeleton } from './DashboardSkeleton';
import { KpiCard } from './KpiCard';
import { LeadsAddedChart } from './LeadsAddedChart';
import { RecentLeads } from './RecentLeads';
import { StageBreakdown } from './StageBreakdown';
import { WeekTrend } from './WeekTrend';
import { weekOverWeek } from '../lib/weekOverWeek';

function greeting(now = new Date()): string {
  const h = now.getHours();
  if (h < 5) return 'Good evening';
  if (h < 12) return 'Good morning';
  if (h < 18) return 'Good afternoon';
  return 'Good evening';
}

export function DashboardPage() {
  const me = useMe();
  const dashboard = useDashboard();
  const setImportOpen = useUiStore((s) => s.setImportOpen);
  const setCreateOpen = useUiStore((s) => s.setCreateLeadOpen);
  const d = dashboard.data;
  const firstName = me.data?.user.name.split(' ')[0];

  return (
    <div className="mx-auto grid w-full max-w-[1200px] gap-6 px-4 py-6 md:px-8 md:py-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="grid gap-1">
          <h2 className="text-xl font-semibold tracking-tight">
            {greeting()}
            {firstName ? `, ${firstName}` : ''}
          </h2>
          <p className="text-[13px] text-muted-foreground">Here's the state of the pipeline in {me.data?.workspace.name ?? 'your workspace'}.</p>
        </div>
        <div className="flex gap-2">
          <WriteGuard>
            <Button onClick={() => setImportOpen(true)}>
              <Upload aria-hidden /> Import CSV
            </Button>
          </WriteGuard>
          <WriteGuard>
            <Button variant="primary" onClick={() => setCreateOpen(true)}>
              <Plus aria-hidden /> New lead
            </Button>
          </WriteGuard>
        </div>
      </div>

      {dashboard.isPending ? (
        <DashboardSkeleton />
      ) : dashboard.isError ? (
        <Card>
          <ErrorState error={dashboard.error} title="Couldn't load the dashboard" onRetry={() => dashboard.refetch()} retrying={dashboard.isFetching} />
        </Card>
      ) : (
        <>
          <section aria-label="Key numbers" className="grid grid-cols-2 gap-3 sm:gap-4 xl:grid-cols-4">
            <KpiCard
              label="Total leads"
              value={formatNumber(d!.leads_total)}
              icon={Users}
              testId="kpi-leads-total"
              footer={d!.do_not_contact ? `${formatNumber(d!.do_not_contact)} marked do not contact` : 'Everyone is contactable'}
            />
            <KpiCard
              label="Added last 7 days"
              value={formatNumber(d!.leads_added_7d)}
              icon={TrendingUp}
              footer={<WeekTrend trend={weekOverWeek(d!.leads_added_by_day)} />}
            />
            <KpiCard label="Companies" value={formatNumber(d!.companies_total)} icon={Building2} footer="Accounts linked to leads" />
            <KpiCard
              label="Team"
              value={formatNumber(d!.team_size)}
              icon={UsersRound}
              footer={
                <Link to="/settings/team" className="focus-ring rounded-sm hover:text-foreground">
                  Manage team →
                </Link>
              }
            />
          </section>

          {d!.leads_total === 0 ? (
            <Card>
              <EmptyState
                icon={FileSpreadsheet}
                title="Your pipeline is empty"
                description="Import a CSV of leads — we'll map columns, normalise phone numbers and skip duplicates — or add your first lead by hand."
                action={
                  <>
                    <WriteGuard>
                      <Button variant="primary" onClick={() => setImportOpen(true)}>
                        <Upload aria-hidden /> Import CSV
                      </Button>
                    </WriteGuard>
                    <WriteGuard>
                      <Button onClick={() => setCreateOpen(true)}>Add a lead</Button>
                    </WriteGuard>
                  </>
                }
              />
            </Card>
          ) : (
            <>
              <div className="grid gap-4 lg:grid-cols-3">
                <Card className="lg:col-span-2">
                  <CardHeader>
                    <div className="grid gap-0.5">
                      <CardTitle>Leads added</CardTitle>
                      <CardDescription>Last 30 days</CardDescription>
                    </div>
                    <span className="text-right text-[13px] leading-5 text-muted-foreground tabular-nums">
                      <span className="font-medium text-foreground">{formatNumber(d!.leads_added_by_day.reduce((s, p) => s + p.count, 0))}</span> added
                    </span>
                  </CardHeader>
                  <CardContent>
                    <LeadsAddedChart points={d!.leads_added_by_day} />
                  </CardContent>
                </Card>
                <Card>
                  <CardHeader>
                    <div className="grid gap-0.5">
                      <CardTitle>Pipeline by stage</CardTitle>
                      <CardDescription>Click a stage to see its leads</CardDescription>
                    </div>
                  </CardHeader>
                  <CardContent className="px-3.5">
                    <StageBreakdown data={d!.leads_by_stage} total={d!.leads_total} />
                  </CardContent>
                </Card>
              </div>
              <div className="grid gap-4 lg:grid-cols-3">
                <Card>
                  <CardHeader>
                    <div className="grid gap-0.5">
                      <CardTitle>Contactable by channel</CardTitle>
                      <CardDescription>Leads with consent granted</CardDescription>
                    </div>
                  </CardHeader>
                  <CardContent className="px-3.5">
                    <ContactableChannels data={d!.contactable} total={d!.leads_total} />
                  </CardContent>
                </Card>
                <Card className="lg:col-span-2">
                  <CardHeader>
                    <div className="grid gap-0.5">
                      <CardTitle>Recently added</CardTitle>
                      <CardDescription>The newest leads in the workspace</CardDescription>
                    </div>
                    <Button asChild variant="ghost" size="sm">
                      <Link to="/leads">
                        All leads <ArrowRight aria-hidden />
                      </Link>
                    </Button>
                  </CardHeader>
                  <CardContent>
                    <RecentLeads leads={d!.recent_leads} />
                  </CardContent>
                </Card>
              </div>
            </>
          )}
        </>
      )}
    </div>
  );
}
