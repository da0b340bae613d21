//! Workspace settings the live path reads on every message: the agent that answers, its persona,
//! the booking link, the AI provider keys and settings. They change a few times a day and were
//! read several times per answered message (a third of its statements), so they are kept here
//! for a moment.
//!
//! Freshness: every write to these settings goes through the store, which calls
//! [`ConfigCache::invalidate`] after it committed; an entry is only served while no write has
//! happened since it was loaded, so this process never answers with a setting older than its
//! own last write. Another node's write (several servers on one PostgreSQL) is seen within
//! [`TTL`].

use super::StoreResult;
use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long an entry is served at most (the bound on another node's write being unseen).
pub const TTL: Duration = Duration::from_secs(2);
/// Entries kept at most; the whole map is dropped when it is full (it refills on demand).
const MAX_ENTRIES: usize = 20_000;

#[derive(Default)]
pub struct ConfigCache {
    generation: AtomicU64,
    entries: Mutex<HashMap<(&'static str, String), Entry>>,
}

struct Entry {
    value: Arc<dyn Any + Send + Sync>,
    loaded_at: Instant,
    generation: u64,
}

impl ConfigCache {
    /// Forgets everything. Called after each committed write to a cached setting.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.entries.lock().expect("config cache lock").clear();
    }

    /// The cached value of `kind` for `key`, else what `load` reads (kept when no write
    /// happened while it was reading).
    pub async fn get_or_load<T, F, Fut>(
        &self,
        kind: &'static str,
        key: &[&str],
        load: F,
    ) -> StoreResult<T>
    where
        T: Clone + Send + Sync + 'static,
        F: FnOnce() -> Fut,
        Fut: Future<Output = StoreResult<T>>,
    {
        let key = (kind, key.join("\u{1f}"));
        let generation = self.generation.load(Ordering::SeqCst);
        {
            let entries = self.entries.lock().expect("config cache lock");
            if let Some(entry) = entries.get(&key)
                && entry.generation == generation
                && entry.loaded_at.elapsed() < TTL
                && let Some(value) = entry.value.downcast_ref::<T>()
            {
                return Ok(value.clone());
            }
        }
        let loaded_at = Instant::now();
        let value = load().await?;
        let mut entries = self.entries.lock().expect("config cache lock");
        // A write that committed while we read bumped the generation: what we read may be
        // older than it, so it is returned but not kept.
        if self.generation.load(Ordering::SeqCst) == generation {
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
            entries.insert(
                key,
                Entry {
                    value: Arc::new(value.clone()),
                    loaded_at,
                    generation,
                },
            );
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[tokio::test]
    async fn serves_a_loaded_value_until_a_write_invalidates_it() {
        let cache = ConfigCache::default();
        let loads = AtomicUsize::new(0);
        let load = |value: &'static str| {
            loads.fetch_add(1, Ordering::SeqCst);
            async move { Ok(value.to_string()) }
        };
        let first: String = cache
            .get_or_load("k", &["ws", "a"], || load("one"))
            .await
            .unwrap();
        let second: String = cache
            .get_or_load("k", &["ws", "a"], || load("two"))
            .await
            .unwrap();
        assert_eq!((first.as_str(), second.as_str()), ("one", "one"));
        assert_eq!(loads.load(Ordering::SeqCst), 1);
        // Another key and another kind are their own entries.
        let other: String = cache
            .get_or_load("k", &["ws", "b"], || load("b"))
            .await
            .unwrap();
        let kind: String = cache
            .get_or_load("j", &["ws", "a"], || load("j"))
            .await
            .unwrap();
        assert_eq!((other.as_str(), kind.as_str()), ("b", "j"));
        cache.invalidate();
        let third: String = cache
            .get_or_load("k", &["ws", "a"], || load("three"))
            .await
            .unwrap();
        assert_eq!(third, "three");
        assert_eq!(loads.load(Ordering::SeqCst), 4);
    }

    #[tokio::test]
    async fn a_value_read_while_a_write_committed_is_not_kept() {
        let cache = ConfigCache::default();
        let read: String = cache
            .get_or_load("k", &["a"], || async {
                // The write commits and invalidates while this read is in flight.
                cache.invalidate();
                Ok("stale".to_string())
            })
            .await
            .unwrap();
        assert_eq!(read, "stale");
        let next: String = cache
            .get_or_load("k", &["a"], || async { Ok("fresh".to_string()) })
            .await
            .unwrap();
        assert_eq!(next, "fresh");
    }

    #[tokio::test]
    async fn an_entry_older_than_the_ttl_is_read_again() {
        let cache = ConfigCache::default();
        let old = Instant::now().checked_sub(TTL).expect("an instant TTL ago");
        cache.entries.lock().unwrap().insert(
            ("k", "a".to_string()),
            Entry {
                value: Arc::new("old".to_string()),
                loaded_at: old,
                generation: 0,
            },
        );
        let read: String = cache
            .get_or_load("k", &["a"], || async { Ok("new".to_string()) })
            .await
            .unwrap();
        assert_eq!(read, "new");
    }

    #[tokio::test]
    async fn errors_are_not_cached() {
        let cache = ConfigCache::default();
        let failed: StoreResult<String> = cache
            .get_or_load("k", &["a"], || async {
                Err(super::super::StoreError::NotFound)
            })
            .await;
        assert!(failed.is_err());
        let next: String = cache
            .get_or_load("k", &["a"], || async { Ok("ok".to_string()) })
            .await
            .unwrap();
        assert_eq!(next, "ok");
    }
}
