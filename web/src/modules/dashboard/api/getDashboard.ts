import { api } from '@/lib/api/api';
import type { DashboardData } from '../types/dashboard';

export function getDashboard(signal?: AbortSignal): Promise<DashboardData> {
  return api.get<DashboardData>('/api/dashboard', { signal });
}
