//! Reading graphs from untrusted JSON (a draft save, an imported file) and the export file.
//!
//! A hostile file is refused cheaply and in this order, each with its own [`ReadError`]:
//! size (checked by the caller as the body streams in), nesting depth (a byte scan, before any
//! parser recurses), then the header (`format`, `version`, how many nodes and edges, read with
//! serde's `IgnoredAny` so nothing is built), and only then the full graph, whose first problem
//! is reported with its path (`nodes[3].data.timeout_seconds`).

use super::graph::{FORMAT, FORMAT_VERSION, Graph, Node};
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

/// Largest import file.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;
/// Deepest nesting of arrays and objects in an import file.
pub const MAX_DEPTH: usize = 32;
pub const MAX_NODES: usize = 500;
pub const MAX_EDGES: usize = 2_000;

/// Why a graph or file was refused. Each variant has a stable code (see [`ReadError::code`]).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReadError {
    #[error("the file is larger than {} bytes", MAX_FILE_BYTES)]
    TooLarge,
    #[error("the file is not JSON: {0}")]
    NotJson(String),
    #[error("the file nests arrays and objects deeper than {MAX_DEPTH} levels")]
    TooDeep,
    #[error("the file is not an OmniReach workflow (format is {found}, expected \"{FORMAT}\")")]
    WrongFormat { found: String },
    #[error(
        "the file has format version {found}, newer than this server reads ({FORMAT_VERSION}); upgrade OmniReach to import it"
    )]
    NewerVersion { found: u64 },
    #[error("the graph has {found} steps; the limit is {MAX_NODES}")]
    TooManyNodes { found: usize },
    #[error("the graph has {found} connections; the limit is {MAX_EDGES}")]
    TooManyEdges { found: usize },
    #[error("{path}: '{step_type}' is not a step type")]
    UnknownStepType { path: String, step_type: String },
    #[error("{path}: {problem}")]
    Invalid { path: String, problem: String },
}

impl ReadError {
    pub fn code(&self) -> &'static str {
        match self {
            ReadError::TooLarge => "file_too_large",
            ReadError::NotJson(_) => "not_json",
            ReadError::TooDeep => "too_deep",
            ReadError::WrongFormat { .. } => "wrong_format",
            ReadError::NewerVersion { .. } => "newer_format_version",
            ReadError::TooManyNodes { .. } => "too_many_nodes",
            ReadError::TooManyEdges { .. } => "too_many_edges",
            ReadError::UnknownStepType { .. } => "unknown_step_type",
            ReadError::Invalid { .. } => "invalid_graph",
        }
    }

    /// Where in the document the problem is, when it is in one place.
    pub fn path(&self) -> Option<&str> {
        match self {
            ReadError::UnknownStepType { path, .. } | ReadError::Invalid { path, .. } => Some(path),
            _ => None,
        }
    }

    /// Prefixes the path, for a graph read from inside a larger body (`draft.nodes[0]...`).
    pub fn within(self, parent: &str) -> Self {
        let join = |path: String| {
            if path.is_empty() || path == "." {
                parent.to_string()
            } else {
                format!("{parent}.{path}")
            }
        };
        match self {
            ReadError::UnknownStepType { path, step_type } => ReadError::UnknownStepType {
                path: join(path),
                step_type,
            },
            ReadError::Invalid { path, problem } => ReadError::Invalid {
                path: join(path),
                problem,
            },
            other => other,
        }
    }
}

/// The export file: the graph plus the workflow's name and description.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExportFile<'a> {
    pub name: &'a str,
    pub description: &'a str,
    #[serde(flatten)]
    pub graph: &'a Graph,
}

/// An imported file, read.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedWorkflow {
    pub name: String,
    pub description: String,
    pub graph: Graph,
}

/// What is read before the graph is parsed: cheap to read whatever the file holds.
#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format: Option<serde_json::Value>,
    #[serde(default)]
    version: Option<serde_json::Value>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    nodes: Option<Vec<IgnoredAny>>,
    #[serde(default)]
    edges: Option<Vec<IgnoredAny>>,
}

/// Reads an export file (at most [`MAX_FILE_BYTES`], which the caller enforces while reading
/// the body; checked again here).
pub fn read_import(bytes: &[u8]) -> Result<ImportedWorkflow, ReadError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge);
    }
    check_depth(bytes)?;
    let header: Header = match serde_json::from_slice(bytes) {
        Ok(header) => header,
        Err(error) if error.is_syntax() || error.is_eof() => {
            return Err(ReadError::NotJson(error.to_string()));
        }
        Err(error) => {
            return Err(ReadError::Invalid {
                path: String::new(),
                problem: error.to_string(),
            });
        }
    };
    match &header.format {
        Some(serde_json::Value::String(format)) if format == FORMAT => {}
        other => {
            return Err(ReadError::WrongFormat {
                found: other.as_ref().map_or("missing".into(), |f| f.to_string()),
            });
        }
    }
    match &header.version {
        Some(version) => match version.as_u64() {
            Some(found) if found > u64::from(FORMAT_VERSION) => {
                return Err(ReadError::NewerVersion { found });
            }
            Some(found) if found >= 1 => {}
            _ => {
                return Err(ReadError::Invalid {
                    path: "version".into(),
                    problem: format!("expected a format version from 1 to {FORMAT_VERSION}"),
                });
            }
        },
        None => {
            return Err(ReadError::Invalid {
                path: "version".into(),
                problem: "missing; an export file states its format version".into(),
            });
        }
    }
    check_counts(
        header.nodes.as_ref().map_or(0, Vec::len),
        header.edges.as_ref().map_or(0, Vec::len),
    )?;
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| ReadError::NotJson(e.to_string()))?;
    let graph = read_graph(value)?;
    let name = header.name.unwrap_or_default();
    Ok(ImportedWorkflow {
        name: if name.trim().is_empty() {
            "Imported workflow".into()
        } else {
            name
        },
        description: header.description.unwrap_or_default(),
        graph,
    })
}

/// Parses a graph (a draft being saved, or an import's body), refusing more than
/// [`MAX_NODES`] / [`MAX_EDGES`] and naming the path of the first problem.
pub fn read_graph(value: serde_json::Value) -> Result<Graph, ReadError> {
    // The nodes are parsed one by one below, where their paths can be told exactly.
    let nodes = match &value {
        serde_json::Value::Object(map) => match map.get("nodes") {
            Some(serde_json::Value::Array(nodes)) => nodes.clone(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    let mut graph: Graph = serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        let problem = error.inner().to_string();
        node_error(&nodes, &path).unwrap_or(ReadError::Invalid { path, problem })
    })?;
    check_counts(graph.nodes.len(), graph.edges.len())?;
    if graph.version > FORMAT_VERSION {
        return Err(ReadError::NewerVersion {
            found: u64::from(graph.version),
        });
    }
    if graph.format != FORMAT {
        return Err(ReadError::WrongFormat {
            found: format!("\"{}\"", graph.format),
        });
    }
    graph.version = FORMAT_VERSION;
    Ok(graph)
}

/// Serde reports a problem inside a node only as far as `nodes[i]` (the step is flattened into
/// the node, which hides the inner path). Parse that node's step alone to name the field.
fn node_error(nodes: &[serde_json::Value], path: &str) -> Option<ReadError> {
    let index: usize = path
        .strip_prefix("nodes[")?
        .split(']')
        .next()?
        .parse()
        .ok()?;
    let node = nodes.get(index)?;
    let prefix = format!("nodes[{index}]");
    // "type" first, so serde reads the tag before the data and can follow the data's path.
    let step = format!(
        "{{\"type\":{},\"data\":{}}}",
        node.get("type").unwrap_or(&serde_json::Value::Null),
        node.get("data").unwrap_or(&serde_json::Value::Null)
    );
    let mut reader = serde_json::Deserializer::from_str(&step);
    let problem = match serde_path_to_error::deserialize::<_, super::graph::Step>(&mut reader) {
        Err(error)
            if !error.path().to_string().starts_with("data")
                && error.inner().to_string().starts_with("unknown variant") =>
        {
            ReadError::UnknownStepType {
                path: format!("{prefix}.type"),
                step_type: node["type"].as_str().unwrap_or_default().to_string(),
            }
        }
        Err(error) => ReadError::Invalid {
            path: format!("{prefix}.{}", error.path()),
            problem: error.inner().to_string(),
        },
        // The step is fine: the node's own fields are not.
        Ok(_) => match serde_path_to_error::deserialize::<_, Node>(node.clone()) {
            Err(error) => ReadError::Invalid {
                path: format!("{prefix}.{}", error.path()),
                problem: error.inner().to_string(),
            },
            Ok(_) => return None,
        },
    };
    Some(problem)
}

fn check_counts(nodes: usize, edges: usize) -> Result<(), ReadError> {
    if nodes > MAX_NODES {
        return Err(ReadError::TooManyNodes { found: nodes });
    }
    if edges > MAX_EDGES {
        return Err(ReadError::TooManyEdges { found: edges });
    }
    Ok(())
}

/// Refuses nesting deeper than [`MAX_DEPTH`] by counting brackets outside strings, so a file
/// of 100,000 `[` never reaches a recursive parser.
fn check_depth(bytes: &[u8]) -> Result<(), ReadError> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &byte in bytes {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(ReadError::TooDeep);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn file(nodes: serde_json::Value) -> Vec<u8> {
        serde_json::to_vec(&json!({
            "format": FORMAT, "version": 1, "name": "Imported", "description": "",
            "nodes": nodes, "edges": []
        }))
        .unwrap()
    }

    #[test]
    fn hostile_and_foreign_files_are_refused_with_their_code() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let many: Vec<_> = (0..10_000)
            .map(|i| json!({"id": format!("n{i}"), "type": "end", "data": {}}))
            .collect();
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (b"not json at all".to_vec(), "not_json"),
            (vec![b' '; MAX_FILE_BYTES + 1], "file_too_large"),
            (deep.into_bytes(), "too_deep"),
            (
                br#"{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}"#.to_vec(),
                "wrong_format",
            ),
            (file(json!(many)), "too_many_nodes"),
            (
                br#"{"format": "n8n", "version": 1, "nodes": []}"#.to_vec(),
                "wrong_format",
            ),
            (
                br#"{"format": "omnireach.workflow", "version": 99, "nodes": []}"#.to_vec(),
                "newer_format_version",
            ),
            (
                file(json!([{"id": "x", "type": "launch_rockets", "data": {}}])),
                "unknown_step_type",
            ),
            (
                file(json!([{"id": "w", "type": "wait_for_event",
                              "data": {"events": ["reply"], "timeout_seconds": "soon"}}])),
                "invalid_graph",
            ),
        ];
        for (bytes, code) in cases {
            let error = read_import(&bytes).unwrap_err();
            assert_eq!(error.code(), code, "{error}");
        }
    }

    #[test]
    fn a_bad_field_is_named_by_its_path() {
        let error = read_import(&file(json!([
            {"id": "t", "type": "trigger", "data": {"kind": "manual"}},
            {"id": "w", "type": "wait_for_event",
             "data": {"events": ["reply"], "timeout_seconds": "soon"}}
        ])))
        .unwrap_err();
        assert_eq!(
            error.path(),
            Some("nodes[1].data.timeout_seconds"),
            "{error}"
        );
        let error = read_import(&file(
            json!([{"id": "x", "type": "launch_rockets", "data": {}}]),
        ))
        .unwrap_err();
        assert_eq!(error.path(), Some("nodes[0].type"));
        assert!(error.to_string().contains("launch_rockets"));
        let error = read_import(&file(json!([{"id": "s", "type": "send",
            "data": {"channel": "fax", "source": "text", "body": "Hi"}}])))
        .unwrap_err();
        assert_eq!(
            (error.code(), error.path()),
            ("invalid_graph", Some("nodes[0].data.channel")),
            "{error}"
        );
        let error = read_graph(json!({"nodes": [], "edges": [{"id": "e", "source": 1}]}))
            .unwrap_err()
            .within("draft");
        assert_eq!(error.path(), Some("draft.edges[0].source"), "{error}");
    }

    #[test]
    fn brackets_inside_strings_do_not_count_as_depth() {
        let text = "[".repeat(100);
        let bytes = file(
            json!([{"id": "t", "type": "trigger", "data": {"kind": "manual"},
                                 "label": text, "note": "a \\\" [[[[ quote"}]),
        );
        let imported = read_import(&bytes).unwrap();
        assert_eq!(imported.graph.nodes.len(), 1);
        assert_eq!(imported.name, "Imported");
    }

    #[test]
    fn an_export_reads_back_as_the_same_graph() {
        let graph = read_graph(json!({
            "nodes": [{"id": "t", "type": "trigger", "position": {"x": 0, "y": 0},
                       "data": {"kind": "manual"}}],
            "edges": []
        }))
        .unwrap();
        let bytes = serde_json::to_vec(&ExportFile {
            name: "Mine",
            description: "About it",
            graph: &graph,
        })
        .unwrap();
        let imported = read_import(&bytes).unwrap();
        assert_eq!(imported.graph, graph);
        assert_eq!(
            (imported.name.as_str(), imported.description.as_str()),
            ("Mine", "About it")
        );
    }
}
