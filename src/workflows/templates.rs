//! Workflows to start from ("3-touch email", "email → SMS fallback", "reactivation", and the
//! demo workflow), laid out as a person would draw them: top to bottom, one row every 160 px,
//! branches spread sideways. They validate without errors in any workspace (tested), so a new
//! user can publish one as is.

use super::graph::Graph;
use serde_json::{Value, json};

/// Vertical distance between rows.
const ROW: f64 = 160.0;
/// Horizontal distance between branches.
const COLUMN: f64 = 280.0;

const DAY: i64 = 86_400;

pub struct WorkflowTemplate {
    pub key: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    pub graph: Graph,
}

pub fn all() -> Vec<WorkflowTemplate> {
    vec![
        WorkflowTemplate {
            key: "three_touch_email",
            name: "3-touch email",
            description: "Three emails a few days apart; stops as soon as the lead replies.",
            graph: three_touch_email(),
        },
        WorkflowTemplate {
            key: "email_sms_fallback",
            name: "Email → SMS fallback",
            description: "An email, then an SMS after two days without a reply, if the lead consented to SMS.",
            graph: email_sms_fallback(),
        },
        WorkflowTemplate {
            key: "reactivation",
            name: "Reactivation",
            description: "Wakes up cold leads: tags them, emails, and hands the interested ones to the AI agent.",
            graph: reactivation(),
        },
        WorkflowTemplate {
            key: "demo",
            name: "Demo: email, then SMS or LinkedIn, then the AI agent",
            description: "Email, wait 2 days for a reply; if none, SMS where consented (else a LinkedIn task), wait a day, hand the lead to the AI agent.",
            graph: demo(None, None),
        },
    ]
}

pub fn find(key: &str) -> Option<WorkflowTemplate> {
    all().into_iter().find(|template| template.key == key)
}

/// A node at `column` (0 = the main line, ±1 = a branch beside it) and `row`.
fn node(id: &str, column: f64, row: u32, step_type: &str, data: Value) -> Value {
    json!({
        "id": id,
        "type": step_type,
        "position": {"x": column * COLUMN, "y": f64::from(row) * ROW},
        "data": data,
    })
}

/// Edges named `source-branch-target`, unique within a graph.
fn edge(source: &str, branch: Option<&str>, target: &str) -> Value {
    let mut edge = json!({
        "id": format!("{source}-{}-{target}", branch.unwrap_or("out")),
        "source": source,
        "target": target,
    });
    if let Some(branch) = branch {
        edge["sourceHandle"] = json!(branch);
    }
    edge
}

fn graph(nodes: Vec<Value>, edges: Vec<Value>) -> Graph {
    serde_json::from_value(json!({"nodes": nodes, "edges": edges}))
        .expect("a built-in template is a valid graph (tested)")
}

fn email(subject: &str, body: &str) -> Value {
    json!({"channel": "email", "source": "text", "subject": subject, "body": body})
}

fn wait_for_reply(days: i64) -> Value {
    json!({"events": ["reply"], "timeout_seconds": days * DAY})
}

fn three_touch_email() -> Graph {
    graph(
        vec![
            node("trigger", 0.0, 0, "trigger", json!({"kind": "manual"})),
            node(
                "email_1",
                0.0,
                1,
                "send",
                email(
                    "Quick question, {{first_name}}",
                    "Hi {{first_name}},\n\nI work with teams like {{company}} on finding the right property faster. Would a 15-minute call this week be useful?\n\n{{sender_name}}",
                ),
            ),
            node("wait_1", 0.0, 2, "wait_for_event", wait_for_reply(3)),
            node(
                "email_2",
                0.0,
                3,
                "send",
                email(
                    "Re: Quick question, {{first_name}}",
                    "Hi {{first_name}}, just bringing this back to the top of your inbox. Here is my calendar if it is easier: {{booking_link}}\n\n{{sender_name}}",
                ),
            ),
            node("wait_2", 0.0, 4, "wait_for_event", wait_for_reply(4)),
            node(
                "email_3",
                0.0,
                5,
                "send",
                email(
                    "Should I close your file?",
                    "Hi {{first_name}}, I have not heard back, so I will assume the timing is not right. Reply any time if that changes.\n\n{{sender_name}}",
                ),
            ),
            node("done", 0.0, 6, "end", json!({"outcome": "end"})),
            node("replied", 1.0, 5, "end", json!({"outcome": "goal"})),
        ],
        vec![
            edge("trigger", None, "email_1"),
            edge("email_1", None, "wait_1"),
            edge("wait_1", Some("timeout"), "email_2"),
            edge("wait_1", Some("event"), "replied"),
            edge("email_2", None, "wait_2"),
            edge("wait_2", Some("timeout"), "email_3"),
            edge("wait_2", Some("event"), "replied"),
            edge("email_3", None, "done"),
        ],
    )
}

fn email_sms_fallback() -> Graph {
    graph(
        vec![
            node("trigger", 0.0, 0, "trigger", json!({"kind": "manual"})),
            node(
                "email",
                0.0,
                1,
                "send",
                email(
                    "Hello from {{sender_name}}",
                    "Hi {{first_name}},\n\nThanks for your interest. When would suit you for a short call? {{booking_link}}\n\n{{sender_name}}",
                ),
            ),
            node("wait_reply", 0.0, 2, "wait_for_event", wait_for_reply(2)),
            node(
                "sms_consent",
                0.0,
                3,
                "decision",
                json!({"condition": {"==": [{"var": "lead.consent.sms"}, "granted"]}}),
            ),
            node(
                "sms",
                -0.5,
                4,
                "send",
                json!({"channel": "sms", "source": "text",
                "body": "Hi {{first_name}}, it's {{sender_name}}. Did you see my email? Reply here if a text is easier."}),
            ),
            node("wait_sms", -0.5, 5, "wait_for_event", wait_for_reply(2)),
            node("no_reply", 0.0, 6, "end", json!({"outcome": "end"})),
            node("replied", 1.0, 6, "end", json!({"outcome": "goal"})),
        ],
        vec![
            edge("trigger", None, "email"),
            edge("email", None, "wait_reply"),
            edge("wait_reply", Some("event"), "replied"),
            edge("wait_reply", Some("timeout"), "sms_consent"),
            edge("sms_consent", Some("yes"), "sms"),
            edge("sms_consent", Some("no"), "no_reply"),
            edge("sms", None, "wait_sms"),
            edge("wait_sms", Some("event"), "replied"),
            edge("wait_sms", Some("timeout"), "no_reply"),
        ],
    )
}

fn reactivation() -> Graph {
    graph(
        vec![
            node(
                "trigger",
                0.0,
                0,
                "trigger",
                json!({"kind": "segment", "segment": {"stage": "lost"}}),
            ),
            node(
                "tag",
                0.0,
                1,
                "update_lead",
                json!({"add_tags": ["reactivation"]}),
            ),
            node(
                "email",
                0.0,
                2,
                "send",
                email(
                    "Still looking, {{first_name}}?",
                    "Hi {{first_name}},\n\nA few new listings came up that match what you were after. Want me to send them over?\n\n{{sender_name}}",
                ),
            ),
            node(
                "wait_reply",
                0.0,
                3,
                "wait_for_event",
                json!({"events": ["reply", "click"], "timeout_seconds": 5 * DAY}),
            ),
            node(
                "interested",
                0.0,
                4,
                "decision",
                json!({"condition": {"==": [{"var": "reply.intent"}, "interested"]}}),
            ),
            node(
                "reopen",
                -0.5,
                5,
                "update_lead",
                json!({"stage": "contacted"}),
            ),
            node("to_agent", -0.5, 6, "hand_off", json!({"to": "ai"})),
            node("done", 0.5, 5, "end", json!({"outcome": "end"})),
            node("no_answer", 1.0, 4, "end", json!({"outcome": "end"})),
        ],
        vec![
            edge("trigger", None, "tag"),
            edge("tag", None, "email"),
            edge("email", None, "wait_reply"),
            edge("wait_reply", Some("event"), "interested"),
            edge("wait_reply", Some("timeout"), "no_answer"),
            edge("interested", Some("yes"), "reopen"),
            edge("interested", Some("no"), "done"),
            edge("reopen", None, "to_agent"),
        ],
    )
}

/// The demo workflow (issue 5, "Demo data"): email → wait 2 days for a reply → replied: done;
/// not: SMS where consented, else a LinkedIn task → wait 1 day → hand off to the AI agent.
/// `agent_id` and `email_template_id` tie it to a workspace's agent and email template (the
/// demo seed); without them the email is written in the step and the workspace's default
/// agent takes over.
pub fn demo(agent_id: Option<&str>, email_template_id: Option<&str>) -> Graph {
    let first_email = match email_template_id {
        Some(template_id) => json!({"channel": "email", "source": "template",
            "subject": "A few homes you might like, {{first_name}}", "template_id": template_id}),
        None => email(
            "A few homes you might like, {{first_name}}",
            "Hi {{first_name}},\n\nThanks for reaching out. I pulled together three listings that match what you described. Would a quick call this week work? {{booking_link}}\n\n{{sender_name}}",
        ),
    };
    let mut hand_off = json!({"to": "ai"});
    if let Some(agent_id) = agent_id {
        hand_off["agent_id"] = json!(agent_id);
    }
    graph(
        vec![
            node("trigger", 0.0, 0, "trigger", json!({"kind": "manual"})),
            node("email", 0.0, 1, "send", first_email),
            node("wait_reply", 0.0, 2, "wait_for_event", wait_for_reply(2)),
            node("replied", 1.0, 3, "end", json!({"outcome": "goal"})),
            node(
                "follow_up",
                0.0,
                3,
                "channel_fallback",
                json!({
                    "channels": ["sms", "linkedin"], "source": "text",
                    "body": "Hi {{first_name}}, it's {{sender_name}}. I emailed you a few listings on Tuesday; happy to walk you through them. Reply here any time.",
                }),
            ),
            node(
                "wait_day",
                0.0,
                4,
                "wait",
                json!({"mode": "duration", "seconds": DAY}),
            ),
            node("to_agent", 0.0, 5, "hand_off", hand_off),
        ],
        vec![
            edge("trigger", None, "email"),
            edge("email", None, "wait_reply"),
            edge("wait_reply", Some("event"), "replied"),
            edge("wait_reply", Some("timeout"), "follow_up"),
            edge("follow_up", Some("sent"), "wait_day"),
            edge("follow_up", Some("none"), "wait_day"),
            edge("wait_day", None, "to_agent"),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflows::graph::Step;
    use crate::workflows::validate::{Facts, Severity, validate};

    #[test]
    fn every_template_validates_without_errors_in_an_empty_workspace() {
        for template in all() {
            let errors: Vec<_> = validate(&template.graph, &Facts::default())
                .into_iter()
                .filter(|f| f.severity == Severity::Error)
                .collect();
            assert!(errors.is_empty(), "{}: {errors:#?}", template.key);
        }
    }

    #[test]
    fn templates_are_laid_out_top_to_bottom_along_their_edges() {
        for template in all() {
            let graph = &template.graph;
            for edge in &graph.edges {
                let source = graph.node(&edge.source).unwrap().position;
                let target = graph.node(&edge.target).unwrap().position;
                assert!(target.y > source.y, "{}: {edge:?}", template.key);
                assert_eq!((target.y - source.y) % ROW, 0.0, "{}", template.key);
            }
            let mut spots: Vec<_> = graph
                .nodes
                .iter()
                .map(|n| (n.position.x as i64, n.position.y as i64))
                .collect();
            spots.sort_unstable();
            spots.dedup();
            assert_eq!(
                spots.len(),
                graph.nodes.len(),
                "{}: overlapping steps",
                template.key
            );
        }
    }

    #[test]
    fn the_demo_takes_the_workspace_agent_and_template_when_given() {
        let graph = demo(Some("agent-7"), Some("template-3"));
        let Step::HandOff(hand_off) = &graph.node("to_agent").unwrap().step else {
            panic!("not a hand-off")
        };
        assert_eq!(hand_off.agent_id.as_deref(), Some("agent-7"));
        let Step::Send(send) = &graph.node("email").unwrap().step else {
            panic!("not a send")
        };
        assert_eq!(send.message.template_id.as_deref(), Some("template-3"));
        assert_eq!(find("demo").unwrap().graph, demo(None, None));
    }
}
