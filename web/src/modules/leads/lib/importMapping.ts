import type { ColumnMapping, ImportField, ImportPreview } from '../types/importJob';

/** Select values that are not field keys. */
export const IGNORE = '__ignore__';
export const CUSTOM = '__custom__';
export const CUSTOM_PREFIX = 'custom:';

export function isCustomField(field: string | null | undefined): field is string {
  return !!field && field.startsWith(CUSTOM_PREFIX);
}

export function customName(field: string): string {
  return field.slice(CUSTOM_PREFIX.length);
}

/** "Lead Score (%)" → "lead_score". Used to pre-fill a custom field's name from its header. */
export function slugifyHeader(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 48);
}

/** Start from the server's suggestion; every header gets an explicit entry (null = ignore). */
export function initialMapping(preview: ImportPreview): ColumnMapping {
  const mapping: ColumnMapping = {};
  for (const header of preview.headers) mapping[header] = preview.suggested_mapping?.[header] ?? null;
  return mapping;
}

/** Up to `n` distinct, non-empty sample values of one column. */
export function sampleValues(preview: ImportPreview, header: string, n = 3): string[] {
  const idx = preview.headers.indexOf(header);
  if (idx === -1) return [];
  const out: string[] = [];
  for (const row of preview.sample_rows) {
    const v = (row[idx] ?? '').trim();
    if (v && !out.includes(v)) out.push(v);
    if (out.length >= n) break;
  }
  return out;
}

export function fieldLabel(fields: ImportField[], key: string | null): string {
  if (!key) return 'Ignored';
  if (isCustomField(key)) return `${customName(key) || 'Custom field'} (custom)`;
  return fields.find((f) => f.key === key)?.label ?? key;
}

export interface MappingValidation {
  /** Problems with the mapping as a whole. */
  errors: string[];
  /** Problems tied to one header, shown next to its select. */
  byHeader: Record<string, string>;
  valid: boolean;
}

const CONTACT_FIELDS = ['email', 'phone'];

export function validateMapping(mapping: ColumnMapping, fields: ImportField[]): MappingValidation {
  const errors: string[] = [];
  const byHeader: Record<string, string> = {};
  const headersFor = new Map<string, string[]>();

  for (const [header, field] of Object.entries(mapping)) {
    if (!field) continue;
    if (isCustomField(field)) {
      const name = customName(field).trim();
      if (!name) {
        byHeader[header] = 'Give this custom field a name.';
        continue;
      }
      if (!/^[A-Za-z0-9_ -]+$/.test(name)) {
        byHeader[header] = 'Use letters, numbers, spaces, dashes or underscores.';
        continue;
      }
    }
    const key = isCustomField(field) ? `${CUSTOM_PREFIX}${customName(field).trim().toLowerCase()}` : field;
    headersFor.set(key, [...(headersFor.get(key) ?? []), header]);
  }

  // A field fed by two columns is ambiguous: flag every column involved, naming the others.
  for (const headers of headersFor.values()) {
    if (headers.length < 2) continue;
    for (const header of headers) {
      const others = headers.filter((h) => h !== header).map((h) => `"${h}"`).join(', ');
      byHeader[header] = `${fieldLabel(fields, mapping[header])} is also mapped from ${others}.`;
    }
  }

  const mapped = new Set(Object.values(mapping).filter(Boolean));
  if (!CONTACT_FIELDS.some((f) => mapped.has(f))) {
    errors.push('Map a column to Email or Phone — every lead needs at least one of them.');
  }
  return { errors, byHeader, valid: errors.length === 0 && Object.keys(byHeader).length === 0 };
}

/** The sample rows as they will land: one column per mapped field, in header order. */
export function mappedSample(
  preview: ImportPreview,
  mapping: ColumnMapping,
  fields: ImportField[],
  limit = 5,
): { columns: { header: string; label: string }[]; rows: string[][] } {
  const columns = preview.headers
    .map((header, index) => ({ header, index, field: mapping[header] ?? null }))
    .filter((c) => c.field);
  return {
    columns: columns.map((c) => ({ header: c.header, label: fieldLabel(fields, c.field) })),
    rows: preview.sample_rows.slice(0, limit).map((row) => columns.map((c) => (row[c.index] ?? '').trim())),
  };
}

/** Which header feeds a given field (to point at the bad value in a rejected row). */
export function headerForField(mapping: ColumnMapping, field: string | null): string | null {
  if (!field) return null;
  for (const [header, f] of Object.entries(mapping)) if (f === field) return header;
  return null;
}
