export type Role = 'admin' | 'sales' | 'viewer';

export const ROLES: Role[] = ['admin', 'sales', 'viewer'];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  sales: 'Sales',
  viewer: 'Viewer',
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: 'Everything in the workspace, including team and API keys',
  sales: 'Read and edit leads and companies',
  viewer: 'Read only',
};

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  is_instance_admin: boolean;
  disabled: boolean;
  created_at: string;
  last_login_at: string | null;
}

export interface Workspace {
  id: string;
  name: string;
  slug: string;
  created_at: string;
}

export interface Me {
  user: User;
  workspace: Workspace;
}

export interface TokenResponse extends Me {
  access_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

export interface PublicInvitation {
  email: string;
  role: Role;
  workspace_name: string;
  expires_at: string;
}
