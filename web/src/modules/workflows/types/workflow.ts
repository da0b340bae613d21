import type { Graph } from './graph';

export interface WorkflowSummary {
  id: string;
  name: string;
  description: string | null;
  latest_version: number | null;
  has_unpublished_changes: boolean;
  node_count: number;
  updated_at: string | number;
}

export interface Workflow {
  id: string;
  name: string;
  description: string | null;
  draft: Graph;
  latest_version: number | null;
  has_unpublished_changes: boolean;
  created_at: string | number;
  updated_at: string | number;
}

export interface Finding {
  severity: 'error' | 'warning';
  code: string;
  node_id?: string | null;
  edge_id?: string | null;
  message: string;
  fix: string;
}

export interface ValidationResult {
  valid: boolean;
  findings: Finding[];
}

export interface VersionSummary {
  version: number;
  note: string | null;
  published_by: string | null;
  published_at: string | number;
  node_count: number;
}

export interface Version extends VersionSummary {
  graph: Graph;
}

export interface WorkflowTemplate {
  key: string;
  name: string;
  description: string;
  graph: Graph;
}
