import { useMatches } from 'react-router';

export interface RouteHandle {
  title?: string;
}

/** The deepest route's `handle.title`, e.g. "Leads". */
export function usePageTitle(): string {
  const matches = useMatches();
  for (let i = matches.length - 1; i >= 0; i--) {
    const title = (matches[i].handle as RouteHandle | undefined)?.title;
    if (title) return title;
  }
  return 'OmniReach';
}
