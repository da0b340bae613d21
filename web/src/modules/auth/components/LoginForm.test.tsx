import { act, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '@/lib/api/ApiError';
import type { TokenResponse } from '../types/auth';
import { LoginForm } from './LoginForm';

describe('LoginForm', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

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

  it('counts down a rate limit and re-enables sign-in exactly when the wait is over', async () => {
    const onLogin = vi
      .fn()
      .mockRejectedValueOnce(
        new ApiError(429, 'rate_limited', 'Too many sign-in attempts from your address; try again in 3 seconds.', { retry_after_seconds: 3 }),
      )
      .mockResolvedValueOnce({ access_token: 'a' } as TokenResponse);
    const onSuccess = vi.fn();
    render(<LoginForm onLogin={onLogin} onSuccess={onSuccess} />);
    await userEvent.type(screen.getByLabelText('Email'), 'ada@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'x');
    vi.useFakeTimers();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    });

    const alert = screen.getByTestId('login-rate-limited');
    expect(alert).toHaveRole('alert');
    expect(alert).toHaveTextContent('Too many sign-in attempts from this network, so sign-in is paused for a moment.');
    expect(alert).toHaveTextContent('Try again in 3 seconds.');
    expect(screen.getByRole('button', { name: 'Try again in 3s' })).toBeDisabled();

    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(screen.getByRole('button', { name: 'Try again in 2s' })).toBeDisabled();
    await act(() => vi.advanceTimersByTimeAsync(1999));
    expect(screen.getByRole('button', { name: 'Try again in 1s' })).toBeDisabled();
    await act(() => vi.advanceTimersByTimeAsync(1));
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeEnabled();
    expect(alert).toHaveTextContent('You can try signing in again now.');

    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    });
    expect(onLogin).toHaveBeenCalledTimes(2);
    expect(onSuccess).toHaveBeenCalledOnce();
  });

  it('falls back to the message when a 429 says nothing about waiting', async () => {
    const onLogin = vi.fn().mockRejectedValue(new ApiError(429, 'rate_limited', 'Slow down.'));
    render(<LoginForm onLogin={onLogin} onSuccess={vi.fn()} />);
    await userEvent.type(screen.getByLabelText('Email'), 'ada@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'x');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Slow down.');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  });
});
