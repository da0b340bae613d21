import { useMe } from './useMe';

/** What the signed-in person may do. Viewers read only; admins manage the team and keys. */
export function usePermissions() {
  const { data } = useMe();
  const role = data?.user.role;
  return {
    role,
    canEdit: role === 'admin' || role === 'sales',
    isAdmin: role === 'admin',
  };
}
