//! CSV lead import: reading uploads in any common encoding, suggesting a column mapping,
//! validating each row into a [`LeadDraft`](crate::store::LeadDraft), and the background runner
//! that merges rows in batches while reporting progress.

mod csv_file;
mod mapping;
mod rows;
mod runner;

pub use csv_file::{CsvFile, CsvFileError};
pub use mapping::{FIELDS, FieldKey, Mapping, suggest_mapping};
pub use rows::{RowError, parse_row};
pub use runner::ImportRunner;
