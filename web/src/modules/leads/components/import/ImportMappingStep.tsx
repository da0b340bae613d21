import { ArrowRight, CircleAlert } from 'lucide-react';
import { Input } from '@/components/ui/input';
import { Select, SelectContent, SelectItem, SelectSeparator, SelectTrigger, SelectValue } from '@/components/ui/select';
import { cn } from '@/lib/cn';
import {
  CUSTOM,
  CUSTOM_PREFIX,
  IGNORE,
  customName,
  isCustomField,
  sampleValues,
  slugifyHeader,
  type MappingValidation,
} from '../../lib/importMapping';
import type { ColumnMapping, ImportPreview } from '../../types/importJob';

interface Props {
  preview: ImportPreview;
  mapping: ColumnMapping;
  onChange: (mapping: ColumnMapping) => void;
  validation: MappingValidation;
}

export function ImportMappingStep({ preview, mapping, onChange, validation }: Props) {
  const mappedCount = Object.values(mapping).filter(Boolean).length;
  const fields = preview.fields.filter((f) => !f.key.startsWith(CUSTOM_PREFIX));

  function set(header: string, value: string | null) {
    onChange({ ...mapping, [header]: value });
  }

  return (
    <div className="grid gap-3 pb-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-[13px] text-muted-foreground">
          Match each column in your file to a lead field. We suggested a mapping; change anything that looks wrong.
        </p>
        <p className="text-xs text-muted-foreground tabular-nums" aria-live="polite">
          {mappedCount} of {preview.headers.length} columns mapped
        </p>
      </div>
      {validation.errors.map((e) => (
        <p key={e} role="alert" className="flex items-center gap-2 rounded-lg border border-warning/30 bg-warning-tint px-3 py-2 text-[13px] text-warning">
          <CircleAlert className="size-4 shrink-0" aria-hidden />
          {e}
        </p>
      ))}
      <div className="overflow-hidden rounded-lg border border-border">
        <div className="hidden grid-cols-[minmax(0,1fr)_24px_minmax(0,1fr)] gap-3 border-b border-border bg-surface px-3 py-2 text-xs font-medium text-muted-foreground sm:grid">
          <span>Column in your file</span>
          <span />
          <span>Lead field</span>
        </div>
        <ul className="divide-y divide-border">
          {preview.headers.map((header) => {
            const value = mapping[header] ?? null;
            const custom = isCustomField(value);
            const samples = sampleValues(preview, header);
            const error = validation.byHeader[header];
            const selectValue = value === null ? IGNORE : custom ? CUSTOM : value;
            const selectId = `map-${slugifyHeader(header) || 'col'}-${preview.headers.indexOf(header)}`;
            return (
              <li
                key={header}
                className={cn('grid gap-2 px-3 py-2.5 sm:grid-cols-[minmax(0,1fr)_24px_minmax(0,1fr)] sm:items-start sm:gap-3', !value && 'bg-surface/60')}
                data-testid="mapping-row"
                data-header={header}
              >
                <div className="grid min-w-0 gap-0.5">
                  <label htmlFor={selectId} className={cn('truncate text-[13px] font-medium', !value && 'text-muted-foreground')}>
                    {header}
                  </label>
                  <span className="truncate text-xs text-muted-foreground" title={samples.join(', ')}>
                    {samples.length ? samples.join(' · ') : <em className="not-italic text-subtle-foreground">No sample values</em>}
                  </span>
                </div>
                <ArrowRight className="mt-2 hidden size-4 text-subtle-foreground sm:block" aria-hidden />
                <div className="grid gap-1.5">
                  <Select
                    value={selectValue}
                    onValueChange={(v) => {
                      if (v === IGNORE) set(header, null);
                      else if (v === CUSTOM) set(header, `${CUSTOM_PREFIX}${slugifyHeader(header)}`);
                      else set(header, v);
                    }}
                  >
                    <SelectTrigger id={selectId} aria-invalid={!!error || undefined} aria-describedby={error ? `${selectId}-error` : undefined}>
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      <SelectItem value={IGNORE}>Ignore this column</SelectItem>
                      <SelectSeparator />
                      {fields.map((f) => (
                        <SelectItem key={f.key} value={f.key}>
                          {f.label}
                        </SelectItem>
                      ))}
                      <SelectSeparator />
                      <SelectItem value={CUSTOM}>Custom field…</SelectItem>
                    </SelectContent>
                  </Select>
                  {custom && (
                    <Input
                      aria-label={`Custom field name for ${header}`}
                      value={customName(value)}
                      placeholder="custom_field_name"
                      onChange={(e) => set(header, `${CUSTOM_PREFIX}${e.target.value}`)}
                    />
                  )}
                  {error && (
                    <p id={`${selectId}-error`} className="text-xs text-danger">
                      {error}
                    </p>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}
