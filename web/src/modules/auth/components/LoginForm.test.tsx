import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '@/lib/api/ApiError';
import type { TokenResponse } from '../types/auth';
import { LoginForm } from './LoginForm';

describe('LoginForm', () => {
  it('validates empty fields without calling the server', async () => {
    const onLogin = vi.fn();
    render(<LoginForm onLogin={onLogin} onSuccess={vi.fn()} />);
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(onLogin).not.toHaveBeenCalled();
    expect(screen.getByText('Enter your email address.')).toBeInTheDocument();
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true');
  });

  it('shows a clear message for wrong credentials and lets the user retry', async () => {
    const onLogin = vi
      .fn()
      .mockRejectedValueOnce(new ApiError(401, 'invalid_credentials', 'Invalid email or password'))
      .mockResolvedValueOnce({ access_token: 'a' } as TokenResponse);
    const onSuccess = vi.fn();
    render(<LoginForm onLogin={onLogin} onSuccess={onSuccess} />);

    await userEvent.type(screen.getByLabelText('Email'), 'ada@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'wrong-password');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent("That email and password don't match");
    expect(onLogin).toHaveBeenCalledWith('ada@example.com', 'wrong-password');
    expect(onSuccess).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeEnabled();

    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await vi.waitFor(() => expect(onSuccess).toHaveBeenCalledOnce());
  });

  it('shows the server message for other errors', async () => {
    const onLogin = vi.fn().mockRejectedValue(new ApiError(429, 'rate_limited', 'Too many attempts. Wait a minute.'));
    render(<LoginForm onLogin={onLogin} onSuccess={vi.fn()} />);
    await userEvent.type(screen.getByLabelText('Email'), 'ada@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'x');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many attempts. Wait a minute.');
  });
});
