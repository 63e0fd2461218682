//! `Select::stream`: the rows of a query decoded one at a time as they arrive, for results too
//! large to hold in memory.
//!
//! ```no_run
//! # use covet_orm::{Db, Model, Result};
//! # async fn f<M: Model>(db: &Db) -> Result<u64> {
//! use futures_util::TryStreamExt as _;
//! let mut rows = M::query().stream(db).await?;
//! let mut n = 0;
//! while let Some(_row) = rows.try_next().await? {
//!     n += 1;
//! }
//! # Ok(n) }
//! ```
//!
//! The stream holds one pooled connection until its last row, or until it is dropped, which
//! abandons the statement (the connection is then checked before anyone reuses it). Inside a
//! transaction, use `all` or pages (`after`): a transaction's one connection cannot serve a
//! stream and other statements at once.

use crate::Result;
use crate::db::{Db, RowStream};
use crate::model::Model;
use crate::query::Select;
use futures_util::{Stream, StreamExt as _};
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A stream of decoded models; see [`Select::stream`].
#[derive(Debug)]
#[must_use = "a stream yields nothing unless polled"]
pub struct ModelStream<M> {
    rows: RowStream,
    _model: PhantomData<fn() -> M>,
}

impl<M: Model> Stream for ModelStream<M> {
    type Item = Result<M>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.rows
            .poll_next_unpin(cx)
            .map(|row| row.map(|row| row.and_then(|row| M::from_row(&row))))
    }
}

impl<M: Model> Select<M> {
    /// Streams the matching rows, decoded one at a time, over one pooled connection: memory
    /// stays flat whatever the number of rows.
    pub async fn stream(&self, db: &Db) -> Result<ModelStream<M>> {
        let stmt = self.to_statement(db.backend())?;
        Ok(ModelStream {
            rows: db.fetch_stream(stmt).await?,
            _model: PhantomData,
        })
    }
}
