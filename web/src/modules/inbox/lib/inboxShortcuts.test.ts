import { describe, expect, it } from 'vitest';
import { inboxActionFor } from './inboxShortcuts';

const key = (k: string, patch: Partial<KeyboardEvent> = {}, target: EventTarget | null = document.body) =>
  ({ key: k, metaKey: false, ctrlKey: false, altKey: false, target, ...patch }) as KeyboardEvent;

describe('inbox shortcuts', () => {
  it('maps j/k/r/e/t/? to actions', () => {
    expect(['j', 'k', 'r', 'e', 't', '?'].map((k) => inboxActionFor(key(k), false))).toEqual(['next', 'previous', 'reply', 'done', 'toggleMode', 'help']);
    expect(inboxActionFor(key('x'), false)).toBeNull();
  });

  it('stays quiet while typing in a field', () => {
    for (const tag of ['input', 'textarea', 'select']) {
      const el = document.createElement(tag);
      expect(inboxActionFor(key('j', {}, el), false)).toBeNull();
    }
    const editable = document.createElement('div');
    editable.contentEditable = 'true';
    Object.defineProperty(editable, 'isContentEditable', { value: true });
    expect(inboxActionFor(key('t', {}, editable), false)).toBeNull();
  });

  it('leaves modified keys to the shell and yields to open dialogs', () => {
    expect(inboxActionFor(key('k', { metaKey: true }), false)).toBeNull();
    expect(inboxActionFor(key('k', { ctrlKey: true }), false)).toBeNull();
    expect(inboxActionFor(key('e', { altKey: true }), false)).toBeNull();
    expect(inboxActionFor(key('j'), true)).toBeNull();
  });

  it('distinguishes T from the shell’s Shift+T theme toggle', () => {
    expect(inboxActionFor(key('T', { shiftKey: true }), false)).toBeNull();
  });
});
