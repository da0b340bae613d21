import { useQuery } from '@tanstack/react-query';
import { CircleCheck, CircleX, Download } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { ErrorState } from '@/components/ErrorState';
import { Button } from '@/components/ui/button';
import { Progress } from '@/components/ui/progress';
import { Skeleton } from '@/components/ui/skeleton';
import { Spinner } from '@/components/ui/spinner';
import { isApiError } from '@/lib/api/ApiError';
import { cn } from '@/lib/cn';
import { formatNumber, humanize } from '@/lib/format';
import { queryKeys } from '@/lib/queryKeys';
import { downloadImportReport } from '../../api/downloadImportReport';
import { listImportRejections } from '../../api/listImportRejections';
import { headerForField } from '../../lib/importMapping';
import type { ColumnMapping, ImportJob } from '../../types/importJob';

const TILES = [
  { key: 'created', label: 'Created', tone: 'text-success' },
  { key: 'merged', label: 'Merged', tone: 'text-info' },
  { key: 'unchanged', label: 'Unchanged', tone: 'text-muted-foreground' },
  { key: 'rejected', label: 'Rejected', tone: 'text-danger' },
] as const;

const TILE_HINTS = {
  created: 'New leads',
  merged: 'Updated existing leads',
  unchanged: 'Already up to date',
  rejected: 'Skipped, see below',
};

function Rejections({ job, mapping }: { job: ImportJob; mapping: ColumnMapping }) {
  const [downloading, setDownloading] = useState(false);
  const rejections = useQuery({
    queryKey: queryKeys.imports.rejections(job.id),
    queryFn: ({ signal }) => listImportRejections(job.id, signal),
  });

  return (
    <section className="grid gap-2" aria-labelledby="rejections-title">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id="rejections-title" className="text-[13px] font-medium">
          Rejected rows
        </h3>
        <Button
          size="sm"
          loading={downloading}
          onClick={async () => {
            setDownloading(true);
            try {
              await downloadImportReport(job.id, job.filename);
            } catch (err) {
              toast.error(isApiError(err) ? err.message : "Couldn't download the report.");
            } finally {
              setDownloading(false);
            }
          }}
        >
          {!downloading && <Download aria-hidden />}
          Download report
        </Button>
      </div>
      {rejections.isPending ? (
        <div className="grid gap-2">
          <Skeleton className="h-8" />
          <Skeleton className="h-8" />
        </div>
      ) : rejections.isError ? (
        <ErrorState compact error={rejections.error} title="Couldn't load the rejected rows" onRetry={() => rejections.refetch()} />
      ) : (
        <div className="scrollbar-thin max-h-64 overflow-auto rounded-lg border border-border">
          <table className="w-full text-[13px]" data-testid="rejections-table">
            <thead className="sticky top-0 bg-surface">
              <tr className="border-b border-border">
                <th scope="col" className="w-16 px-3 py-2 text-left text-xs font-medium text-muted-foreground">
                  Row
                </th>
                <th scope="col" className="px-3 py-2 text-left text-xs font-medium text-muted-foreground">
                  Problem
                </th>
                <th scope="col" className="px-3 py-2 text-left text-xs font-medium text-muted-foreground">
                  Value
                </th>
              </tr>
            </thead>
            <tbody>
              {rejections.data.map((r) => {
                const header = headerForField(mapping, r.field);
                const value = header ? r.raw?.[header] : null;
                return (
                  <tr key={`${r.row_number}-${r.field}`} className="border-b border-border last:border-0">
                    <td className="px-3 py-2 align-top tabular-nums text-muted-foreground">{r.row_number}</td>
                    <td className="px-3 py-2 align-top">
                      {r.field && <span className="font-medium">{humanize(r.field)}: </span>}
                      {r.reason}
                    </td>
                    <td className="max-w-[200px] truncate px-3 py-2 align-top font-mono text-xs text-muted-foreground" title={value ?? undefined}>
                      {value || Object.values(r.raw ?? {}).filter(Boolean).slice(0, 2).join(', ') || '—'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

interface Props {
  job: ImportJob | undefined;
  startError: unknown;
  pollError: unknown;
  mapping: ColumnMapping;
}

export function ImportProgressStep({ job, startError, pollError, mapping }: Props) {
  if (startError) {
    return <ErrorState error={startError} title="The import didn't start" compact />;
  }
  if (!job) {
    return (
      <div className="flex flex-col items-center gap-3 py-12" role="status">
        <Spinner className="size-6 text-primary-text" />
        <p className="text-[13px] text-muted-foreground">Uploading and starting the import…</p>
      </div>
    );
  }
  const finished = job.status === 'completed' || job.status === 'failed';
  const pct = job.total_rows ? Math.round((job.processed_rows / job.total_rows) * 100) : finished ? 100 : 0;

  return (
    <div className="grid gap-5 pb-3">
      <div className="grid gap-3">
        <div className="flex items-center gap-3">
          {job.status === 'completed' ? (
            <CircleCheck className="size-5 text-success" aria-hidden />
          ) : job.status === 'failed' ? (
            <CircleX className="size-5 text-danger" aria-hidden />
          ) : (
            <Spinner className="size-5 text-primary-text" label="Importing" />
          )}
          <div className="grid flex-1">
            <h3 className="text-sm font-semibold" data-testid="import-status">
              {job.status === 'completed'
                ? 'Import complete'
                : job.status === 'failed'
                  ? 'Import failed'
                  : job.status === 'queued'
                    ? 'Waiting to start…'
                    : 'Importing leads…'}
            </h3>
            <p className="text-[13px] text-muted-foreground tabular-nums" aria-live="polite" aria-atomic="true">
              {formatNumber(job.processed_rows)} of {formatNumber(job.total_rows)} rows processed
              {!finished && ` · ${pct}%`}
            </p>
          </div>
        </div>
        <Progress
          value={job.processed_rows}
          max={job.total_rows || 1}
          tone={job.status === 'failed' ? 'danger' : job.status === 'completed' ? 'success' : 'brand'}
          aria-label="Import progress"
        />
        {job.status === 'failed' && (
          <p role="alert" className="rounded-lg border border-danger/25 bg-danger-tint px-3 py-2 text-[13px] text-danger">
            {job.error || 'The import stopped unexpectedly.'} Rows processed before the failure were kept.
          </p>
        )}
        {!!pollError && !finished && (
          <p className="text-xs text-warning">Lost contact with the server — retrying. The import keeps running on the server.</p>
        )}
      </div>

      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        {TILES.map((t) => (
          <div key={t.key} className="rounded-lg border border-border bg-surface px-3 py-2.5">
            <dt className="text-xs text-muted-foreground">{t.label}</dt>
            <dd className={cn('text-xl font-semibold tabular-nums', job[t.key] > 0 ? t.tone : 'text-foreground')} data-testid={`import-count-${t.key}`}>
              {formatNumber(job[t.key])}
            </dd>
            <dd className="text-[11px] text-muted-foreground">{TILE_HINTS[t.key]}</dd>
          </div>
        ))}
      </dl>

      {finished && job.rejected > 0 && <Rejections job={job} mapping={mapping} />}
    </div>
  );
}
