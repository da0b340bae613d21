//! What a generation costs. List prices in USD per million tokens (input, output), matched by
//! model name; unknown models get a conservative default so budgets still bite. Prices drift:
//! this table is a best estimate for budgets and dashboards, not an invoice.

/// USD per million input and output tokens.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Price {
    pub input_per_million: f64,
    pub output_per_million: f64,
}

/// Applied to models missing from the table.
pub const DEFAULT_PRICE: Price = Price {
    input_per_million: 1.0,
    output_per_million: 3.0,
};

/// Matched by substring of the lower-cased model name, first match wins, so more specific
/// names come first (`gpt-4o-mini` before `gpt-4o`). OpenRouter names (`vendor/model`) match too.
const TABLE: &[(&str, f64, f64)] = &[
    ("gpt-4o-mini", 0.15, 0.60),
    ("gpt-4o", 2.50, 10.00),
    ("gpt-4.1-nano", 0.10, 0.40),
    ("gpt-4.1-mini", 0.40, 1.60),
    ("gpt-4.1", 2.00, 8.00),
    ("gpt-5-nano", 0.05, 0.40),
    ("gpt-5-mini", 0.25, 2.00),
    ("gpt-5", 1.25, 10.00),
    ("o4-mini", 1.10, 4.40),
    ("claude-3-5-haiku", 0.80, 4.00),
    ("claude-3-haiku", 0.25, 1.25),
    ("claude-haiku-4", 1.00, 5.00),
    ("claude-sonnet-4", 3.00, 15.00),
    ("claude-3-7-sonnet", 3.00, 15.00),
    ("claude-3-5-sonnet", 3.00, 15.00),
    ("claude-opus-4", 15.00, 75.00),
    ("mistral-small", 0.10, 0.30),
    ("mistral-medium", 0.40, 2.00),
    ("mistral-large", 2.00, 6.00),
    ("ministral-8b", 0.10, 0.10),
    ("ministral-3b", 0.04, 0.04),
    ("open-mistral-nemo", 0.15, 0.15),
    ("mistral-nemo", 0.15, 0.15),
    ("llama-3.1-8b", 0.05, 0.08),
    ("llama-3.3-70b", 0.13, 0.40),
    ("gemini-2.0-flash", 0.10, 0.40),
    ("gemini-2.5-flash", 0.30, 2.50),
    ("deepseek-chat", 0.27, 1.10),
];

/// The price of a model on a provider. Self-hosted OpenAI-compatible endpoints (Ollama, vLLM)
/// cost nothing per token.
pub fn price(provider: &str, model: &str) -> Price {
    if provider == "openai_compatible" {
        return Price {
            input_per_million: 0.0,
            output_per_million: 0.0,
        };
    }
    let model = model.to_lowercase();
    TABLE
        .iter()
        .find(|(name, _, _)| model.contains(name))
        .map(|&(_, input, output)| Price {
            input_per_million: input,
            output_per_million: output,
        })
        .unwrap_or(DEFAULT_PRICE)
}

/// Cost in USD millionths. One USD per million tokens is one micro-dollar per token.
pub fn cost_micros(provider: &str, model: &str, prompt_tokens: i64, completion_tokens: i64) -> i64 {
    let price = price(provider, model);
    (prompt_tokens as f64 * price.input_per_million
        + completion_tokens as f64 * price.output_per_million)
        .round() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specific_names_win_and_unknown_models_get_the_default() {
        assert_eq!(price("openai", "gpt-4o-mini").input_per_million, 0.15);
        assert_eq!(price("openai", "gpt-4o-2024-08-06").input_per_million, 2.50);
        assert_eq!(
            price("openrouter", "mistralai/mistral-small-3.2-24b-instruct").output_per_million,
            0.30
        );
        assert_eq!(price("openai", "brand-new-model"), DEFAULT_PRICE);
        assert_eq!(price("openai_compatible", "gpt-4o").input_per_million, 0.0);
    }

    #[test]
    fn cost_is_tokens_times_price() {
        // 1000 prompt tokens at $0.15/M + 500 completion tokens at $0.60/M = $0.00045.
        assert_eq!(cost_micros("openai", "gpt-4o-mini", 1000, 500), 450);
        assert_eq!(cost_micros("mistral", "unknown", 1_000_000, 0), 1_000_000);
    }
}
