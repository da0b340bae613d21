import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES, type Role } from '@/modules/auth/types/auth';

interface Props {
  value: Role;
  onChange: (role: Role) => void;
  id?: string;
  size?: 'sm' | 'md';
  className?: string;
  disabled?: boolean;
  describe?: boolean;
  'aria-label'?: string;
}

export function RoleSelect({ value, onChange, id, size = 'md', className, disabled, describe, ...rest }: Props) {
  return (
    <Select value={value} onValueChange={(v) => onChange(v as Role)} disabled={disabled}>
      <SelectTrigger id={id} size={size} className={className} aria-label={rest['aria-label']}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent className={describe ? 'min-w-[280px]' : undefined}>
        {ROLES.map((r) => (
          <SelectItem key={r} value={r} description={describe ? ROLE_DESCRIPTIONS[r] : undefined}>
            {ROLE_LABELS[r]}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
