//! What is measured besides wall time: allocations (a counting global allocator, switched on
//! only for the separate allocation pass, so the timed passes pay one relaxed load per
//! allocation), client CPU time (getrusage) and the statistics over samples.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::time::Duration;

/// Counts allocation calls and bytes process-wide (every thread: sqlx's SQLite worker and the
/// tokio-postgres connection task allocate on the client's behalf too) while switched on.
pub struct CountingAlloc;

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

#[inline]
fn note(bytes: usize) {
    if COUNTING.load(Relaxed) {
        ALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(bytes as u64, Relaxed);
    }
}

// SAFETY: every call is forwarded unchanged to the system allocator; counting has no effect
// on the memory handed out.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // A growth is an allocation call too; count only the bytes it adds.
        note(new_size.saturating_sub(layout.size()));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// Allocation calls and bytes between `start` and `stop`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Allocs {
    pub calls: u64,
    pub bytes: u64,
}

pub fn alloc_start() {
    ALLOCS.store(0, Relaxed);
    BYTES.store(0, Relaxed);
    COUNTING.store(true, Relaxed);
}

pub fn alloc_stop() -> Allocs {
    COUNTING.store(false, Relaxed);
    Allocs {
        calls: ALLOCS.load(Relaxed),
        bytes: BYTES.load(Relaxed),
    }
}

/// User + system CPU time of the whole process (all threads) so far. The split between user
/// and system is sampled by the kernel; their sum is exact, so only the sum is used.
pub fn cpu_time() -> Duration {
    // SAFETY: getrusage only writes the struct it is given.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    assert_eq!(rc, 0, "getrusage failed");
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(ru.ru_utime) + tv(ru.ru_stime)
}

/// Median of `v` (sorts it).
pub fn median(v: &mut [u64]) -> u64 {
    if v.is_empty() {
        return 0;
    }
    v.sort_unstable();
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2
    }
}

/// The `p`-quantile (0..=1) of sorted `v`, nearest rank.
pub fn quantile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Coefficient of variation (stddev / mean) of `counts`: 0 when every task got the same share.
pub fn coefficient_of_variation(counts: &[u64]) -> f64 {
    if counts.is_empty() {
        return 0.0;
    }
    let n = counts.len() as f64;
    let mean = counts.iter().sum::<u64>() as f64 / n;
    if mean == 0.0 {
        return 0.0;
    }
    let var = counts
        .iter()
        .map(|&c| (c as f64 - mean).powi(2))
        .sum::<f64>()
        / n;
    var.sqrt() / mean
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats() {
        assert_eq!(median(&mut [5, 1, 3]), 3);
        assert_eq!(median(&mut [4, 1, 3, 2]), 2);
        let s: Vec<u64> = (1..=1000).collect();
        assert_eq!(quantile(&s, 0.5), 500);
        assert_eq!(quantile(&s, 0.99), 990);
        assert_eq!(quantile(&s, 0.999), 999);
        assert_eq!(coefficient_of_variation(&[10, 10, 10]), 0.0);
        assert!((coefficient_of_variation(&[5, 15]) - 0.5).abs() < 1e-9);
    }
}
