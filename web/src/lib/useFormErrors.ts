import { useCallback, useState } from 'react';
import { isApiError } from './api/ApiError';

/**
 * A form's per-field errors and its banner. `fail` shows a refused save: the server's field
 * errors next to their fields, else its message (or `fallback` when the error is not the API's).
 */
export function useFormErrors<Field extends string>() {
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [banner, setBanner] = useState<string | null>(null);
  const fail = useCallback((error: unknown, fallback: string, mapFields: (fields: Record<string, string>) => Partial<Record<Field, string>> = (f) => f as Partial<Record<Field, string>>) => {
    if (!isApiError(error)) {
      setBanner(fallback);
      return;
    }
    const fields = error.fieldErrors;
    setErrors(mapFields(fields));
    setBanner(Object.keys(fields).length ? null : error.message);
  }, []);
  return { errors, setErrors, banner, setBanner, fail };
}
