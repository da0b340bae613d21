import { ArrowDownRight, ArrowUpRight } from 'lucide-react';
import type { Trend } from '../lib/weekOverWeek';

/** "↑ 35% vs prior week" under the weekly KPI. */
export function WeekTrend({ trend }: { trend: Trend }) {
  if (trend.kind === 'none') return <>No new leads in the last two weeks</>;
  if (trend.kind === 'new') return <>None the 7 days before</>;
  if (trend.percent === 0) return <>Same as the prior week</>;
  const up = trend.percent > 0;
  const Icon = up ? ArrowUpRight : ArrowDownRight;
  return (
    <span className="inline-flex items-center gap-1">
      <span className={`inline-flex items-center gap-0.5 font-medium tabular-nums ${up ? 'text-success' : 'text-danger'}`}>
        <Icon className="size-3.5" aria-hidden />
        <span className="sr-only">{up ? 'Up' : 'Down'} </span>
        {Math.abs(trend.percent)}%
      </span>
      vs prior week
    </span>
  );
}
