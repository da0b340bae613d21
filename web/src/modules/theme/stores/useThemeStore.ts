import { create } from 'zustand';

export type ThemePreference = 'light' | 'dark' | 'system';

const KEY = 'omnireach.theme';

function readPreference(): ThemePreference {
  try {
    const v = localStorage.getItem(KEY);
    if (v === 'light' || v === 'dark' || v === 'system') return v;
  } catch {
    /* storage unavailable */
  }
  return 'system';
}

function systemPrefersDark(): boolean {
  return typeof window !== 'undefined' && !!window.matchMedia?.('(prefers-color-scheme: dark)').matches;
}

interface ThemeState {
  preference: ThemePreference;
  systemDark: boolean;
  setPreference: (p: ThemePreference) => void;
  /** Flip between light and dark based on what is showing now. */
  toggle: () => void;
  setSystemDark: (dark: boolean) => void;
}

export const useThemeStore = create<ThemeState>((set, get) => ({
  preference: readPreference(),
  systemDark: systemPrefersDark(),
  setPreference: (preference) => {
    try {
      localStorage.setItem(KEY, preference);
    } catch {
      /* ignore */
    }
    set({ preference });
  },
  toggle: () => {
    const { preference, systemDark } = get();
    const dark = preference === 'dark' || (preference === 'system' && systemDark);
    get().setPreference(dark ? 'light' : 'dark');
  },
  setSystemDark: (systemDark) => set({ systemDark }),
}));
