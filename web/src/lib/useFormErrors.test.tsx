import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from './api/ApiError';
import { useFormErrors } from './useFormErrors';

describe('useFormErrors', () => {
  it('puts field errors by their fields and no banner', () => {
    const { result } = renderHook(() => useFormErrors<'name'>());
    act(() => result.current.fail(new ApiError(422, 'validation_failed', 'Some fields need attention.', { fields: { name: 'use 1 to 100 characters' } }), 'fallback'));
    expect(result.current.errors).toEqual({ name: 'Use 1 to 100 characters.' });
    expect(result.current.banner).toBeNull();
  });

  it('shows the server’s message when no field is named, and the fallback for other errors', () => {
    const { result } = renderHook(() => useFormErrors<'name'>());
    act(() => result.current.fail(new ApiError(409, 'name_taken', 'Another endpoint has this name.'), 'fallback'));
    expect(result.current.banner).toBe('Another endpoint has this name.');
    act(() => result.current.fail(new TypeError('boom'), "Couldn't save."));
    expect(result.current.banner).toBe("Couldn't save.");
  });
});
