//! Latency percentiles from an HDR histogram (microsecond resolution, reported in milliseconds).

use hdrhistogram::Histogram;
use serde::Serialize;
use std::time::Duration;

pub struct LatencyRecorder {
    histogram: Histogram<u64>,
}

#[derive(Serialize, Clone, Copy, Default)]
pub struct LatencySummary {
    pub count: u64,
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub mean_ms: f64,
}

impl LatencyRecorder {
    pub fn new() -> Self {
        // 1 µs to 10 min at 3 significant digits: about 100 KiB, exact enough for p99.
        let histogram = Histogram::new_with_bounds(1, 600_000_000, 3).expect("histogram bounds");
        Self { histogram }
    }

    pub fn record(&mut self, latency: Duration) {
        let micros = (latency.as_micros() as u64).clamp(1, 600_000_000);
        self.histogram.record(micros).expect("value within bounds");
    }

    pub fn record_nanos(&mut self, nanos: u64) {
        self.record(Duration::from_nanos(nanos));
    }

    pub fn summary(&self) -> LatencySummary {
        let h = &self.histogram;
        if h.is_empty() {
            return LatencySummary::default();
        }
        let ms = |micros: u64| micros as f64 / 1000.0;
        LatencySummary {
            count: h.len(),
            p50_ms: ms(h.value_at_quantile(0.50)),
            p90_ms: ms(h.value_at_quantile(0.90)),
            p99_ms: ms(h.value_at_quantile(0.99)),
            max_ms: ms(h.max()),
            mean_ms: h.mean() / 1000.0,
        }
    }
}

impl LatencySummary {
    pub fn line(&self) -> String {
        format!(
            "p50 {:.2} ms  p90 {:.2} ms  p99 {:.2} ms  max {:.2} ms  ({} samples)",
            self.p50_ms, self.p90_ms, self.p99_ms, self.max_ms, self.count
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_come_out_in_milliseconds() {
        let mut recorder = LatencyRecorder::new();
        for millis in 1..=100 {
            recorder.record(Duration::from_millis(millis));
        }
        let summary = recorder.summary();
        assert_eq!(summary.count, 100);
        assert!((summary.p50_ms - 50.0).abs() < 0.1, "{}", summary.p50_ms);
        assert!((summary.p99_ms - 99.0).abs() < 0.1, "{}", summary.p99_ms);
        assert!((summary.max_ms - 100.0).abs() < 0.1, "{}", summary.max_ms);
    }
}
