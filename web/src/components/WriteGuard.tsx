import { Slot } from 'radix-ui';
import type { ReactElement } from 'react';
import { Tooltip } from '@/components/ui/tooltip';
import { usePermissions } from '@/modules/auth/hooks/usePermissions';

/**
 * Wraps a write action (a button). For viewers it is shown disabled with a tooltip explaining
 * why; for admins and sales it renders untouched. `adminOnly` raises the bar to admins.
 */
export function WriteGuard({
  children,
  adminOnly = false,
  tooltip,
  shortcut,
}: {
  children: ReactElement;
  adminOnly?: boolean;
  /** Tooltip for people who may use the action (e.g. its keyboard shortcut). */
  tooltip?: string;
  shortcut?: string[];
}) {
  const { canEdit, isAdmin } = usePermissions();
  const allowed = adminOnly ? isAdmin : canEdit;
  if (allowed) {
    return tooltip ? (
      <Tooltip content={tooltip} shortcut={shortcut}>
        {children}
      </Tooltip>
    ) : (
      children
    );
  }
  return (
    <Tooltip content={adminOnly ? 'Only admins can do this' : "Viewers can't edit"}>
      <span tabIndex={0} className="inline-flex rounded-md focus-ring" aria-label={adminOnly ? 'Only admins can do this' : "Viewers can't edit"}>
        <Slot.Root aria-disabled="true" data-disabled="" className="pointer-events-none" {...{ disabled: true }}>
          {children}
        </Slot.Root>
      </span>
    </Tooltip>
  );
}
