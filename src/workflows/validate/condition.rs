//! Static checks of a decision's JSONLogic condition: the shape is JSONLogic (one known operator
//! per object), every `var` names a fact the engine provides (docs/workflows.md, "Decision
//! facts"), and the condition can come out both ways. Nothing here evaluates a condition for a
//! lead; that is the engine's job.

use crate::domain::{Channel, Stage};
use serde_json::Value;

/// Why a decision's condition cannot be used as drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConditionProblem {
    /// Not JSONLogic: the message says where.
    Invalid(String),
    /// A `var` path the engine does not provide.
    UnknownFact(String),
    /// The condition reads no fact, so it always gives the same answer.
    Constant,
    /// A comparison with a value the fact never takes (e.g. `reply.intent == "maybe"`).
    ImpossibleValue { fact: String, value: String },
}

/// JSONLogic operators (jsonlogic.com/operations.html).
const OPERATORS: &[&str] = &[
    "var",
    "missing",
    "missing_some",
    "if",
    "?:",
    "==",
    "===",
    "!=",
    "!==",
    "!",
    "!!",
    "or",
    "and",
    ">",
    ">=",
    "<",
    "<=",
    "max",
    "min",
    "+",
    "-",
    "*",
    "/",
    "%",
    "map",
    "filter",
    "reduce",
    "all",
    "none",
    "some",
    "merge",
    "in",
    "cat",
    "substr",
];

/// Operators whose later arguments run per element of the first (their `var`s are relative).
const ITERATING: &[&str] = &["map", "filter", "reduce", "all", "none", "some"];

const EVENT_FACTS: [&str; 4] = [
    "events.replied",
    "events.opened",
    "events.clicked",
    "events.meeting_booked",
];
const INTENTS: [&str; 6] = [
    "interested",
    "not_interested",
    "question",
    "out_of_office",
    "unsubscribe",
    "other",
];
const SENTIMENTS: [&str; 3] = ["positive", "neutral", "negative"];
const CONSENT_STATES: [&str; 3] = ["granted", "revoked", "unknown"];

/// Checks `condition` and returns every problem found, most useful first.
pub fn check(condition: &Value) -> Vec<ConditionProblem> {
    let mut checker = Checker::default();
    checker.walk(condition, false);
    let mut problems = checker.problems;
    if problems.is_empty() && !checker.reads_fact {
        problems.push(ConditionProblem::Constant);
    }
    problems
}

#[derive(Default)]
struct Checker {
    problems: Vec<ConditionProblem>,
    reads_fact: bool,
}

impl Checker {
    /// `relative`: inside an iterating operator's body, where `var` names the current element.
    fn walk(&mut self, value: &Value, relative: bool) {
        match value {
            Value::Array(items) => items.iter().for_each(|item| self.walk(item, relative)),
            Value::Object(map) => {
                if map.len() != 1 {
                    self.problems.push(ConditionProblem::Invalid(format!(
                        "an operation is an object with exactly one operator, found {} keys",
                        map.len()
                    )));
                    return;
                }
                let (operator, arguments) = map.iter().next().expect("one entry");
                if !OPERATORS.contains(&operator.as_str()) {
                    self.problems.push(ConditionProblem::Invalid(format!(
                        "'{operator}' is not a JSONLogic operator"
                    )));
                    return;
                }
                match operator.as_str() {
                    "var" => self.var(arguments, relative),
                    "missing" | "missing_some" => self.reads_fact = true,
                    _ => {}
                }
                if operator != "var" {
                    self.comparison(operator, arguments);
                    self.arguments(operator, arguments, relative);
                }
            }
            _ => {}
        }
    }

    fn arguments(&mut self, operator: &str, arguments: &Value, relative: bool) {
        match arguments {
            Value::Array(items) if ITERATING.contains(&operator) => {
                for (position, item) in items.iter().enumerate() {
                    self.walk(item, relative || position > 0);
                }
            }
            other => self.walk(other, relative),
        }
    }

    fn var(&mut self, arguments: &Value, relative: bool) {
        let path = match arguments {
            Value::String(path) => path.clone(),
            Value::Array(items) => match items.first() {
                Some(Value::String(path)) => path.clone(),
                Some(Value::Number(number)) => number.to_string(),
                None => String::new(),
                Some(_) => {
                    self.problems.push(ConditionProblem::Invalid(
                        "var takes a path string, e.g. {\"var\": \"lead.stage\"}".into(),
                    ));
                    return;
                }
            },
            Value::Number(number) => number.to_string(),
            _ => {
                self.problems.push(ConditionProblem::Invalid(
                    "var takes a path string, e.g. {\"var\": \"lead.stage\"}".into(),
                ));
                return;
            }
        };
        if relative {
            return;
        }
        if known_fact(&path) {
            self.reads_fact = true;
        } else {
            self.problems.push(ConditionProblem::UnknownFact(path));
        }
    }

    /// `{"==": [{"var": fact}, literal]}` (either order) with a literal the fact never takes.
    fn comparison(&mut self, operator: &str, arguments: &Value) {
        if !matches!(operator, "==" | "===" | "!=" | "!==") {
            return;
        }
        let Some([left, right]) = arguments.as_array().map(Vec::as_slice) else {
            return;
        };
        let (fact, literal) = match (fact_path(left), fact_path(right)) {
            (Some(fact), None) => (fact, right),
            (None, Some(fact)) => (fact, left),
            _ => return,
        };
        if let Some(domain) = fact_domain(fact)
            && !domain.iter().any(|allowed| allowed == literal)
        {
            self.problems.push(ConditionProblem::ImpossibleValue {
                fact: fact.to_string(),
                value: literal.to_string(),
            });
        }
    }
}

/// The path of a `{"var": "path"}` operand.
fn fact_path(value: &Value) -> Option<&str> {
    match value.as_object()?.get("var")? {
        Value::String(path) => Some(path),
        Value::Array(items) => items.first()?.as_str(),
        _ => None,
    }
}

/// Whether the engine provides `path` (docs/workflows.md, "Decision facts").
fn known_fact(path: &str) -> bool {
    const EXACT: [&str; 5] = [
        "lead.stage",
        "lead.tags",
        "lead.timezone",
        "reply.intent",
        "reply.sentiment",
    ];
    if EXACT.contains(&path) || EVENT_FACTS.contains(&path) {
        return true;
    }
    if let Some(channel) = path.strip_prefix("lead.consent.") {
        return Channel::parse(channel).is_ok();
    }
    ["lead.fields.", "run.variant."].iter().any(|prefix| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| !rest.is_empty())
    })
}

/// Every value a fact with a closed set of values can take (`None`: any value).
fn fact_domain(path: &str) -> Option<Vec<Value>> {
    let strings = |values: &[&str]| values.iter().map(|v| Value::from(*v)).collect();
    match path {
        "lead.stage" => Some(Stage::ALL.iter().map(|s| Value::from(s.as_str())).collect()),
        "reply.intent" => Some(strings(&INTENTS)),
        "reply.sentiment" => Some(strings(&SENTIMENTS)),
        path if EVENT_FACTS.contains(&path) => Some(vec![Value::Bool(true), Value::Bool(false)]),
        path if path.starts_with("lead.consent.") => Some(strings(&CONSENT_STATES)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn conditions_are_checked_for_shape_facts_and_reachable_outcomes() {
        let cases: Vec<(Value, Vec<ConditionProblem>)> = vec![
            (json!({"==": [{"var": "lead.stage"}, "replied"]}), vec![]),
            (json!({"var": "events.replied"}), vec![]),
            (
                json!({"and": [{"in": ["vip", {"var": "lead.tags"}]},
                               {">": [{"var": "lead.fields.budget_usd"}, 100000]}]}),
                vec![],
            ),
            (
                json!({"some": [{"var": "lead.tags"}, {"==": [{"var": ""}, "vip"]}]}),
                vec![],
            ),
            (
                json!({"==": ["positive", {"var": "reply.sentiment"}]}),
                vec![],
            ),
            (json!({"==": [{"var": "run.variant.split"}, "B"]}), vec![]),
            (json!(true), vec![ConditionProblem::Constant]),
            (json!({"==": [1, 1]}), vec![ConditionProblem::Constant]),
            (
                json!({"==": [{"var": "lead.mood"}, "happy"]}),
                vec![ConditionProblem::UnknownFact("lead.mood".into())],
            ),
            (
                json!({"==": [{"var": "lead.consent.fax"}, "granted"]}),
                vec![ConditionProblem::UnknownFact("lead.consent.fax".into())],
            ),
            (
                json!({"==": [{"var": "reply.intent"}, "maybe"]}),
                vec![ConditionProblem::ImpossibleValue {
                    fact: "reply.intent".into(),
                    value: "\"maybe\"".into(),
                }],
            ),
            (
                json!({"===": [{"var": "events.opened"}, "yes"]}),
                vec![ConditionProblem::ImpossibleValue {
                    fact: "events.opened".into(),
                    value: "\"yes\"".into(),
                }],
            ),
            (
                json!({"launch": [1]}),
                vec![ConditionProblem::Invalid(
                    "'launch' is not a JSONLogic operator".into(),
                )],
            ),
            (
                json!({"==": [1, 1], "!=": [1, 2]}),
                vec![ConditionProblem::Invalid(
                    "an operation is an object with exactly one operator, found 2 keys".into(),
                )],
            ),
            (
                json!({"var": {"path": "lead.stage"}}),
                vec![ConditionProblem::Invalid(
                    "var takes a path string, e.g. {\"var\": \"lead.stage\"}".into(),
                )],
            ),
        ];
        for (condition, expected) in cases {
            assert_eq!(check(&condition), expected, "{condition}");
        }
    }
}
