import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '@/lib/api/ApiError';
import { ChangePasswordForm } from './ChangePasswordForm';

const updateMe = vi.fn();
const login = vi.fn();
vi.mock('@/modules/auth/api/updateMe', () => ({ updateMe: (...args: unknown[]) => updateMe(...args) }));
vi.mock('@/modules/auth/api/login', () => ({ login: (...args: unknown[]) => login(...args) }));
vi.mock('sonner', () => ({ toast: { success: vi.fn(), error: vi.fn() } }));

const me = { user: { id: 'u1', name: 'Ada', email: 'ada@example.com' }, workspace: { id: 'w1', name: 'Acme' } };

function setup() {
  const client = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter>
        <ChangePasswordForm email="ada@example.com" />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return {
    client,
    current: screen.getByLabelText('Current password'),
    next: screen.getByLabelText('New password'),
    confirm: screen.getByLabelText('Confirm new password'),
    submit: screen.getByRole('button', { name: 'Change password' }),
  };
}

describe('ChangePasswordForm', () => {
  beforeEach(() => {
    updateMe.mockReset();
    login.mockReset();
  });

  it('checks the three fields before calling the server', async () => {
    const f = setup();
    await userEvent.click(f.submit);
    expect(screen.getByText('Enter your current password.')).toBeInTheDocument();
    expect(screen.getByText('Use at least 10 characters.')).toBeInTheDocument();
    expect(f.current).toHaveAttribute('aria-invalid', 'true');
    expect(f.current).toHaveAttribute('aria-describedby', 'current-password-error');
    expect(f.next).toHaveAttribute('aria-describedby', 'new-password-error new-password-hint');

    await userEvent.type(f.current, 'old-password-1');
    await userEvent.type(f.next, 'old-password-1');
    await userEvent.click(f.submit);
    expect(screen.getByText('Choose a password different from the current one.')).toBeInTheDocument();

    await userEvent.clear(f.next);
    await userEvent.type(f.next, 'new-password-1');
    await userEvent.type(f.confirm, 'new-password-2');
    await userEvent.click(f.submit);
    expect(screen.getByText("The passwords don't match.")).toBeInTheDocument();
    expect(updateMe).not.toHaveBeenCalled();
  });

  it('puts server errors on the right fields', async () => {
    updateMe
      .mockRejectedValueOnce(new ApiError(403, 'forbidden', 'The current password is wrong.', { fields: { current_password: 'wrong password' } }))
      .mockRejectedValueOnce(new ApiError(422, 'validation_failed', 'password: use at least 10 characters', { fields: { password: 'use at least 10 characters' } }))
      .mockRejectedValueOnce(new ApiError(500, 'internal', 'Something broke on our side.'));
    const f = setup();
    await userEvent.type(f.current, 'not-my-password');
    await userEvent.type(f.next, 'new-password-1');
    await userEvent.type(f.confirm, 'new-password-1');

    await userEvent.click(f.submit);
    expect(await screen.findByText("That isn't your current password.")).toBeInTheDocument();
    expect(updateMe).toHaveBeenCalledWith({ current_password: 'not-my-password', new_password: 'new-password-1' });
    await vi.waitFor(() => expect(f.current).toHaveFocus());

    await userEvent.click(f.submit);
    expect(await screen.findByText('Use at least 10 characters.')).toBeInTheDocument();
    expect(f.next).toHaveAttribute('aria-invalid', 'true');

    await userEvent.click(f.submit);
    expect(await screen.findByRole('alert')).toHaveTextContent('Something broke on our side.');
  });

  it('signs in again with the new password so this tab keeps a live session', async () => {
    updateMe.mockResolvedValue(me);
    login.mockResolvedValue({ ...me, access_token: 'a', refresh_token: 'r' });
    const f = setup();
    await userEvent.type(f.current, 'old-password-1');
    await userEvent.type(f.next, 'new-password-1');
    await userEvent.type(f.confirm, 'new-password-1');
    await userEvent.click(f.submit);
    await vi.waitFor(() => expect(login).toHaveBeenCalledWith('ada@example.com', 'new-password-1'));
    await vi.waitFor(() => expect(f.current).toHaveValue(''));
    expect(f.next).toHaveValue('');
    expect(f.client.getQueryData(['me'])).toEqual(me);
  });
});
