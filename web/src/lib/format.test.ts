import { describe, expect, it } from 'vitest';
import { formatCompact, formatDate, formatNumber, formatPercent, formatRelative, humanize, initials, pluralize } from './format';

const NOW = new Date('2025-06-15T12:00:00Z');

describe('format', () => {
  it('formats numbers with separators and a dash for missing values', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(null)).toBe('—');
    expect(formatCompact(9_999)).toBe('9,999');
    expect(formatCompact(125_000)).toBe('125K');
  });

  it('formats percentages without claiming 0% for tiny shares', () => {
    expect(formatPercent(1, 3)).toBe('33%');
    expect(formatPercent(1, 1000)).toBe('<1%');
    expect(formatPercent(5, 0)).toBe('0%');
  });

  it('formats relative times in both directions', () => {
    expect(formatRelative('2025-06-15T11:59:40Z', NOW)).toBe('just now');
    expect(formatRelative('2025-06-15T11:55:00Z', NOW)).toBe('5 min ago');
    expect(formatRelative('2025-06-15T09:00:00Z', NOW)).toBe('3 h ago');
    expect(formatRelative('2025-06-13T12:00:00Z', NOW)).toBe('2 d ago');
    expect(formatRelative('2025-06-18T12:00:00Z', NOW)).toBe('in 3 d');
    expect(formatRelative('2025-05-01T12:00:00Z', NOW)).toBe('May 1');
    expect(formatRelative('not a date', NOW)).toBe('—');
  });

  it('omits the year only for dates in the current year', () => {
    expect(formatDate('2025-03-04T10:00:00Z', NOW)).toBe('Mar 4');
    expect(formatDate('2023-03-04T10:00:00Z', NOW)).toBe('Mar 4, 2023');
    expect(formatDate(null, NOW)).toBe('—');
  });

  it('derives initials from names and emails', () => {
    expect(initials('Ada Lovelace')).toBe('AL');
    expect(initials('  grace  brewster  hopper ')).toBe('GH');
    expect(initials('Cher')).toBe('C');
    expect(initials('jean-luc.picard@starfleet.org')).toBe('JP');
    expect(initials('Élodie Ünal')).toBe('ÉÜ');
    expect(initials('')).toBe('?');
    expect(initials(null)).toBe('?');
  });

  it('pluralizes and humanizes', () => {
    expect(pluralize(1, 'lead')).toBe('1 lead');
    expect(pluralize(2500, 'lead')).toBe('2,500 leads');
    expect(humanize('do_not_contact')).toBe('Do not contact');
    expect(humanize('csv-import')).toBe('Csv import');
  });
});
