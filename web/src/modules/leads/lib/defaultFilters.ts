import type { LeadFilters } from '../types/lead';

export const defaultFilters: LeadFilters = {
  q: '',
  stage: '',
  tag: '',
  owner_id: '',
  consent: '',
  do_not_contact: '',
  sort: '-created_at',
};
