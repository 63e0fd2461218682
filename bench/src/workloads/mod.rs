//! The workloads, one module each. A single-task workload (W1–W5) implements [`Workload`] and
//! is listed in [`single_task`]; the harness runs it on every implementation it names,
//! interleaved in rotating rounds. W6 (many tasks on a pool) has a driver of its own.

pub mod w1_pk_lookup;
pub mod w2_trivial_query;
pub mod w3_medium_complex;
pub mod w4_insert_batch;
pub mod w5_associations;
pub mod w6_pool_under_load;

use crate::Error;
use crate::data::Keys;
use crate::harness::Ctx;
use crate::impls::{AnyClient, Impl};

/// One operation, repeated and timed by the harness on one client at a time.
// No `Send` bound: single-task workloads run on a current-thread runtime.
#[allow(async_fn_in_trait)]
pub trait Workload {
    /// "W1".
    fn id(&self) -> &'static str;
    /// "pk_lookup".
    fn name(&self) -> &'static str;
    /// The size column of the table (rows read, written or held).
    fn size(&self) -> usize;
    /// How many users the table must hold first.
    fn users(&self) -> usize;
    /// The implementations that take part, in table order.
    fn subjects(&self) -> &'static [Impl];
    /// Operations per implementation in the allocation pass, for the workloads the spec
    /// reports allocations of; `None` for the others.
    fn alloc_iterations(&self) -> Option<u64> {
        None
    }
    /// Whether every user must have its posts and their comments (W5); otherwise the users
    /// have none (W3's LEFT JOIN finds no post, as in diesel's benchmark).
    fn related(&self) -> bool {
        false
    }
    /// Whether `users` is emptied (untimed) before every batch: for the workloads that write.
    fn writes(&self) -> bool {
        false
    }
    /// A fixed number of timed operations per batch, with no warm-up, for operations too long
    /// to repeat for a batch's duration (the 100,000-row bulk load); `None`: time-based.
    fn fixed_iterations(&self, _quick: bool) -> Option<u64> {
        None
    }
    /// One operation, with its result checked (row count, key): an `Err` if it is wrong.
    /// `keys` is restarted at the same seed for every batch, so all see the same inputs.
    async fn once(&self, client: &mut AnyClient, keys: &mut Keys) -> Result<(), Error>;
}

/// Every single-task workload, in run order (the order keeps reseeding to a minimum).
pub async fn single_task(ctx: &mut Ctx<'_>) -> Result<(), Error> {
    crate::harness::run(ctx, &w1_pk_lookup::PkLookup).await?;
    for size in [10_000, 100, 1] {
        crate::harness::run(ctx, &w2_trivial_query::TrivialQuery { size }).await?;
    }
    for size in [100, 10_000] {
        crate::harness::run(ctx, &w3_medium_complex::MediumComplex { size }).await?;
    }
    for eager in [true, false] {
        crate::harness::run(ctx, &w5_associations::Associations { eager }).await?;
    }
    for size in [1, 100, 1_000] {
        crate::harness::run(ctx, &w4_insert_batch::InsertBatch { size }).await?;
    }
    if ctx.target.backend == crate::backend::Backend::Postgres {
        for returning in [false, true] {
            // `--quick` loads a tenth, to stay under its minute.
            let size = if ctx.plan.quick {
                w4_insert_batch::BULK_ROWS / 10
            } else {
                w4_insert_batch::BULK_ROWS
            };
            let bulk = w4_insert_batch::Bulk { size, returning };
            crate::harness::run(ctx, &bulk).await?;
        }
    }
    Ok(())
}
