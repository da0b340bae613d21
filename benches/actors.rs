//! Resident idle conversation actors: memory per actor and spawn/rehydrate time.
//!
//! `cargo bench --bench actors -- [count]` (default 100,000). Creates `count` leads with a
//! conversation each in a fresh SQLite database, then asks the registry for every lead's actor
//! (start + load state from the database), measures the process RSS before and after, passivates
//! them all and rehydrates them again. Baseline in the same run: the same number of bare actix
//! actors with no state (`Empty`), so the figure separates actix's own cost from ours.

mod support;

use actix::prelude::*;
use omnireach::actors::{Live, LiveConfig};
use omnireach::channels::Channels;
use omnireach::llm::{Llm, LlmConfig};
use omnireach::store::Store;
use std::alloc::{GlobalAlloc, Layout, System as Heap};
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Instant;

/// Counts live bytes allocated through Rust's allocator (SQLite's own page cache is not
/// included: it allocates with libc directly), so the figure is the actors' heap, not the
/// database cache or allocator slack that RSS also shows.
struct Counting;
static LIVE: AtomicI64 = AtomicI64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as i64, Ordering::Relaxed);
        unsafe { Heap.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as i64, Ordering::Relaxed);
        unsafe { Heap.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size as i64 - layout.size() as i64, Ordering::Relaxed);
        unsafe { Heap.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live_bytes() -> i64 {
    LIVE.load(Ordering::Relaxed)
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).map(|v| v.parse().unwrap_or(0)))
        })
        .unwrap_or(0)
}

struct Empty;
impl Actor for Empty {
    type Context = Context<Self>;
}
#[derive(Message)]
#[rtype(result = "()")]
struct Ping;
impl Handler<Ping> for Empty {
    type Result = ();
    fn handle(&mut self, _: Ping, _: &mut Context<Self>) {}
}

async fn touch_all(live: &Live, workspace: &str, leads: &[String]) -> f64 {
    let started = Instant::now();
    for chunk in leads.chunks(2_000) {
        let probes = chunk
            .iter()
            .map(|lead| live.registry.probe(workspace, lead));
        let loaded = futures_util::future::join_all(probes).await;
        assert!(
            loaded.iter().all(|p| p.is_some()),
            "every actor loaded its state"
        );
    }
    started.elapsed().as_secs_f64()
}

fn main() {
    let count: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let system = System::new();
    system.block_on(async move {
        let dir = std::env::temp_dir().join(format!("omnireach-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let url = format!("sqlite://{}", dir.join("bench.db").display());
        let store = Store::connect(&url, 8).await.expect("store");
        store.migrate().await.expect("migrations");
        let (workspace, leads) = support::seed_leads(&store, count).await;

        // Baseline: bare actix actors, same count, same arbiter count.
        let before = rss_kib();
        let heap_before = live_bytes();
        let t = Instant::now();
        let arbiter = Arbiter::new();
        let empties: Vec<Addr<Empty>> = (0..count).map(|_| Empty::start_in_arbiter(&arbiter.handle(), |_| Empty)).collect();
        for addr in &empties {
            addr.send(Ping).await.unwrap();
        }
        let empty_secs = t.elapsed().as_secs_f64();
        let empty_kib = rss_kib().saturating_sub(before);
        let empty_heap = live_bytes() - heap_before;
        drop(empties);
        arbiter.stop();

        let config = LiveConfig {
            idle_ms: i64::MAX,
            ..LiveConfig::default()
        };
        let llm = Llm::new(store.clone(), LlmConfig::default());
        let live = Live::start(store.clone(), llm, Channels::from_config(store.clone(), None, &Default::default()), &config)
            .await
            .expect("live layer");
        let before = rss_kib();
        let heap_before = live_bytes();
        let spawn_secs = touch_all(&live, &workspace, &leads).await;
        let resident_kib = rss_kib().saturating_sub(before);
        let resident_heap = live_bytes() - heap_before;
        assert_eq!(live.registry.resident(), count);

        let passivated = live.registry.passivate_idle(-1);
        let rehydrate_secs = touch_all(&live, &workspace, &leads).await;

        let per = |kib: u64| kib as f64 * 1024.0 / count as f64;
        println!("resident idle conversation actors: {count}");
        println!(
            "  bare actix actor (baseline): {:>8.0} B/actor  start+first message {:>6.2} µs/actor",
            per(empty_kib),
            empty_secs * 1e6 / count as f64
        );
        println!(
            "  ConversationActor (loaded):  {:>8.0} B/actor  spawn+load from DB  {:>6.2} µs/actor ({:.2} s total)",
            per(resident_kib),
            spawn_secs * 1e6 / count as f64,
            spawn_secs
        );
        println!(
            "  ratio ConversationActor / bare actor memory (RSS): {:.2}×",
            per(resident_kib) / per(empty_kib).max(1.0)
        );
        println!(
            "  live heap per actor: bare {:.0} B, ConversationActor {:.0} B (registry entry, actor, loaded state, actix context)",
            empty_heap as f64 / count as f64,
            resident_heap as f64 / count as f64
        );
        println!(
            "  passivated {passivated}, rehydrated all in {:.2} s ({:.2} µs/actor)",
            rehydrate_secs,
            rehydrate_secs * 1e6 / count as f64
        );
        let _ = std::fs::remove_dir_all(&dir);
    });
}
