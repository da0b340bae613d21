import { describe, expect, it } from 'vitest';
import { fillPlaceholders, placeholdersOf, splitPlaceholders } from './whatsappPlaceholders';

describe('WhatsApp placeholders', () => {
  it('lists each numbered placeholder once, in numeric order', () => {
    expect(placeholdersOf('Hi {{2}}, {{1}} here. {{ 10 }} and {{1}} again')).toEqual(['1', '2', '10']);
    expect(placeholdersOf('No placeholders, {{name}} is not one')).toEqual([]);
  });

  it('fills the values given and leaves the rest visible', () => {
    expect(fillPlaceholders('Hi {{1}}, see you {{2}}', { '1': 'Ada', '2': ' ' })).toBe('Hi Ada, see you {{2}}');
  });

  it('splits text from placeholders without losing characters', () => {
    const parts = splitPlaceholders('Hi {{1}}!');
    expect(parts).toEqual([
      { text: 'Hi ', placeholder: null },
      { text: '{{1}}', placeholder: '1' },
      { text: '!', placeholder: null },
    ]);
    expect(parts.map((p) => p.text).join('')).toBe('Hi {{1}}!');
  });
});
