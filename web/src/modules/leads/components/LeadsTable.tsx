import { createColumnHelper, flexRender, getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { ArrowDown, ArrowUp, ChevronsUpDown } from 'lucide-react';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Avatar } from '@/components/ui/avatar';
import { Skeleton } from '@/components/ui/skeleton';
import { Tooltip } from '@/components/ui/tooltip';
import { cn } from '@/lib/cn';
import { formatDate, formatDateTime } from '@/lib/format';
import { useMediaQuery } from '@/lib/useMediaQuery';
import type { Lead, SortField, SortValue } from '../types/lead';
import { ConsentIcons } from './ConsentIcons';
import { StageBadge } from './StageBadge';

export const ROW_HEIGHT = 40;

interface ColumnMeta {
  sortField?: SortField;
  /** Default direction on first click: dates newest first, text A→Z. */
  firstDesc?: boolean;
  width: string;
  /** Shown on narrow screens, with this width. */
  compactWidth?: string;
  /** Hidden on medium screens (tablets, small laptops) rather than scrolling sideways. */
  wideOnly?: boolean;
  align?: 'right';
}

const col = createColumnHelper<Lead>();

const columns = [
  col.accessor('full_name', {
    id: 'name',
    header: 'Name',
    meta: { sortField: 'name', width: 'minmax(220px,2.2fr)', compactWidth: 'minmax(0,1fr)' } satisfies ColumnMeta,
    cell: ({ row }) => {
      const l = row.original;
      const name = l.full_name || l.email || l.phone || 'Unnamed lead';
      return (
        <div className="flex min-w-0 items-center gap-2.5">
          <Avatar name={name} size="sm" />
          <div className="grid min-w-0 leading-[1.15]">
            <span className="truncate font-medium text-foreground">{name}</span>
            <span className="truncate text-xs text-muted-foreground">{l.full_name ? (l.email ?? l.phone ?? '') : (l.title ?? '')}</span>
          </div>
        </div>
      );
    },
  }),
  col.accessor((l) => l.company?.name ?? '', {
    id: 'company',
    header: 'Company',
    meta: { sortField: 'company', width: 'minmax(150px,1.4fr)' } satisfies ColumnMeta,
    cell: ({ row }) => {
      const l = row.original;
      return l.company ? (
        <div className="grid min-w-0 leading-[1.15]">
          <span className="truncate">{l.company.name}</span>
          {l.title && <span className="truncate text-xs text-muted-foreground">{l.title}</span>}
        </div>
      ) : (
        <span className="text-subtle-foreground">—</span>
      );
    },
  }),
  col.accessor('stage', {
    header: 'Stage',
    meta: { sortField: 'stage', width: '120px', compactWidth: '112px' } satisfies ColumnMeta,
    cell: ({ getValue }) => <StageBadge stage={getValue()} />,
  }),
  col.accessor('tags', {
    header: 'Tags',
    meta: { width: 'minmax(150px,1.3fr)', wideOnly: true } satisfies ColumnMeta,
    cell: ({ getValue }) => {
      const tags = getValue();
      if (!tags.length) return <span className="text-subtle-foreground">—</span>;
      const shown = tags.slice(0, 2);
      return (
        <div className="flex min-w-0 items-center gap-1" title={tags.join(', ')}>
          {shown.map((t) => (
            <span key={t} className="inline-flex h-5 max-w-[110px] items-center truncate rounded-md border border-border px-1.5 text-xs text-muted-foreground">
              {t}
            </span>
          ))}
          {tags.length > 2 && <span className="text-xs text-muted-foreground tabular-nums">+{tags.length - 2}</span>}
        </div>
      );
    },
  }),
  col.accessor((l) => l.owner?.name ?? '', {
    id: 'owner',
    header: 'Owner',
    meta: { width: 'minmax(64px,0.8fr)', wideOnly: true } satisfies ColumnMeta,
    cell: ({ row }) => {
      const owner = row.original.owner;
      if (!owner) return <span className="text-subtle-foreground">—</span>;
      // Initials alone are ambiguous in a team; show the first name where there is room.
      return (
        <div className="@container w-full min-w-0">
          <Tooltip content={owner.name}>
            <span className="inline-flex max-w-full items-center gap-2">
              <Avatar name={owner.name} size="sm" />
              <span className="hidden truncate text-[13px] @[88px]:inline">{owner.name.split(' ')[0]}</span>
            </span>
          </Tooltip>
        </div>
      );
    },
  }),
  col.display({
    id: 'channels',
    header: 'Channels',
    meta: { width: '168px' } satisfies ColumnMeta,
    cell: ({ row }) => <ConsentIcons lead={row.original} />,
  }),
  col.accessor('created_at', {
    header: 'Created',
    meta: { sortField: 'created_at', firstDesc: true, width: '96px', compactWidth: '80px', align: 'right' } satisfies ColumnMeta,
    cell: ({ getValue }) => (
      <span className="whitespace-nowrap text-muted-foreground tabular-nums" title={formatDateTime(getValue())}>
        {formatDate(getValue())}
      </span>
    ),
  }),
] as ColumnDef<Lead, unknown>[];

const columnId = (c: ColumnDef<Lead, unknown>) => c.id ?? (c as { accessorKey?: string }).accessorKey ?? '';
const COMPACT_VISIBILITY = Object.fromEntries(columns.map((c) => [columnId(c), !!(c.meta as ColumnMeta).compactWidth]));
const MEDIUM_VISIBILITY = Object.fromEntries(columns.map((c) => [columnId(c), !(c.meta as ColumnMeta).wideOnly]));

interface LeadsTableProps {
  leads: Lead[];
  total: number;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => void;
  sort: SortValue;
  onSortChange: (sort: SortValue) => void;
  onOpen: (lead: Lead) => void;
  activeId: string | null;
  loading?: boolean;
}

export function LeadsTable({
  leads,
  total,
  hasNextPage,
  isFetchingNextPage,
  fetchNextPage,
  sort,
  onSortChange,
  onOpen,
  activeId,
  loading,
}: LeadsTableProps) {
  const compact = !useMediaQuery('(min-width: 768px)');
  const wide = useMediaQuery('(min-width: 1280px)');
  const medium = !compact && !wide;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [focusIndex, setFocusIndex] = useState(0);
  const focusPending = useRef(false);

  // TanStack Table returns fresh functions each render; React Compiler skips this component.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: leads,
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    state: { columnVisibility: compact ? COMPACT_VISIBILITY : medium ? MEDIUM_VISIBILITY : {} },
  });

  const visible = table.getVisibleLeafColumns();
  const template = visible
    .map((c) => {
      const meta = c.columnDef.meta as ColumnMeta;
      return compact ? (meta.compactWidth ?? meta.width) : meta.width;
    })
    .join(' ');
  const rows = table.getRowModel().rows;

  const virtualizer = useVirtualizer({
    count: loading ? 0 : hasNextPage ? rows.length + 1 : rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1].index : -1;

  useEffect(() => {
    if (lastIndex >= rows.length - 25 && hasNextPage && !isFetchingNextPage) fetchNextPage();
  }, [lastIndex, rows.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  // After arrow-key navigation, move DOM focus once the target row is rendered.
  useEffect(() => {
    if (!focusPending.current) return;
    const el = scrollRef.current?.querySelector<HTMLElement>(`[data-row-index="${focusIndex}"]`);
    if (el) {
      el.focus({ preventScroll: true });
      focusPending.current = false;
    }
  });

  const currentField = sort.replace(/^-/, '') as SortField;
  const desc = sort.startsWith('-');

  function toggleSort(meta: ColumnMeta) {
    if (!meta.sortField) return;
    if (currentField === meta.sortField) onSortChange((desc ? meta.sortField : `-${meta.sortField}`) as SortValue);
    else onSortChange((meta.firstDesc ? `-${meta.sortField}` : meta.sortField) as SortValue);
  }

  function onRowKeyDown(e: KeyboardEvent<HTMLDivElement>, index: number, lead: Lead) {
    let next: number | null = null;
    if (e.key === 'ArrowDown' || e.key === 'j') next = Math.min(index + 1, rows.length - 1);
    else if (e.key === 'ArrowUp' || e.key === 'k') next = Math.max(index - 1, 0);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = rows.length - 1;
    else if (e.key === 'PageDown') next = Math.min(index + 15, rows.length - 1);
    else if (e.key === 'PageUp') next = Math.max(index - 15, 0);
    else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onOpen(lead);
      return;
    }
    if (next === null) return;
    e.preventDefault();
    setFocusIndex(next);
    focusPending.current = true;
    virtualizer.scrollToIndex(next, { align: 'auto' });
  }

  const minWidth = compact ? undefined : medium ? 720 : 1040;

  return (
    <div
      ref={scrollRef}
      className="scrollbar-thin relative min-h-0 flex-1 overflow-auto"
      role="grid"
      aria-label="Leads"
      aria-rowcount={total + 1}
      aria-busy={loading || isFetchingNextPage || undefined}
    >
      <div style={{ minWidth }}>
        <div
          role="row"
          aria-rowindex={1}
          className="sticky top-0 z-10 grid h-9 items-center border-b border-border bg-background/95 backdrop-blur supports-[backdrop-filter]:bg-background/80"
          style={{ gridTemplateColumns: template }}
        >
          {table.getHeaderGroups()[0].headers.map((header, i) => {
            const meta = header.column.columnDef.meta as ColumnMeta;
            const active = meta.sortField && currentField === meta.sortField;
            const label = flexRender(header.column.columnDef.header, header.getContext());
            return (
              <div
                key={header.id}
                role="columnheader"
                aria-sort={active ? (desc ? 'descending' : 'ascending') : meta.sortField ? 'none' : undefined}
                className={cn('flex min-w-0 items-center px-3 text-xs font-medium text-muted-foreground', i === 0 && 'pl-4 md:pl-6', i === visible.length - 1 && 'pr-4 md:pr-6', meta.align === 'right' && 'justify-end')}
              >
                {meta.sortField ? (
                  <button
                    type="button"
                    onClick={() => toggleSort(meta)}
                    className={cn('focus-ring -mx-1.5 inline-flex h-7 items-center gap-1 rounded-md px-1.5 transition-colors hover:bg-hover hover:text-foreground', active && 'text-foreground')}
                  >
                    {label}
                    {active ? (
                      desc ? <ArrowDown className="size-3" aria-hidden /> : <ArrowUp className="size-3" aria-hidden />
                    ) : (
                      <ChevronsUpDown className="size-3 opacity-40" aria-hidden />
                    )}
                  </button>
                ) : (
                  label
                )}
              </div>
            );
          })}
        </div>

        {loading ? (
          <div aria-hidden>
            {Array.from({ length: 14 }, (_, i) => (
              <div key={i} className="grid h-10 items-center border-b border-border/60" style={{ gridTemplateColumns: template }}>
                {visible.map((c, j) => (
                  <div key={c.id} className={cn('px-3', j === 0 && 'flex items-center gap-2.5 pl-4 md:pl-6')}>
                    {j === 0 && <Skeleton className="size-6 shrink-0 rounded-full" />}
                    <Skeleton className={cn('h-3', j === 0 ? 'w-40' : 'w-3/5')} style={{ opacity: 1 - i * 0.06 }} />
                  </div>
                ))}
              </div>
            ))}
          </div>
        ) : (
          <div role="rowgroup" className="relative" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((vi) => {
              const row = rows[vi.index];
              if (!row) {
                return (
                  <div
                    key="loader"
                    role="row"
                    className="absolute inset-x-0 flex items-center gap-2 px-6 text-xs text-muted-foreground"
                    style={{ height: ROW_HEIGHT, transform: `translateY(${vi.start}px)` }}
                  >
                    <Skeleton className="size-6 rounded-full" />
                    <Skeleton className="h-3 w-40" />
                    <span className="sr-only">Loading more leads</span>
                  </div>
                );
              }
              const lead = row.original;
              const isActive = lead.id === activeId;
              return (
                <div
                  key={row.id}
                  role="row"
                  aria-rowindex={vi.index + 2}
                  aria-selected={isActive}
                  data-row-index={vi.index}
                  data-lead-id={lead.id}
                  tabIndex={vi.index === focusIndex ? 0 : -1}
                  onClick={() => {
                    setFocusIndex(vi.index);
                    onOpen(lead);
                  }}
                  onFocus={() => setFocusIndex(vi.index)}
                  onKeyDown={(e) => onRowKeyDown(e, vi.index, lead)}
                  className={cn(
                    'absolute inset-x-0 grid cursor-pointer items-center border-b border-border/60 text-[13px] outline-none transition-colors hover:bg-hover/70 focus-visible:bg-hover focus-visible:shadow-[inset_2px_0_0_var(--ring)]',
                    isActive && 'bg-primary-tint/60 hover:bg-primary-tint/80 shadow-[inset_2px_0_0_var(--primary)]',
                  )}
                  style={{ height: ROW_HEIGHT, transform: `translateY(${vi.start}px)`, gridTemplateColumns: template }}
                >
                  {row.getVisibleCells().map((cell, i) => {
                    const meta = cell.column.columnDef.meta as ColumnMeta;
                    return (
                      <div
                        key={cell.id}
                        role="gridcell"
                        className={cn('flex min-w-0 items-center px-3', i === 0 && 'pl-4 md:pl-6', i === visible.length - 1 && 'pr-4 md:pr-6', meta.align === 'right' && 'justify-end')}
                      >
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </div>
                    );
                  })}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
