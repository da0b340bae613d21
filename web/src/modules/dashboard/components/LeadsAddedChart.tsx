import { useId, useMemo } from 'react';
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import type { NameType, ValueType } from 'recharts/types/component/DefaultTooltipContent';
import { formatNumber } from '@/lib/format';
import { useResolvedTheme } from '@/modules/theme/hooks/useResolvedTheme';
import { fillDays } from '../lib/fillDays';

function label(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

function ChartTooltip({ active, payload }: TooltipContentProps<ValueType, NameType>) {
  if (!active || !payload?.length) return null;
  const p = payload[0].payload as { date: string; count: number };
  return (
    <div className="rounded-md border border-border bg-popover px-2.5 py-1.5 text-xs shadow-float">
      <div className="text-muted-foreground">{label(p.date)}</div>
      <div className="font-semibold tabular-nums">
        {formatNumber(p.count)} {p.count === 1 ? 'lead' : 'leads'}
      </div>
    </div>
  );
}

export function LeadsAddedChart({ points }: { points: { date: string; count: number }[] }) {
  const id = useId().replace(/:/g, '');
  const theme = useResolvedTheme();
  const data = useMemo(() => fillDays(points, 30), [points]);
  const total = data.reduce((s, d) => s + d.count, 0);
  // Weekly ticks counted back from today, so the newest day is always labelled.
  const ticks = useMemo(() => data.filter((_, i) => (data.length - 1 - i) % 7 === 0).map((d) => d.date), [data]);
  const colour = theme === 'dark' ? '#8b8bf5' : '#5b5bd6';
  const grid = theme === 'dark' ? '#232328' : '#ececef';
  const axis = theme === 'dark' ? '#a1a1aa' : '#66666f';

  return (
    <figure className="h-56 w-full" aria-label={`Leads added per day over the last 30 days: ${formatNumber(total)} in total.`}>
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={data} margin={{ top: 8, right: 20, bottom: 0, left: -12 }}>
          <defs>
            <linearGradient id={`${id}-fill`} x1="0" y1="0" x2="0" y2="1">
              <stop offset="0%" stopColor={colour} stopOpacity={0.28} />
              <stop offset="100%" stopColor={colour} stopOpacity={0} />
            </linearGradient>
          </defs>
          <CartesianGrid vertical={false} stroke={grid} />
          <XAxis
            dataKey="date"
            tickFormatter={label}
            tickLine={false}
            axisLine={false}
            ticks={ticks}
            interval={0}
            tick={{ fontSize: 11, fill: axis }}
            tickMargin={8}
          />
          <YAxis allowDecimals={false} tickLine={false} axisLine={false} tick={{ fontSize: 11, fill: axis }} width={40} />
          <Tooltip content={ChartTooltip} cursor={{ stroke: grid, strokeWidth: 1 }} />
          <Area
            type="monotone"
            dataKey="count"
            stroke={colour}
            strokeWidth={2}
            fill={`url(#${id}-fill)`}
            isAnimationActive={!window.matchMedia?.('(prefers-reduced-motion: reduce)').matches}
            animationDuration={500}
          />
        </AreaChart>
      </ResponsiveContainer>
    </figure>
  );
}
