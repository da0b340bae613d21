import { useMemo } from 'react';
import { Label } from '@/components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { formatNumber } from '@/lib/format';
import { mappedSample } from '../../lib/importMapping';
import { NO_COUNTRY, countries } from '../../lib/countries';
import type { ColumnMapping, ImportPreview } from '../../types/importJob';

interface Props {
  preview: ImportPreview;
  mapping: ColumnMapping;
  country: string;
  onCountryChange: (c: string) => void;
  fileName: string;
}

export function ImportReviewStep({ preview, mapping, country, onCountryChange, fileName }: Props) {
  const sample = useMemo(() => mappedSample(preview, mapping, preview.fields), [preview, mapping]);
  const list = useMemo(() => countries(), []);
  const phoneMapped = Object.values(mapping).includes('phone');

  return (
    <div className="grid gap-5 pb-3">
      <div className="grid gap-3 rounded-lg border border-border bg-surface px-4 py-3 sm:grid-cols-3">
        <div className="grid gap-0.5">
          <span className="text-xs text-muted-foreground">File</span>
          <span className="truncate text-[13px] font-medium" title={fileName}>
            {fileName}
          </span>
        </div>
        <div className="grid gap-0.5">
          <span className="text-xs text-muted-foreground">Rows to import</span>
          <span className="text-[13px] font-medium tabular-nums">{formatNumber(preview.total_rows)}</span>
        </div>
        <div className="grid gap-0.5">
          <span className="text-xs text-muted-foreground">Columns mapped</span>
          <span className="text-[13px] font-medium tabular-nums">
            {sample.columns.length} of {preview.headers.length}
          </span>
        </div>
      </div>

      <div className="grid gap-1.5 sm:max-w-sm">
        <Label htmlFor="import-country">Default country for phone numbers</Label>
        <Select value={country} onValueChange={onCountryChange}>
          <SelectTrigger id="import-country" aria-describedby="import-country-hint">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={NO_COUNTRY}>None — numbers include a +country code</SelectItem>
            {list.map((c) => (
              <SelectItem key={c.code} value={c.code}>
                {c.name}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        <p id="import-country-hint" className="text-xs text-muted-foreground">
          {phoneMapped
            ? 'Numbers without a +country code are read as local numbers of this country and converted to E.164.'
            : 'No column is mapped to Phone, so this setting has no effect.'}
        </p>
      </div>

      <div className="grid gap-2">
        <h3 className="text-[13px] font-medium">First rows as they will be imported</h3>
        <div className="scrollbar-thin overflow-x-auto rounded-lg border border-border">
          <table className="w-full text-[13px]">
            <thead>
              <tr className="border-b border-border bg-surface">
                {sample.columns.map((c) => (
                  <th key={c.header} scope="col" className="whitespace-nowrap px-3 py-2 text-left text-xs font-medium text-muted-foreground">
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {sample.rows.map((row, i) => (
                <tr key={i} className="border-b border-border last:border-0">
                  {row.map((v, j) => (
                    <td key={j} className="max-w-[220px] truncate whitespace-nowrap px-3 py-2" title={v}>
                      {v || <span className="text-subtle-foreground">—</span>}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="text-xs text-muted-foreground">
          Every row is validated. Rows with an invalid email or phone are skipped and listed in a report you can download.
        </p>
      </div>
    </div>
  );
}
