import { useEffect } from 'react';
import { useResolvedTheme } from '../hooks/useResolvedTheme';
import { useThemeStore } from '../stores/useThemeStore';

/** Keeps `<html class="dark">` in step with the preference and the OS setting. Renders nothing. */
export function ThemeSync() {
  const resolved = useResolvedTheme();
  const setSystemDark = useThemeStore((s) => s.setSystemDark);

  useEffect(() => {
    const mq = window.matchMedia?.('(prefers-color-scheme: dark)');
    if (!mq) return;
    const onChange = () => setSystemDark(mq.matches);
    onChange();
    mq.addEventListener('change', onChange);
    return () => mq.removeEventListener('change', onChange);
  }, [setSystemDark]);

  useEffect(() => {
    const root = document.documentElement;
    root.classList.toggle('dark', resolved === 'dark');
    root.style.colorScheme = resolved;
    root.dataset.theme = resolved;
  }, [resolved]);

  return null;
}
