export type InboxAction = 'next' | 'previous' | 'reply' | 'done' | 'toggleMode' | 'help';

/** The inbox's single-key shortcuts, for the help dialog and tooltips. */
export const INBOX_SHORTCUTS: { keys: string[]; label: string; action: InboxAction }[] = [
  { keys: ['J'], label: 'Next conversation', action: 'next' },
  { keys: ['K'], label: 'Previous conversation', action: 'previous' },
  { keys: ['R'], label: 'Reply', action: 'reply' },
  { keys: ['E'], label: 'Close (done) and go to the next', action: 'done' },
  { keys: ['T'], label: 'Take over / hand back to the AI', action: 'toggleMode' },
  { keys: ['?'], label: 'Show keyboard shortcuts', action: 'help' },
];

export function isTypingTarget(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.tagName !== 'string') return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
}

/**
 * Which inbox action a key press asks for, or null. Nothing fires while typing in a field,
 * with a modifier held (⌘K and friends belong to the shell), or while a dialog or menu is open.
 */
export function inboxActionFor(
  e: Pick<KeyboardEvent, 'key' | 'metaKey' | 'ctrlKey' | 'altKey' | 'target'>,
  overlayOpen: boolean,
): InboxAction | null {
  if (e.metaKey || e.ctrlKey || e.altKey) return null;
  if (isTypingTarget(e.target) || overlayOpen) return null;
  switch (e.key) {
    case 'j':
      return 'next';
    case 'k':
      return 'previous';
    case 'r':
      return 'reply';
    case 'e':
      return 'done';
    case 't':
      return 'toggleMode';
    case '?':
      return 'help';
    default:
      return null;
  }
}
