import type { Role } from '@/modules/auth/types/auth';

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  invited_by: { id: string; name: string } | null;
}

export interface CreatedInvitation {
  invitation: Invitation;
  token: string;
  accept_url: string;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  created_at: string;
  last_used_at: string | null;
  created_by: { id: string; name: string } | null;
}

export interface CreatedApiKey {
  api_key: ApiKey;
  secret: string;
}
