import { Activity } from 'lucide-react';
import { useState } from 'react';
import { ErrorState } from '@/components/ErrorState';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Label } from '@/components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { formatDateTime, formatNumber, humanize } from '@/lib/format';
import { useAgents } from '../hooks/useAgents';
import { useLlmRequests } from '../hooks/useLlmRequests';
import { formatMs, formatUsd } from '../lib/agentLabels';

const ALL = '__all__';

/** Every model call: provider, tokens, latency, cost, cache hits and errors. */
export function LlmRequestsTab() {
  const [agentId, setAgentId] = useState('');
  const agents = useAgents();
  const requests = useLlmRequests(agentId);
  const total = requests.data?.reduce((sum, r) => sum + (r.cost_usd ?? 0), 0) ?? 0;

  let body;
  if (requests.isPending) {
    body = (
      <div className="grid gap-2 p-5" aria-busy="true">
        {[0, 1, 2, 3, 4].map((i) => (
          <Skeleton key={i} className="h-6" />
        ))}
      </div>
    );
  } else if (requests.isError) {
    body = <ErrorState error={requests.error} title="Couldn't load LLM requests" onRetry={() => requests.refetch()} retrying={requests.isFetching} compact />;
  } else if (!requests.data.length) {
    body = (
      <EmptyState
        icon={Activity}
        title="No requests yet"
        description="Every call to a model — replies, suggestions, tests — is logged here with its tokens, latency and cost. Offline replies aren't model calls."
        compact
      />
    );
  } else {
    body = (
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>When</TableHead>
            <TableHead>Provider · model</TableHead>
            <TableHead>Purpose</TableHead>
            <TableHead>Agent</TableHead>
            <TableHead className="text-right">Tokens in / out</TableHead>
            <TableHead className="text-right">Latency</TableHead>
            <TableHead className="text-right">First token</TableHead>
            <TableHead className="text-right">Cost</TableHead>
            <TableHead>Result</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {requests.data.map((r) => (
            <TableRow key={r.id}>
              <TableCell className="whitespace-nowrap text-muted-foreground">{formatDateTime(typeof r.created_at === 'number' ? new Date(r.created_at) : r.created_at)}</TableCell>
              <TableCell className="max-w-[220px] truncate" title={`${r.provider} · ${r.model}`}>
                {r.provider} · <span className="text-muted-foreground">{r.model}</span>
              </TableCell>
              <TableCell>{humanize(r.purpose ?? '')}</TableCell>
              <TableCell className="max-w-[140px] truncate">{agents.data?.find((a) => a.id === r.agent_id)?.name ?? '—'}</TableCell>
              <TableCell className="text-right">
                {formatNumber(r.prompt_tokens)} / {formatNumber(r.completion_tokens)}
              </TableCell>
              <TableCell className="text-right">{formatMs(r.latency_ms)}</TableCell>
              <TableCell className="text-right">{formatMs(r.ttft_ms)}</TableCell>
              <TableCell className="text-right">{formatUsd(r.cost_usd)}</TableCell>
              <TableCell>
                {r.error ? (
                  <Badge variant="danger" title={r.error}>
                    Error
                  </Badge>
                ) : r.cache_hit ? (
                  <Badge variant="info">Cache hit</Badge>
                ) : (
                  <Badge variant="success">OK</Badge>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    );
  }

  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="grid gap-0.5">
          <h2 className="text-sm font-semibold">LLM requests</h2>
          <p className="text-[13px] text-muted-foreground">
            The latest {requests.data?.length ?? 0} calls{requests.data?.length ? `, ${formatUsd(total, 4)} in total` : ''}.
          </p>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="llm-agent-filter" className="sr-only">
            Agent
          </Label>
          <Select value={agentId || ALL} onValueChange={(v) => setAgentId(v === ALL ? '' : v)}>
            <SelectTrigger id="llm-agent-filter" className="w-[200px]">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={ALL}>All agents</SelectItem>
              {agents.data?.map((a) => (
                <SelectItem key={a.id} value={a.id}>
                  {a.name}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
      </div>
      <Card className="overflow-hidden">{body}</Card>
    </div>
  );
}
