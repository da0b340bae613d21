import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Field, fieldDescribedBy } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { isApiError } from '@/lib/api/ApiError';
import { queryKeys } from '@/lib/queryKeys';
import { PasswordInput } from '@/modules/auth/components/PasswordInput';
import type { Role } from '@/modules/auth/types/auth';
import { FormBanner } from '@/components/FormBanner';
import { createUser } from '../api/createUser';
import { RoleSelect } from './RoleSelect';

const MIN_PASSWORD = 10;

export function CreateUserDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState({ name: '', email: '', password: '' });
  const [role, setRole] = useState<Role>('sales');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string | null>(null);

  const create = useMutation({
    mutationFn: createUser,
    onSuccess: (user) => {
      toast.success(`${user.name} can now sign in`);
      void queryClient.invalidateQueries({ queryKey: queryKeys.users });
      void queryClient.invalidateQueries({ queryKey: queryKeys.dashboard });
      onOpenChange(false);
      reset();
    },
    onError: (err) => {
      if (!isApiError(err)) return;
      setErrors(err.fieldErrors);
      setBanner(Object.keys(err.fieldErrors).length ? null : err.message);
    },
  });

  function reset() {
    setValues({ name: '', email: '', password: '' });
    setRole('sales');
    setErrors({});
    setBanner(null);
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!values.name.trim()) local.name = 'Enter their name.';
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email.trim())) local.email = 'Enter a valid email address.';
    if (values.password.length < MIN_PASSWORD) local.password = `Use at least ${MIN_PASSWORD} characters.`;
    setErrors(local);
    setBanner(null);
    if (Object.keys(local).length) return;
    create.mutate({ name: values.name.trim(), email: values.email.trim(), password: values.password, role });
  }

  const bind = (k: 'name' | 'email') => ({
    id: `new-user-${k}`,
    value: values[k],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [k]: e.target.value })),
    'aria-invalid': !!errors[k] || undefined,
    'aria-describedby': fieldDescribedBy(`new-user-${k}`, errors[k]),
  });

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        onOpenChange(o);
        if (!o) reset();
      }}
    >
      <DialogContent>
        <form onSubmit={onSubmit} noValidate className="flex min-h-0 flex-col">
          <DialogHeader>
            <DialogTitle>Create a user</DialogTitle>
            <DialogDescription>Set a password for them directly. Share it privately; they can sign in right away.</DialogDescription>
          </DialogHeader>
          <DialogBody className="grid gap-4">
            {banner && <FormBanner>{banner}</FormBanner>}
            <Field label="Name" htmlFor="new-user-name" error={errors.name}>
              <Input {...bind('name')} autoFocus autoComplete="off" />
            </Field>
            <Field label="Email" htmlFor="new-user-email" error={errors.email}>
              <Input {...bind('email')} type="email" autoComplete="off" />
            </Field>
            <Field label="Password" htmlFor="new-user-password" error={errors.password} hint={`At least ${MIN_PASSWORD} characters.`}>
              <PasswordInput
                id="new-user-password"
                autoComplete="new-password"
                value={values.password}
                onChange={(e) => setValues((v) => ({ ...v, password: e.target.value }))}
                aria-invalid={!!errors.password || undefined}
                aria-describedby={fieldDescribedBy('new-user-password', errors.password, true)}
              />
            </Field>
            <Field label="Role" htmlFor="new-user-role" error={errors.role}>
              <RoleSelect id="new-user-role" value={role} onChange={setRole} describe />
            </Field>
          </DialogBody>
          <DialogFooter>
            <Button variant="secondary" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" loading={create.isPending}>
              Create user
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
