import type { Channel, Lead, Stage } from '@/modules/leads/types/lead';

export interface DashboardData {
  leads_total: number;
  companies_total: number;
  team_size: number;
  do_not_contact: number;
  leads_added_7d: number;
  leads_by_stage: { stage: Stage; count: number }[];
  leads_added_by_day: { date: string; count: number }[];
  contactable: { channel: Channel; count: number }[];
  recent_leads: Lead[];
}
