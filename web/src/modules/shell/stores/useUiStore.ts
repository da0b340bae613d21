import { create } from 'zustand';

const COLLAPSED_KEY = 'omnireach.sidebar.collapsed';

function readCollapsed(): boolean {
  try {
    return localStorage.getItem(COLLAPSED_KEY) === '1';
  } catch {
    return false;
  }
}

interface UiState {
  sidebarCollapsed: boolean;
  mobileNavOpen: boolean;
  paletteOpen: boolean;
  createLeadOpen: boolean;
  importOpen: boolean;
  toggleSidebar: () => void;
  setMobileNavOpen: (open: boolean) => void;
  setPaletteOpen: (open: boolean) => void;
  setCreateLeadOpen: (open: boolean) => void;
  setImportOpen: (open: boolean) => void;
}

/** App-wide UI state: panels and dialogs that can be opened from anywhere (⌘K, shortcuts). */
export const useUiStore = create<UiState>((set, get) => ({
  sidebarCollapsed: readCollapsed(),
  mobileNavOpen: false,
  paletteOpen: false,
  createLeadOpen: false,
  importOpen: false,
  toggleSidebar: () => {
    const next = !get().sidebarCollapsed;
    try {
      localStorage.setItem(COLLAPSED_KEY, next ? '1' : '0');
    } catch {
      /* ignore */
    }
    set({ sidebarCollapsed: next });
  },
  setMobileNavOpen: (mobileNavOpen) => set({ mobileNavOpen }),
  setPaletteOpen: (paletteOpen) => set({ paletteOpen }),
  setCreateLeadOpen: (createLeadOpen) => set({ createLeadOpen }),
  setImportOpen: (importOpen) => set({ importOpen }),
}));
