//! Decision conditions: JSONLogic (<https://jsonlogic.com>) evaluated by `datalogic-rs` over a
//! run's facts (see docs/workflows.md for the fact names). JSONLogic's own truthiness decides
//! the branch: `false`, `null`, `0`, `""` and `[]` are "no", everything else "yes".

use serde_json::Value;

/// Why a condition could not be evaluated (a malformed rule or an unknown operator).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the decision's condition is not valid JSONLogic: {0}")]
pub struct ConditionError(pub String);

/// Evaluates `condition` over `facts`; `true` takes the `yes` branch.
pub fn evaluate(condition: &Value, facts: &Value) -> Result<bool, ConditionError> {
    let result = datalogic_rs::eval_str(condition.to_string().as_str(), facts.to_string().as_str())
        .map_err(|e| ConditionError(e.to_string()))?;
    let value: Value =
        serde_json::from_str(&result).map_err(|e| ConditionError(format!("result: {e}")))?;
    Ok(truthy(&value))
}

fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn evaluates_over_nested_facts() {
        let facts =
            json!({"lead": {"stage": "replied", "tags": ["vip"]}, "events": {"opened": true}});
        assert!(evaluate(&json!({"==": [{"var": "lead.stage"}, "replied"]}), &facts).unwrap());
        assert!(!evaluate(&json!({"==": [{"var": "lead.stage"}, "won"]}), &facts).unwrap());
        assert!(evaluate(&json!({"in": ["vip", {"var": "lead.tags"}]}), &facts).unwrap());
        assert!(
            evaluate(
                &json!({"and": [{"var": "events.opened"}, {"!": {"var": "events.replied"}}]}),
                &facts
            )
            .unwrap()
        );
    }

    #[test]
    fn a_missing_fact_is_falsy_and_a_bad_rule_is_an_error() {
        assert!(!evaluate(&json!({"var": "reply.intent"}), &json!({})).unwrap());
        assert!(evaluate(&json!({"no_such_operator": [1]}), &json!({})).is_err());
    }
}
