//! The server's clock. Everything that compares stored times with "now" to decide what is due
//! (durable timers, the outbox, workflow waits, sending windows) reads it from here, so a test
//! or a demo can move time forward without waiting.
//!
//! Time is the wall clock plus an offset. Over HTTP the offset only grows, and only when the
//! server was started with `OMNIREACH_TEST_CLOCK=1`; otherwise [`Clock::advance`] refuses, so a
//! production server cannot be talked into firing its timers early. Tests in the process may
//! also place the clock at a chosen instant ([`Clock::shifted_to`], [`Clock::set`]): a Saturday
//! evening in New York, the night before a DST change. A shifted clock keeps running, so
//! backoffs and rows stamped "now" behave as in production.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};

#[derive(Debug, Clone, Default)]
pub struct Clock {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    offset_ms: AtomicI64,
    adjustable: AtomicBool,
}

/// Why the clock did not move.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClockError {
    #[error("the test clock is off: start the server with OMNIREACH_TEST_CLOCK=1 to move time")]
    NotAdjustable,
    #[error("time only moves forward: seconds must be between 1 and 31536000 (one year)")]
    OutOfRange,
}

impl Clock {
    /// The wall clock (no offset, not adjustable over HTTP).
    pub fn system() -> Self {
        Self::default()
    }

    /// A clock that reads `at_ms` (epoch ms) now and keeps running from there.
    pub fn shifted_to(at_ms: i64) -> Self {
        let clock = Self::default();
        clock.set(at_ms);
        clock
    }

    /// Places the clock (and every clone) at `at_ms` now, in either direction. For tests in
    /// the process; the HTTP test clock only moves forward ([`Clock::advance`]).
    pub fn set(&self, at_ms: i64) {
        let offset = at_ms - chrono::Utc::now().timestamp_millis();
        self.inner.offset_ms.store(offset, Ordering::Release);
    }

    /// Current time in the stored representation (epoch milliseconds, UTC).
    pub fn now_ms(&self) -> i64 {
        chrono::Utc::now().timestamp_millis() + self.inner.offset_ms.load(Ordering::Acquire)
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::from_timestamp_millis(self.now_ms()).unwrap_or_else(chrono::Utc::now)
    }

    /// How far this clock is ahead of the wall clock.
    pub fn offset_ms(&self) -> i64 {
        self.inner.offset_ms.load(Ordering::Acquire)
    }

    pub fn is_adjustable(&self) -> bool {
        self.inner.adjustable.load(Ordering::Acquire)
    }

    /// Allows [`Clock::advance`]; called once at startup when `OMNIREACH_TEST_CLOCK=1`.
    pub fn make_adjustable(&self) {
        self.inner.adjustable.store(true, Ordering::Release);
    }

    /// Moves time forward by `seconds` and returns the new time.
    pub fn advance(&self, seconds: i64) -> Result<i64, ClockError> {
        if !self.is_adjustable() {
            return Err(ClockError::NotAdjustable);
        }
        if !(1..=365 * 86_400).contains(&seconds) {
            return Err(ClockError::OutOfRange);
        }
        self.inner
            .offset_ms
            .fetch_add(seconds * 1000, Ordering::AcqRel);
        Ok(self.now_ms())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_move_unless_adjustable() {
        let clock = Clock::default();
        assert_eq!(clock.advance(60), Err(ClockError::NotAdjustable));
        assert_eq!(clock.offset_ms(), 0);
    }

    #[test]
    fn advances_forward_only_and_is_shared_by_clones() {
        let clock = Clock::default();
        clock.make_adjustable();
        let other = clock.clone();
        let before = other.now_ms();
        clock.advance(2 * 86_400).unwrap();
        assert!(other.now_ms() - before >= 2 * 86_400 * 1000);
        assert_eq!(clock.advance(0), Err(ClockError::OutOfRange));
        assert_eq!(clock.advance(-5), Err(ClockError::OutOfRange));
        assert_eq!(other.offset_ms(), 2 * 86_400 * 1000);
    }

    #[test]
    fn a_shifted_clock_reads_the_instant_it_was_set_to_and_keeps_running() {
        let at = 4_102_444_800_000; // 2100-01-01T00:00:00Z
        let clock = Clock::shifted_to(at);
        let copy = clock.clone();
        assert!((at..at + 5_000).contains(&clock.now_ms()));
        copy.set(at + 86_400_000);
        assert!((at + 86_400_000..at + 86_400_000 + 5_000).contains(&clock.now_ms()));
        assert!(
            !clock.is_adjustable(),
            "shifting in-process does not open the HTTP advance"
        );
    }
}
