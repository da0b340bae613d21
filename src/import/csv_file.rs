use encoding_rs::{UTF_8, WINDOWS_1252};

/// An uploaded CSV, decoded to text, with its header row.
pub struct CsvFile {
    pub headers: Vec<String>,
    text: String,
    delimiter: u8,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CsvFileError {
    #[error("the file is empty")]
    Empty,
    #[error(
        "the file has no header row: the first line must name the columns (e.g. first_name,last_name,email)"
    )]
    NoHeaders,
    #[error("column {0} has an empty header; name every column in the first line")]
    EmptyHeader(usize),
    #[error("the header '{0}' appears twice; column names must be unique")]
    DuplicateHeader(String),
    #[error(
        "this does not look like a CSV file (it contains binary data); export it from your spreadsheet as CSV"
    )]
    Binary,
    #[error("the CSV could not be read: {0}")]
    Malformed(String),
}

/// Decodes bytes that spreadsheets commonly produce: UTF-8 (with or without BOM), UTF-16 with a
/// BOM (Excel's "Unicode text"), and Windows-1252 (Excel's legacy CSV) as the fallback.
fn decode(bytes: &[u8]) -> Result<String, CsvFileError> {
    if let Some((encoding, bom_length)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
        return Ok(text.into_owned());
    }
    if bytes.iter().take(4096).any(|b| *b == 0) {
        return Err(CsvFileError::Binary);
    }
    match UTF_8.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => Ok(text.into_owned()),
        None => Ok(WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned()),
    }
}

/// Picks the delimiter that splits the header line into the most columns.
fn sniff_delimiter(text: &str) -> u8 {
    let first_line = text.lines().next().unwrap_or_default();
    [b',', b';', b'\t', b'|']
        .into_iter()
        .max_by_key(|d| first_line.matches(*d as char).count())
        .filter(|d| first_line.contains(*d as char))
        .unwrap_or(b',')
}

impl CsvFile {
    pub fn parse(bytes: &[u8]) -> Result<Self, CsvFileError> {
        if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            return Err(CsvFileError::Empty);
        }
        let text = decode(bytes)?;
        let delimiter = sniff_delimiter(&text);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(text.as_bytes());
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| CsvFileError::Malformed(e.to_string()))?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        if headers.is_empty() || headers.iter().all(String::is_empty) {
            return Err(CsvFileError::NoHeaders);
        }
        let mut seen = std::collections::HashSet::new();
        for (index, header) in headers.iter().enumerate() {
            if header.is_empty() {
                return Err(CsvFileError::EmptyHeader(index + 1));
            }
            if !seen.insert(header.to_lowercase()) {
                return Err(CsvFileError::DuplicateHeader(header.clone()));
            }
        }
        Ok(Self {
            headers,
            text,
            delimiter,
        })
    }

    /// Data rows with their 1-based line number in the spreadsheet sense (header = row 1).
    /// A row the CSV reader cannot read is returned as an error for that row only.
    pub fn rows(&self) -> impl Iterator<Item = (i64, Result<Vec<String>, String>)> + '_ {
        let reader = csv::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .flexible(true)
            .from_reader(self.text.as_bytes());
        reader.into_records().enumerate().map(|(index, record)| {
            let row_number = index as i64 + 2;
            let record = record
                .map(|r| r.iter().map(|cell| cell.trim().to_string()).collect())
                .map_err(|e| format!("the row could not be read as CSV: {e}"));
            (row_number, record)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_utf8_bom_semicolons_and_windows_1252() {
        let file =
            CsvFile::parse("\u{feff}Name;E-mail\nJosé;jose@example.com\n".as_bytes()).unwrap();
        assert_eq!(file.headers, ["Name", "E-mail"]);
        let rows: Vec<_> = file.rows().map(|(_, r)| r.unwrap()).collect();
        assert_eq!(rows, [vec!["José".to_string(), "jose@example.com".into()]]);

        let latin1 = b"name,email\nJos\xe9,jose@example.com\n";
        let file = CsvFile::parse(latin1).unwrap();
        assert_eq!(file.rows().next().unwrap().1.unwrap()[0], "José");
    }

    #[test]
    fn reads_utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "name,email\nAda,ada@example.com\n".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let file = CsvFile::parse(&bytes).unwrap();
        assert_eq!(file.headers, ["name", "email"]);
        assert_eq!(file.rows().count(), 1);
    }

    #[test]
    fn refuses_files_that_are_not_csv() {
        assert_eq!(CsvFile::parse(b"").err(), Some(CsvFileError::Empty));
        assert_eq!(
            CsvFile::parse(b"\x89PNG\r\n\x1a\n\x00\x00").err(),
            Some(CsvFileError::Binary)
        );
        assert_eq!(
            CsvFile::parse(b"a,,b\n1,2,3").err(),
            Some(CsvFileError::EmptyHeader(2))
        );
        assert_eq!(
            CsvFile::parse(b"email,Email\n").err(),
            Some(CsvFileError::DuplicateHeader("Email".into()))
        );
    }

    #[test]
    fn row_numbers_match_the_spreadsheet() {
        let file = CsvFile::parse(b"a,b\n1,2\n3,4\n").unwrap();
        let numbers: Vec<i64> = file.rows().map(|(n, _)| n).collect();
        assert_eq!(numbers, [2, 3]);
    }
}
