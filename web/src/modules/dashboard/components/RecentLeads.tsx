import { Link } from 'react-router';
import { Avatar } from '@/components/ui/avatar';
import { formatRelative } from '@/lib/format';
import { StageBadge } from '@/modules/leads/components/StageBadge';
import type { Lead } from '@/modules/leads/types/lead';

export function RecentLeads({ leads }: { leads: Lead[] }) {
  if (!leads.length) return <p className="py-6 text-center text-[13px] text-muted-foreground">No leads yet.</p>;
  return (
    <ul className="-mx-1.5 grid">
      {leads.map((lead) => {
        const name = lead.full_name || lead.email || lead.phone || 'Unnamed lead';
        return (
          <li key={lead.id}>
            <Link to={`/leads?lead=${lead.id}`} className="focus-ring flex items-center gap-3 rounded-md px-1.5 py-2 hover:bg-hover">
              <Avatar name={name} size="md" />
              <span className="grid min-w-0 flex-1 leading-tight">
                <span className="truncate text-[13px] font-medium">{name}</span>
                <span className="truncate text-xs text-muted-foreground">
                  {[lead.title, lead.company?.name].filter(Boolean).join(' · ') || lead.email || '—'}
                </span>
              </span>
              <StageBadge stage={lead.stage} className="hidden sm:inline-flex" />
              <span className="w-16 text-right text-xs text-muted-foreground tabular-nums">{formatRelative(lead.created_at)}</span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
