import { useThemeStore } from '../stores/useThemeStore';

/** The theme actually on screen. */
export function useResolvedTheme(): 'light' | 'dark' {
  return useThemeStore((s) => (s.preference === 'dark' || (s.preference === 'system' && s.systemDark) ? 'dark' : 'light'));
}
