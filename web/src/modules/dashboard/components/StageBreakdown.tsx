import { Link } from 'react-router';
import { formatNumber, formatPercent } from '@/lib/format';
import { stageMeta } from '@/modules/leads/lib/stageMeta';
import { STAGES, type Stage } from '@/modules/leads/types/lead';

export function StageBreakdown({ data, total }: { data: { stage: Stage; count: number }[]; total: number }) {
  const counts = new Map(data.map((d) => [d.stage, d.count]));
  const max = Math.max(1, ...data.map((d) => d.count));
  return (
    <ul className="grid gap-1">
      {STAGES.map((stage) => {
        const count = counts.get(stage) ?? 0;
        const meta = stageMeta[stage];
        return (
          <li key={stage}>
            <Link
              to={`/leads?stage=${stage}`}
              className="focus-ring group grid grid-cols-[92px_1fr_auto] items-center gap-3 rounded-md px-1.5 py-1.5 hover:bg-hover"
              aria-label={`${meta.label}: ${formatNumber(count)} leads`}
            >
              <span className="flex items-center gap-2 text-[13px]">
                <span className={`size-2 rounded-full ${meta.dot}`} aria-hidden />
                {meta.label}
              </span>
              <span className="h-2 overflow-hidden rounded-full bg-muted">
                <span
                  className="block h-full rounded-full transition-[width] duration-500"
                  style={{ width: `${(count / max) * 100}%`, backgroundColor: meta.chart }}
                />
              </span>
              <span className="w-20 text-right text-[13px] tabular-nums">
                {formatNumber(count)} <span className="text-xs text-muted-foreground">· {formatPercent(count, total)}</span>
              </span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
