import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { useThemeStore } from '@/modules/theme/stores/useThemeStore';
import { navItems } from '../lib/navItems';
import { useUiStore } from '../stores/useUiStore';

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
}

/**
 * ⌘K / Ctrl+K: command palette. "G" then a letter: go to a page. "[": collapse the sidebar.
 * "C": new lead. Single-key shortcuts are ignored while typing or when a dialog is open.
 */
export function useGlobalShortcuts() {
  const navigate = useNavigate();
  useEffect(() => {
    let pendingG: number | null = null;
    const onKey = (e: KeyboardEvent) => {
      const ui = useUiStore.getState();
      if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        ui.setPaletteOpen(!ui.paletteOpen);
        return;
      }
      if (e.metaKey || e.ctrlKey || e.altKey || isTyping(e.target)) return;
      if (document.querySelector('[role="dialog"], [role="alertdialog"], [role="menu"]')) return;

      const key = e.key.toUpperCase();
      if (pendingG !== null) {
        window.clearTimeout(pendingG);
        pendingG = null;
        const item = navItems.find((n) => n.key === key);
        if (item) {
          e.preventDefault();
          navigate(item.to);
        }
        return;
      }
      if (key === 'G') {
        pendingG = window.setTimeout(() => (pendingG = null), 1200);
        return;
      }
      if (e.key === '[') {
        e.preventDefault();
        ui.toggleSidebar();
      } else if (key === 'C' && !e.shiftKey) {
        e.preventDefault();
        ui.setCreateLeadOpen(true);
      } else if (key === 'T' && e.shiftKey) {
        e.preventDefault();
        useThemeStore.getState().toggle();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      if (pendingG !== null) window.clearTimeout(pendingG);
    };
  }, [navigate]);
}
