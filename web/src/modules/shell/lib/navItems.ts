import {
  BookOpen,
  Bot,
  ChartNoAxesColumn,
  Inbox,
  LayoutDashboard,
  ListTodo,
  Megaphone,
  Settings,
  Store,
  Users,
  Workflow,
  type LucideIcon,
} from 'lucide-react';

export interface NavItem {
  to: string;
  label: string;
  icon: LucideIcon;
  /** Second key after "G". */
  key: string;
  soon?: boolean;
}

export const navItems: NavItem[] = [
  { to: '/', label: 'Dashboard', icon: LayoutDashboard, key: 'D' },
  { to: '/inbox', label: 'Inbox', icon: Inbox, key: 'I' },
  { to: '/leads', label: 'Leads', icon: Users, key: 'L' },
  { to: '/tasks', label: 'Tasks', icon: ListTodo, key: 'T' },
  { to: '/workflows', label: 'Workflows', icon: Workflow, key: 'W' },
  { to: '/campaigns', label: 'Campaigns', icon: Megaphone, key: 'C' },
  { to: '/agents', label: 'Agents', icon: Bot, key: 'A' },
  { to: '/knowledge', label: 'Knowledge', icon: BookOpen, key: 'K', soon: true },
  { to: '/analytics', label: 'Analytics', icon: ChartNoAxesColumn, key: 'R', soon: true },
  { to: '/marketplace', label: 'Marketplace', icon: Store, key: 'M', soon: true },
  { to: '/settings', label: 'Settings', icon: Settings, key: 'S' },
];
