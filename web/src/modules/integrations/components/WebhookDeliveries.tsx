import { ErrorState } from '@/components/ErrorState';
import { Badge, type BadgeProps } from '@/components/ui/badge';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { formatDateTime, formatRelative } from '@/lib/format';
import { useWebhookDeliveries } from '../hooks/useWebhookDeliveries';

const STATE_VARIANT: Record<string, NonNullable<BadgeProps['variant']>> = {
  delivered: 'success',
  failed: 'danger',
  sending: 'info',
  queued: 'neutral',
};

/** The endpoint's latest deliveries: state, attempts, the receiver's status code and latency. */
export function WebhookDeliveries({ endpointId }: { endpointId: string }) {
  const deliveries = useWebhookDeliveries(endpointId, true);
  if (deliveries.isPending) {
    return (
      <div className="grid gap-2 py-2" aria-busy="true">
        <Skeleton className="h-4 w-2/3" />
        <Skeleton className="h-4 w-1/2" />
      </div>
    );
  }
  if (deliveries.isError) return <ErrorState compact error={deliveries.error} title="Couldn't load the deliveries" onRetry={() => deliveries.refetch()} />;
  if (deliveries.data.length === 0) {
    return <p className="py-2 text-xs text-muted-foreground">No deliveries yet. Events you subscribed to appear here as they are sent. (“Send test” is not recorded here.)</p>;
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-border">
      <Table aria-label="Recent deliveries">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>Event</TableHead>
            <TableHead>State</TableHead>
            <TableHead className="text-right">Attempts</TableHead>
            <TableHead className="text-right">Response</TableHead>
            <TableHead className="hidden text-right sm:table-cell">Latency</TableHead>
            <TableHead>When</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {deliveries.data.map((d) => (
            <TableRow key={d.id} data-testid="webhook-delivery" data-state={d.state}>
              <TableCell>
                <code className="font-mono text-xs">{d.event}</code>
                {d.last_error && <p className="max-w-[280px] truncate text-xs text-danger" title={d.last_error}>{d.last_error}</p>}
              </TableCell>
              <TableCell>
                <Badge variant={STATE_VARIANT[d.state] ?? 'neutral'}>{d.state}</Badge>
              </TableCell>
              <TableCell className="text-right tabular-nums">{d.attempts}</TableCell>
              <TableCell className="text-right tabular-nums">{d.response_status ?? '—'}</TableCell>
              <TableCell className="hidden text-right tabular-nums sm:table-cell">{d.latency_ms === null ? '—' : `${d.latency_ms} ms`}</TableCell>
              <TableCell className="whitespace-nowrap text-muted-foreground" title={formatDateTime(d.created_at)}>
                {formatRelative(d.created_at)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
