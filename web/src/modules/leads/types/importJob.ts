export interface ImportField {
  key: string;
  label: string;
}

/** Header → field key; `null` means ignore the column. */
export type ColumnMapping = Record<string, string | null>;

export interface ImportPreview {
  headers: string[];
  suggested_mapping: ColumnMapping;
  sample_rows: string[][];
  total_rows: number;
  fields: ImportField[];
}

export type ImportStatus = 'queued' | 'running' | 'completed' | 'failed';

export interface ImportJob {
  id: string;
  filename: string;
  status: ImportStatus;
  total_rows: number;
  processed_rows: number;
  created: number;
  merged: number;
  unchanged: number;
  rejected: number;
  error: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface ImportRejection {
  row_number: number;
  reason: string;
  field: string | null;
  raw: Record<string, string>;
}
