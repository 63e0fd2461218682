//! Streaming a result: the rows of one statement, decoded as they arrive over one pooled
//! connection, with a bounded buffer between the connection and the consumer.

use super::Db;
use crate::pool::Prepared;
use crate::render::Statement;
use crate::{Result, Row};
use futures_util::Stream;
use std::pin::Pin;
use std::task::{Context, Poll};
use tracing::Instrument as _;

/// Rows between the connection and the consumer: enough to keep the connection busy while
/// the consumer works, few enough that memory stays flat.
const BUFFER: usize = 256;

/// The rows of a streamed statement, in order; the connection is held until the last row or
/// until the stream is dropped (which abandons the statement).
#[derive(Debug)]
pub struct RowStream {
    rx: tokio::sync::mpsc::Receiver<Result<Row>>,
}

impl Stream for RowStream {
    type Item = Result<Row>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.rx.poll_recv(cx)
    }
}

impl Db {
    /// Runs `stmt` on a pooled connection of its own and streams its rows. The statement is
    /// counted and traced like any other; an error before the first row (no connection, say)
    /// is returned here, one later arrives as the stream's last item.
    pub async fn fetch_stream(&self, stmt: Statement) -> Result<RowStream> {
        let observed = self.observe(&stmt)?;
        let prepared = Prepared::new(self.inner.backend, &stmt)?;
        let mut lease = self.inner.pool.acquire(stmt.origin).await?;
        let (tx, rx) = tokio::sync::mpsc::channel(BUFFER);
        let span = observed.span();
        tokio::spawn(
            async move {
                let result = lease.conn().send_rows(prepared, &tx).await;
                drop(lease);
                observed.finish(result.as_ref().ok().copied(), result.as_ref().err(), &stmt);
                if let Err(e) = result {
                    let _ = tx.send(Err(e)).await;
                }
            }
            .instrument(span),
        );
        Ok(RowStream { rx })
    }
}
