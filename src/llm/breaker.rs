//! Time for the router and the per-provider circuit breaker.
//!
//! Backoff waits and breaker cool-downs read time through [`Clock`], so tests drive them with a
//! [`ManualClock`] (waits return at once and are recorded; time advances when told) instead of
//! sleeping. I/O timeouts (connect, first token) stay on real time: they bound real sockets.

use futures_util::future::BoxFuture;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub trait Clock: Send + Sync + std::fmt::Debug {
    /// Monotonic time since an arbitrary origin.
    fn now(&self) -> Duration;
    /// Waits `duration` (a backoff).
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()>;
}

/// Real time.
#[derive(Debug)]
pub struct SystemClock {
    origin: Instant,
}

impl Default for SystemClock {
    fn default() -> Self {
        Self {
            origin: Instant::now(),
        }
    }
}

impl Clock for SystemClock {
    fn now(&self) -> Duration {
        self.origin.elapsed()
    }

    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// Test time: `sleep` advances the clock by the duration, records it and returns at once;
/// `advance` moves time forward (to let a circuit's cool-down pass).
#[derive(Debug, Default)]
pub struct ManualClock {
    now: Mutex<Duration>,
    sleeps: Mutex<Vec<Duration>>,
}

impl ManualClock {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn advance(&self, by: Duration) {
        *self.now.lock().expect("clock lock") += by;
    }

    /// Every backoff wait requested so far, in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.sleeps.lock().expect("clock lock").clone()
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Duration {
        *self.now.lock().expect("clock lock")
    }

    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        self.advance(duration);
        self.sleeps.lock().expect("clock lock").push(duration);
        Box::pin(std::future::ready(()))
    }
}

/// What the breaker says about a provider right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// Closed: call it.
    Closed,
    /// The cool-down passed: one trial call is let through; its result closes or re-opens.
    Trial,
    /// Open: skip the provider until `retry_in` has passed.
    Open { retry_in: Duration },
}

#[derive(Debug, Clone, Copy)]
enum State {
    Closed {
        consecutive_failures: u32,
    },
    Open {
        until: Duration,
    },
    /// A trial call is in flight since `since`. A trial that never reports (its caller was
    /// cancelled or hit a database error) is abandoned after a cool-down and another admitted.
    HalfOpen {
        since: Duration,
    },
}

/// One breaker per provider endpoint, shared by every workspace using that endpoint (an outage
/// is the endpoint's, not the tenant's). `threshold` consecutive failed attempts open it; after
/// `cool_down` one trial call is admitted (half-open); a success closes it, a failure re-opens it.
#[derive(Debug)]
pub struct Breakers {
    threshold: u32,
    cool_down: Duration,
    states: Mutex<HashMap<String, State>>,
}

impl Breakers {
    pub fn new(threshold: u32, cool_down: Duration) -> Self {
        Self {
            threshold: threshold.max(1),
            cool_down,
            states: Mutex::new(HashMap::new()),
        }
    }

    pub fn admit(&self, endpoint: &str, now: Duration) -> Admission {
        let mut states = self.states.lock().expect("breaker lock");
        let state = states.entry(endpoint.to_string()).or_insert(State::Closed {
            consecutive_failures: 0,
        });
        match *state {
            State::Closed { .. } => Admission::Closed,
            State::Open { until } if now >= until => {
                *state = State::HalfOpen { since: now };
                Admission::Trial
            }
            State::Open { until } => Admission::Open {
                retry_in: until - now,
            },
            State::HalfOpen { since } if now >= since + self.cool_down => {
                *state = State::HalfOpen { since: now };
                Admission::Trial
            }
            // A trial is already in flight: others keep skipping until it reports.
            State::HalfOpen { since } => Admission::Open {
                retry_in: since + self.cool_down - now,
            },
        }
    }

    pub fn record_success(&self, endpoint: &str) {
        self.states.lock().expect("breaker lock").insert(
            endpoint.to_string(),
            State::Closed {
                consecutive_failures: 0,
            },
        );
    }

    /// Returns `true` when this failure opened the circuit.
    pub fn record_failure(&self, endpoint: &str, now: Duration) -> bool {
        let mut states = self.states.lock().expect("breaker lock");
        let state = states.entry(endpoint.to_string()).or_insert(State::Closed {
            consecutive_failures: 0,
        });
        let next = match *state {
            State::Closed {
                consecutive_failures,
            } if consecutive_failures + 1 < self.threshold => State::Closed {
                consecutive_failures: consecutive_failures + 1,
            },
            State::Open { until } => State::Open { until },
            _ => State::Open {
                until: now + self.cool_down,
            },
        };
        let opened = matches!(next, State::Open { .. }) && !matches!(*state, State::Open { .. });
        *state = next;
        opened
    }

    /// Whether the circuit is open at `now` (for status displays; does not admit a trial).
    pub fn is_open(&self, endpoint: &str, now: Duration) -> bool {
        matches!(
            self.states.lock().expect("breaker lock").get(endpoint),
            Some(State::Open { until }) if now < *until
        )
    }
}

/// The wait before retry number `retry` (1-based): the provider's `Retry-After` when given,
/// else `base · 2^(retry-1)` plus up to 50 % jitter; capped at `max` either way.
pub fn backoff(
    retry: u32,
    retry_after: Option<Duration>,
    base: Duration,
    max: Duration,
    jitter_fraction: f64,
) -> Duration {
    if let Some(wait) = retry_after {
        return wait.min(max);
    }
    let exponential = base.saturating_mul(1u32 << retry.saturating_sub(1).min(16));
    let jitter = exponential.mul_f64(jitter_fraction.clamp(0.0, 1.0) * 0.5);
    (exponential + jitter).min(max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_after_threshold_then_half_opens_after_cool_down() {
        let breakers = Breakers::new(3, Duration::from_secs(30));
        let t0 = Duration::ZERO;
        assert_eq!(breakers.admit("a", t0), Admission::Closed);
        assert!(!breakers.record_failure("a", t0));
        assert!(!breakers.record_failure("a", t0));
        assert!(breakers.record_failure("a", t0), "third failure opens");
        assert_eq!(
            breakers.admit("a", Duration::from_secs(10)),
            Admission::Open {
                retry_in: Duration::from_secs(20)
            }
        );
        assert_eq!(breakers.admit("b", t0), Admission::Closed, "per endpoint");
        assert_eq!(
            breakers.admit("a", Duration::from_secs(30)),
            Admission::Trial
        );
        assert!(matches!(
            breakers.admit("a", Duration::from_secs(30)),
            Admission::Open { .. }
        ));
        // A trial that never reports is abandoned after a cool-down.
        assert_eq!(
            breakers.admit("a", Duration::from_secs(60)),
            Admission::Trial
        );
        // The trial fails: open again for a full cool-down.
        assert!(breakers.record_failure("a", Duration::from_secs(31)));
        assert!(breakers.is_open("a", Duration::from_secs(60)));
        assert_eq!(
            breakers.admit("a", Duration::from_secs(61)),
            Admission::Trial
        );
        breakers.record_success("a");
        assert_eq!(
            breakers.admit("a", Duration::from_secs(61)),
            Admission::Closed
        );
    }

    #[test]
    fn success_resets_the_failure_count() {
        let breakers = Breakers::new(2, Duration::from_secs(1));
        breakers.record_failure("a", Duration::ZERO);
        breakers.record_success("a");
        assert!(!breakers.record_failure("a", Duration::ZERO));
    }

    #[test]
    fn backoff_doubles_honours_retry_after_and_caps() {
        let base = Duration::from_millis(100);
        let max = Duration::from_secs(5);
        assert_eq!(backoff(1, None, base, max, 0.0), Duration::from_millis(100));
        assert_eq!(backoff(2, None, base, max, 0.0), Duration::from_millis(200));
        assert_eq!(backoff(3, None, base, max, 1.0), Duration::from_millis(600));
        assert_eq!(
            backoff(1, Some(Duration::from_secs(2)), base, max, 1.0),
            Duration::from_secs(2)
        );
        assert_eq!(
            backoff(1, Some(Duration::from_secs(60)), base, max, 0.0),
            max
        );
        assert_eq!(backoff(30, None, base, max, 0.0), max);
    }
}
