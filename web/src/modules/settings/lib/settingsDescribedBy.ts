/** `aria-describedby` for a control in a SettingsRow: its error if any, plus its hint. */
export function settingsDescribedBy(id: string, { error, hint }: { error?: string | null; hint?: boolean }): string | undefined {
  const ids = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}
