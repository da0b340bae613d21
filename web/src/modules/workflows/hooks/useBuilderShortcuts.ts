import { useEffect, useRef } from 'react';
import { builderActionFor, type BuilderAction } from '../lib/builderShortcuts';

/** Listens for the builder's shortcuts; handlers may change every render (read through a ref). */
export function useBuilderShortcuts(handlers: Record<BuilderAction, () => void>) {
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const overlay = !!document.querySelector('[role="dialog"], [role="alertdialog"], [role="menu"], [role="listbox"]');
      const action = builderActionFor(e, overlay);
      if (!action) return;
      // Copy with text selected on the page copies the text, not the steps.
      if (action === 'copy' && window.getSelection()?.toString()) return;
      e.preventDefault();
      ref.current[action]();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
