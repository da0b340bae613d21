import { lazy } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { RouteError } from '@/components/RouteError';
import { AcceptInvitePage } from '@/modules/auth/components/AcceptInvitePage';
import { LoginPage } from '@/modules/auth/components/LoginPage';
import { RequireAuth } from '@/modules/auth/components/RequireAuth';
import { AppShell } from '@/modules/shell/components/AppShell';
import { ComingSoonPage } from '@/modules/shell/components/ComingSoonPage';
import { NotFoundPage } from '@/modules/shell/components/NotFoundPage';
import type { RouteHandle } from '@/modules/shell/hooks/usePageTitle';

const DashboardPage = lazy(() => import('@/modules/dashboard/components/DashboardPage').then((m) => ({ default: m.DashboardPage })));
const LeadsPage = lazy(() => import('@/modules/leads/components/LeadsPage').then((m) => ({ default: m.LeadsPage })));
const InboxPage = lazy(() => import('@/modules/inbox/components/InboxPage').then((m) => ({ default: m.InboxPage })));
const AgentsPage = lazy(() => import('@/modules/agents/components/AgentsPage').then((m) => ({ default: m.AgentsPage })));
const TasksPage = lazy(() => import('@/modules/tasks/components/TasksPage').then((m) => ({ default: m.TasksPage })));
const WorkflowsPage = lazy(() => import('@/modules/workflows/components/WorkflowsPage').then((m) => ({ default: m.WorkflowsPage })));
const BuilderPage = lazy(() => import('@/modules/workflows/components/BuilderPage').then((m) => ({ default: m.BuilderPage })));
const CampaignsPage = lazy(() => import('@/modules/campaigns/components/CampaignsPage').then((m) => ({ default: m.CampaignsPage })));
const CampaignPage = lazy(() => import('@/modules/campaigns/components/CampaignPage').then((m) => ({ default: m.CampaignPage })));
const SettingsPage = lazy(() => import('@/modules/settings/components/SettingsPage').then((m) => ({ default: m.SettingsPage })));

const soon = (page: 'workflows' | 'knowledge' | 'analytics' | 'marketplace', title: string): RouteObject => ({
  path: page,
  element: <ComingSoonPage page={page} />,
  handle: { title } satisfies RouteHandle,
});

export const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
  { path: '/accept-invite', element: <AcceptInvitePage />, errorElement: <RouteError /> },
  {
    element: <RequireAuth />,
    errorElement: <RouteError />,
    children: [
      {
        element: <AppShell />,
        children: [
          { index: true, element: <DashboardPage />, handle: { title: 'Dashboard' } satisfies RouteHandle },
          { path: 'leads', element: <LeadsPage />, handle: { title: 'Leads' } satisfies RouteHandle },
          { path: 'settings/:tab?', element: <SettingsPage />, handle: { title: 'Settings' } satisfies RouteHandle },
          { path: 'inbox/:conversationId?', element: <InboxPage />, handle: { title: 'Inbox' } satisfies RouteHandle },
          { path: 'agents/:tab?', element: <AgentsPage />, handle: { title: 'Agents' } satisfies RouteHandle },
          { path: 'tasks', element: <TasksPage />, handle: { title: 'Tasks' } satisfies RouteHandle },
          { path: 'workflows', element: <WorkflowsPage />, handle: { title: 'Workflows' } satisfies RouteHandle },
          { path: 'workflows/:workflowId', element: <BuilderPage />, handle: { title: 'Workflow builder' } satisfies RouteHandle },
          { path: 'campaigns', element: <CampaignsPage />, handle: { title: 'Campaigns' } satisfies RouteHandle },
          { path: 'campaigns/:campaignId/:tab?', element: <CampaignPage />, handle: { title: 'Campaign' } satisfies RouteHandle },
          soon('knowledge', 'Knowledge'),
          soon('analytics', 'Analytics'),
          soon('marketplace', 'Marketplace'),
          { path: '*', element: <NotFoundPage />, handle: { title: 'Not found' } satisfies RouteHandle },
        ],
      },
    ],
  },
];

export const router = createBrowserRouter(routes);
