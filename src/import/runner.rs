use super::csv_file::CsvFile;
use super::mapping::{FieldKey, Mapping};
use super::rows::{ParsedRow, RowError, parse_row};
use crate::store::{ImportCounters, ImportJobRecord, ImportRejection, MergeOutcome, Store};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use tokio::sync::Semaphore;

/// Runs import jobs in the background, one at a time (SQLite has a single writer, and one job
/// saturating Postgres is enough), reporting progress in the job row after every batch.
#[derive(Clone)]
pub struct ImportRunner {
    store: Store,
    batch_rows: usize,
    permits: Arc<Semaphore>,
}

impl ImportRunner {
    pub fn new(store: Store, batch_rows: usize) -> Self {
        Self {
            store,
            batch_rows: batch_rows.max(1),
            permits: Arc::new(Semaphore::new(1)),
        }
    }

    pub fn start(&self, job: ImportJobRecord) {
        let runner = self.clone();
        tokio::spawn(async move {
            let _permit = runner.permits.acquire().await;
            let id = job.id.clone();
            if let Err(error) = runner.run(job).await {
                tracing::error!(import_job = %id, error = ?error, "import failed");
                let message = "The import stopped because of a server error; it has been logged. Re-run the import: rows already imported will not be duplicated.";
                let _ = runner.store.imports().finish(&id, Some(message)).await;
            }
        });
    }

    /// Restarts jobs a previous process left unfinished. Merging is idempotent, so each job is
    /// processed again from its stored file.
    pub async fn resume_unfinished(&self) -> anyhow::Result<usize> {
        let jobs = self.store.imports().unfinished().await?;
        let count = jobs.len();
        for job in jobs {
            tracing::info!(import_job = %job.id, "resuming interrupted import");
            self.start(job);
        }
        Ok(count)
    }

    async fn run(&self, job: ImportJobRecord) -> anyhow::Result<()> {
        let store = &self.store;
        store.imports().mark_running(&job.id).await?;
        let content = store.imports().content(&job.id).await?;
        let file = Arc::new(CsvFile::parse(&content)?);
        let raw_mapping: BTreeMap<String, Option<String>> = serde_json::from_str(&job.mapping)?;
        let mapping: Arc<Mapping> = Arc::new(
            raw_mapping
                .into_iter()
                .map(|(header, key)| (header, key.and_then(|k| FieldKey::parse(&k).ok())))
                .collect(),
        );
        let owners: Arc<HashMap<String, String>> = Arc::new(
            store
                .users()
                .list(&job.workspace_id)
                .await?
                .into_iter()
                .map(|u| (u.email, u.id))
                .collect(),
        );
        let reader = file.clone();
        let mut records: std::collections::VecDeque<(i64, Result<Vec<String>, String>)> =
            tokio::task::spawn_blocking(move || reader.rows().collect()).await?;
        let mut counters = ImportCounters {
            total_rows: records.len() as i64,
            ..ImportCounters::default()
        };
        store
            .imports()
            .record_progress(&job.id, counters, &[], &[])
            .await?;

        let mut start = 0usize;
        while !records.is_empty() {
            let batch: Vec<_> = records
                .drain(..self.batch_rows.min(records.len()))
                .collect();
            let (file_ref, mapping_ref, owners_ref) =
                (file.clone(), mapping.clone(), owners.clone());
            let country = job.default_country.clone();
            // Parsing (phone numbers especially) is CPU work: keep it off the async workers.
            let batch_started = std::time::Instant::now();
            let parsed: Vec<(i64, Vec<String>, Result<ParsedRow, RowError>)> =
                tokio::task::spawn_blocking(move || {
                    batch
                        .into_iter()
                        .map(|(row_number, cells)| match cells {
                            Ok(cells) => {
                                let parsed = parse_row(
                                    &file_ref.headers,
                                    &mapping_ref,
                                    &cells,
                                    country.as_deref(),
                                    &owners_ref,
                                );
                                (row_number, cells, parsed)
                            }
                            Err(reason) => (
                                row_number,
                                Vec::new(),
                                Err(RowError {
                                    field: None,
                                    reason,
                                }),
                            ),
                        })
                        .collect()
                })
                .await?;
            start += parsed.len();
            let raw_of = |cells: &[String]| -> String {
                let map: serde_json::Map<String, serde_json::Value> = file
                    .headers
                    .iter()
                    .zip(
                        cells
                            .iter()
                            .map(|c| serde_json::Value::String(c.clone()))
                            .chain(std::iter::repeat(serde_json::Value::String(String::new()))),
                    )
                    .map(|(h, v)| (h.clone(), v))
                    .collect();
                serde_json::Value::Object(map).to_string()
            };

            let companies: Vec<(String, Option<String>)> = parsed
                .iter()
                .filter_map(|(_, _, row)| row.as_ref().ok().and_then(|r| r.company.clone()))
                .collect();
            let parsed_at = batch_started.elapsed();
            let company_ids = store
                .companies()
                .resolve_names(&job.workspace_id, &companies)
                .await?;

            let mut rejections = Vec::new();
            let mut drafts = Vec::new();
            let mut draft_rows = Vec::new();
            for (row_number, cells, row) in parsed {
                match row {
                    Ok(mut row) => {
                        if let Some((name, _)) = &row.company {
                            row.draft.company_id = company_ids
                                .get(&crate::store::company_name_key(name))
                                .cloned();
                        }
                        drafts.push(row.draft);
                        draft_rows.push((row_number, cells));
                    }
                    Err(error) => rejections.push(ImportRejection {
                        row_number,
                        reason: error.reason,
                        field: error.field,
                        raw: raw_of(&cells),
                    }),
                }
            }
            let companies_at = batch_started.elapsed();
            let outcomes = store.leads().merge_batch(&job.workspace_id, drafts).await?;
            let merged_at = batch_started.elapsed();
            let mut lead_ids = Vec::new();
            for (outcome, (row_number, cells)) in outcomes.into_iter().zip(draft_rows) {
                match outcome {
                    Ok(MergeOutcome::Created(id)) => {
                        counters.created += 1;
                        lead_ids.push(id);
                    }
                    Ok(MergeOutcome::Merged(id)) => {
                        counters.merged += 1;
                        lead_ids.push(id);
                    }
                    Ok(MergeOutcome::Unchanged(id)) => {
                        counters.unchanged += 1;
                        lead_ids.push(id);
                    }
                    Err(reason) => rejections.push(ImportRejection {
                        row_number,
                        reason,
                        field: None,
                        raw: raw_of(&cells),
                    }),
                }
            }
            lead_ids.sort_unstable();
            lead_ids.dedup();
            counters.rejected += rejections.len() as i64;
            counters.processed_rows = start as i64;
            rejections.sort_by_key(|r| r.row_number);
            store
                .imports()
                .record_progress(&job.id, counters, &rejections, &lead_ids)
                .await?;
            tracing::debug!(
                import_job = %job.id,
                processed = counters.processed_rows,
                parse_ms = parsed_at.as_millis() as u64,
                companies_ms = (companies_at - parsed_at).as_millis() as u64,
                merge_ms = (merged_at - companies_at).as_millis() as u64,
                progress_ms = (batch_started.elapsed() - merged_at).as_millis() as u64,
                "import batch"
            );
        }
        store.imports().finish(&job.id, None).await?;
        tracing::info!(import_job = %job.id, created = counters.created, merged = counters.merged,
            unchanged = counters.unchanged, rejected = counters.rejected, "import completed");
        Ok(())
    }
}
