import { describe, expect, test } from 'vitest';
import { builderActionFor } from './builderShortcuts';

const press = (key: string, mods: Partial<{ metaKey: boolean; ctrlKey: boolean; shiftKey: boolean; altKey: boolean }> = {}, target: EventTarget | null = null) => ({
  key,
  metaKey: false,
  ctrlKey: false,
  shiftKey: false,
  altKey: false,
  target,
  ...mods,
});

describe('builder shortcuts', () => {
  test('maps the documented keys on Mac and elsewhere', () => {
    expect(builderActionFor(press('z', { metaKey: true }), false)).toBe('undo');
    expect(builderActionFor(press('Z', { ctrlKey: true, shiftKey: true }), false)).toBe('redo');
    expect(builderActionFor(press('y', { ctrlKey: true }), false)).toBe('redo');
    expect(builderActionFor(press('c', { metaKey: true }), false)).toBe('copy');
    expect(builderActionFor(press('v', { ctrlKey: true }), false)).toBe('paste');
    expect(builderActionFor(press('Backspace'), false)).toBe('delete');
    expect(builderActionFor(press('Delete'), false)).toBe('delete');
    expect(builderActionFor(press('?', { shiftKey: true }), false)).toBe('help');
    expect(builderActionFor(press('L', { shiftKey: true }), false)).toBe('layout');
    expect(builderActionFor(press('l'), false)).toBeNull();
  });

  test('stays out of the way while typing or when a dialog is open', () => {
    const input = document.createElement('input');
    expect(builderActionFor(press('Backspace', {}, input), false)).toBeNull();
    expect(builderActionFor(press('z', { metaKey: true }, input), false)).toBeNull();
    expect(builderActionFor(press('Delete'), true)).toBeNull();
  });
});
