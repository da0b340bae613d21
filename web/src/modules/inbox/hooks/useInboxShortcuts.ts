import { useEffect, useRef } from 'react';
import { inboxActionFor, type InboxAction } from '../lib/inboxShortcuts';

/** j/k/r/e/t/? in the inbox; handlers may change every render (read through a ref). */
export function useInboxShortcuts(handlers: Partial<Record<InboxAction, () => void>>) {
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const overlay = !!document.querySelector('[role="dialog"], [role="alertdialog"], [role="menu"], [role="listbox"]');
      const action = inboxActionFor(e, overlay);
      const handler = action ? ref.current[action] : undefined;
      if (!handler) return;
      e.preventDefault();
      handler();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
