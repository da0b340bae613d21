import { describe, expect, it } from 'vitest';
import type { ImportPreview } from '../types/importJob';
import { fieldLabel, headerForField, initialMapping, mappedSample, sampleValues, slugifyHeader, validateMapping } from './importMapping';

const fields = [
  { key: 'first_name', label: 'First name' },
  { key: 'last_name', label: 'Last name' },
  { key: 'email', label: 'Email' },
  { key: 'phone', label: 'Phone' },
  { key: 'company', label: 'Company' },
];

const preview: ImportPreview = {
  headers: ['First', 'Last', 'E-mail', 'Mobile', 'Score'],
  suggested_mapping: { First: 'first_name', Last: 'last_name', 'E-mail': 'email', Mobile: 'phone' },
  sample_rows: [
    ['Ada', 'Lovelace', 'ada@x.io', '', '91'],
    ['Grace', 'Hopper', 'grace@x.io', '+12025550143', '91'],
    ['Ada', 'Byron', '', '+442071234567', '75'],
    ['Alan', 'Turing', 'alan@x.io', '', '60'],
  ],
  total_rows: 4,
  fields,
};

describe('initialMapping', () => {
  it('takes the suggestion and gives unsuggested headers an explicit null', () => {
    expect(initialMapping(preview)).toEqual({ First: 'first_name', Last: 'last_name', 'E-mail': 'email', Mobile: 'phone', Score: null });
  });
});

describe('sampleValues', () => {
  it('returns distinct non-empty values, capped', () => {
    expect(sampleValues(preview, 'First')).toEqual(['Ada', 'Grace', 'Alan']);
    expect(sampleValues(preview, 'Mobile')).toEqual(['+12025550143', '+442071234567']);
    expect(sampleValues(preview, 'Score', 2)).toEqual(['91', '75']);
    expect(sampleValues(preview, 'Nope')).toEqual([]);
  });
});

describe('validateMapping', () => {
  it('accepts a mapping with a contact field and no duplicates', () => {
    const v = validateMapping(initialMapping(preview), fields);
    expect(v.valid).toBe(true);
    expect(v.errors).toEqual([]);
  });

  it('requires email or phone', () => {
    const v = validateMapping({ First: 'first_name', 'E-mail': null, Mobile: null }, fields);
    expect(v.valid).toBe(false);
    expect(v.errors[0]).toMatch(/Email or Phone/);
  });

  it('flags every header mapped to the same field', () => {
    const v = validateMapping({ First: 'first_name', Last: 'first_name', 'E-mail': 'email' }, fields);
    expect(v.valid).toBe(false);
    expect(v.byHeader).toEqual({
      First: 'First name is also mapped from "Last".',
      Last: 'First name is also mapped from "First".',
    });
  });

  it('checks custom field names: present, well-formed and unique (case-insensitive)', () => {
    const v = validateMapping({ 'E-mail': 'email', Score: 'custom:', A: 'custom:lead score', B: 'custom:Lead Score', C: 'custom:bad/name' }, fields);
    expect(v.byHeader.Score).toMatch(/name/);
    expect(v.byHeader.A).toMatch(/also mapped from "B"/);
    expect(v.byHeader.B).toMatch(/also mapped from "A"/);
    expect(v.byHeader.C).toMatch(/letters, numbers/);
    expect(v.valid).toBe(false);
  });
});

describe('helpers', () => {
  it('slugifies headers for custom field names', () => {
    expect(slugifyHeader('Lead Score (%)')).toBe('lead_score');
    expect(slugifyHeader('  Größe ')).toBe('grosse');
    expect(slugifyHeader('Café – notes')).toBe('cafe_notes');
  });

  it('labels fields, including custom and ignored ones', () => {
    expect(fieldLabel(fields, 'email')).toBe('Email');
    expect(fieldLabel(fields, 'custom:score')).toBe('score (custom)');
    expect(fieldLabel(fields, null)).toBe('Ignored');
    expect(fieldLabel(fields, 'unknown_key')).toBe('unknown_key');
  });

  it('projects sample rows onto mapped fields only', () => {
    const s = mappedSample(preview, { First: 'first_name', Last: null, 'E-mail': 'email', Mobile: null, Score: 'custom:score' }, fields, 2);
    expect(s.columns.map((c) => c.label)).toEqual(['First name', 'Email', 'score (custom)']);
    expect(s.rows).toEqual([
      ['Ada', 'ada@x.io', '91'],
      ['Grace', 'grace@x.io', '91'],
    ]);
  });

  it('finds the header feeding a field', () => {
    expect(headerForField(initialMapping(preview), 'phone')).toBe('Mobile');
    expect(headerForField(initialMapping(preview), 'title')).toBeNull();
    expect(headerForField(initialMapping(preview), null)).toBeNull();
  });
});
