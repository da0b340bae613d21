/** What a form's pure validation returns: the request body, or the problems to fix first. */
export type FormResult<Input, Field extends string> = { input: Input; errors: null } | { input: null; errors: Partial<Record<Field, string>> };
