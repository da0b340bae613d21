/** Move focus to the first field with an error so keyboard and screen-reader users land on it. */
export function focusFirstError(idPrefix: string, fieldOrder: readonly string[], errors: Record<string, string>): void {
  const first = fieldOrder.find((f) => errors[f]);
  if (!first) return;
  requestAnimationFrame(() => document.getElementById(`${idPrefix}-${first}`)?.focus());
}
