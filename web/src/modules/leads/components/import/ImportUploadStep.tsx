import { FileSpreadsheet, UploadCloud } from 'lucide-react';
import { useRef, useState, type DragEvent } from 'react';
import { Spinner } from '@/components/ui/spinner';
import { saveBlob } from '@/lib/api/saveBlob';
import { cn } from '@/lib/cn';
import { FormBanner } from '@/components/FormBanner';

const MAX_BYTES = 50 * 1024 * 1024;

const SAMPLE =
  'first_name,last_name,email,phone,company,title,tags\n' +
  'Ada,Lovelace,ada@analytical.example,+442071234567,Analytical Engines,CTO,"vip,uk"\n' +
  'Grace,Hopper,grace@navy.example,+12025550143,US Navy,Rear Admiral,enterprise\n';

interface Props {
  onFile: (file: File) => void;
  loading: boolean;
  error: string | null;
  fileName: string | null;
}

export function ImportUploadStep({ onFile, loading, error, fileName }: Props) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [localError, setLocalError] = useState<string | null>(null);

  function accept(file: File | undefined) {
    if (!file) return;
    if (!/\.(csv|txt)$/i.test(file.name) && file.type && !file.type.includes('csv') && file.type !== 'text/plain') {
      setLocalError(`"${file.name}" isn't a CSV file. Export your spreadsheet as CSV and try again.`);
      return;
    }
    if (file.size > MAX_BYTES) {
      setLocalError(`"${file.name}" is larger than 50 MB. Split it into smaller files.`);
      return;
    }
    if (file.size === 0) {
      setLocalError(`"${file.name}" is empty.`);
      return;
    }
    setLocalError(null);
    onFile(file);
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    accept(e.dataTransfer.files?.[0]);
  }

  const shownError = localError ?? error;

  return (
    <div className="grid gap-4 pb-3">
      {shownError && <FormBanner>{shownError}</FormBanner>}
      <label
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        className={cn(
          'group relative flex min-h-56 cursor-pointer flex-col items-center justify-center gap-3 rounded-xl border border-dashed border-border-strong bg-surface px-6 py-10 text-center transition-colors hover:border-primary/60 hover:bg-primary-tint/40 has-[:focus-visible]:border-ring has-[:focus-visible]:ring-3 has-[:focus-visible]:ring-ring/25',
          dragging && 'border-primary bg-primary-tint/60',
          loading && 'pointer-events-none',
        )}
        data-testid="import-dropzone"
      >
        <input
          ref={inputRef}
          type="file"
          accept=".csv,text/csv"
          className="sr-only"
          aria-label="Choose a CSV file"
          disabled={loading}
          onChange={(e) => {
            accept(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
        {loading ? (
          <>
            <Spinner className="size-6 text-primary-text" label="Reading file" />
            <div className="grid gap-1">
              <p className="text-sm font-medium">Reading {fileName ?? 'your file'}…</p>
              <p className="text-[13px] text-muted-foreground">Detecting columns and suggesting a mapping.</p>
            </div>
          </>
        ) : (
          <>
            <div className="flex size-11 items-center justify-center rounded-xl border border-border bg-surface-raised text-primary-text shadow-card transition-transform group-hover:-translate-y-0.5">
              <UploadCloud className="size-5" aria-hidden />
            </div>
            <div className="grid gap-1">
              <p className="text-sm font-medium">
                Drop a CSV file here, or <span className="text-primary-text underline-offset-4 group-hover:underline">browse</span>
              </p>
              <p className="text-[13px] text-muted-foreground">UTF-8 with a header row · up to 50 MB</p>
            </div>
          </>
        )}
      </label>
      <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-muted-foreground">
        <span className="flex items-center gap-1.5">
          <FileSpreadsheet className="size-3.5" aria-hidden />
          Duplicates (same email or phone) are merged, never doubled.
        </span>
        <button
          type="button"
          className="focus-ring rounded-sm font-medium text-primary-text hover:underline"
          onClick={() => saveBlob(new Blob([SAMPLE], { type: 'text/csv' }), 'omnireach-sample.csv')}
        >
          Download a sample CSV
        </button>
      </div>
    </div>
  );
}
