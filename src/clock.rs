//! The wall clock behind decisions that depend on the time of day: when the outbox may send
//! (email sending windows, quiet hours, mailbox caps per day, per-domain throttling) and when a
//! held send is due again. Production reads the system clock; tests shift it to the instant
//! they need (a Saturday evening in New York, the night before a DST change) instead of
//! depending on when they run. A shifted clock keeps running, so everything else (backoffs,
//! rows queued "now" by the HTTP layer) behaves as in production.

use chrono::{DateTime, Utc};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// Cheap to clone; clones share the shift.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    /// Milliseconds added to the system clock; `None` on the system clock.
    shift_ms: Option<Arc<AtomicI64>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self::default()
    }

    /// A clock that reads `at` now (epoch ms) and keeps running from there.
    pub fn shifted_to(at_ms: i64) -> Self {
        Self {
            shift_ms: Some(Arc::new(AtomicI64::new(at_ms - system_now_ms()))),
        }
    }

    /// Epoch milliseconds, UTC.
    pub fn now_ms(&self) -> i64 {
        system_now_ms()
            + self
                .shift_ms
                .as_ref()
                .map_or(0, |s| s.load(Ordering::SeqCst))
    }

    pub fn now(&self) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(self.now_ms()).unwrap_or_else(Utc::now)
    }

    /// Moves a shifted clock so that it reads `at_ms` now (every clone follows).
    ///
    /// # Panics
    /// On the system clock: only a test moves time.
    pub fn set(&self, at_ms: i64) {
        self.shift_ms
            .as_ref()
            .expect("only a shifted clock can be moved")
            .store(at_ms - system_now_ms(), Ordering::SeqCst);
    }
}

fn system_now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shifted_clock_reads_the_instant_it_was_set_to_and_keeps_running() {
        let at = 4_102_444_800_000; // 2100-01-01T00:00:00Z
        let clock = Clock::shifted_to(at);
        let copy = clock.clone();
        let read = clock.now_ms();
        assert!((at..at + 5_000).contains(&read), "{read}");
        copy.set(at + 86_400_000);
        assert!(clock.now_ms() >= at + 86_400_000);
        assert!(clock.now_ms() < at + 86_400_000 + 5_000);
    }

    #[test]
    fn the_system_clock_reads_the_time() {
        let before = Utc::now().timestamp_millis();
        let read = Clock::system().now_ms();
        assert!(read >= before && read < before + 5_000);
    }
}
