/** The builder's keyboard shortcuts: what each does, and which key event means which. Pure. */
export type BuilderAction = 'undo' | 'redo' | 'copy' | 'paste' | 'delete' | 'layout' | 'fit' | 'help';

export const BUILDER_SHORTCUTS: { action: BuilderAction; keys: string[]; label: string }[] = [
  { action: 'undo', keys: ['⌘/Ctrl', 'Z'], label: 'Undo' },
  { action: 'redo', keys: ['⇧', '⌘/Ctrl', 'Z'], label: 'Redo' },
  { action: 'copy', keys: ['⌘/Ctrl', 'C'], label: 'Copy the selected steps' },
  { action: 'paste', keys: ['⌘/Ctrl', 'V'], label: 'Paste' },
  { action: 'delete', keys: ['Delete'], label: 'Delete the selection (or Backspace)' },
  { action: 'layout', keys: ['⇧', 'L'], label: 'Tidy up the layout' },
  { action: 'fit', keys: ['⇧', 'F'], label: 'Zoom to fit' },
  { action: 'help', keys: ['?'], label: 'Show these shortcuts' },
];

interface KeyLike {
  key: string;
  metaKey: boolean;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  target: EventTarget | null;
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el?.tagName) return false;
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable;
}

/** The action for a key press, or null. Nothing fires while typing or over a dialog or menu. */
export function builderActionFor(e: KeyLike, overlayOpen: boolean): BuilderAction | null {
  if (overlayOpen || isTyping(e.target) || e.altKey) return null;
  const key = e.key.toLowerCase();
  if (e.metaKey || e.ctrlKey) {
    if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
    if (key === 'y') return 'redo';
    if (key === 'c' && !e.shiftKey) return 'copy';
    if (key === 'v' && !e.shiftKey) return 'paste';
    return null;
  }
  if (e.key === 'Delete' || e.key === 'Backspace') return 'delete';
  if (e.key === '?') return 'help';
  if (e.shiftKey && key === 'l') return 'layout';
  if (e.shiftKey && key === 'f') return 'fit';
  return null;
}
