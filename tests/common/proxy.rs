//! A TCP proxy that counts what the client sends, message by message, so tests can count
//! round trips the way the server sees them: PostgreSQL `Sync` messages (one per extended-query
//! exchange, and what sqlx's ping sends) and MySQL command packets (`COM_PING` among them).

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Which protocol the proxy parses.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Protocol {
    Postgres,
    MySql,
}

/// Counters the proxy keeps.
#[derive(Debug, Default)]
pub(crate) struct Counts {
    /// PostgreSQL `Sync` messages.
    pub(crate) syncs: AtomicU64,
    /// MySQL `COM_PING` packets.
    pub(crate) pings: AtomicU64,
    /// MySQL `COM_STMT_EXECUTE` and `COM_QUERY` packets.
    pub(crate) statements: AtomicU64,
}

impl Counts {
    pub(crate) fn get(&self) -> (u64, u64, u64) {
        (
            self.syncs.load(Ordering::SeqCst),
            self.pings.load(Ordering::SeqCst),
            self.statements.load(Ordering::SeqCst),
        )
    }
}

/// Starts a proxy to `upstream`; returns its address and counters.
pub(crate) async fn start(upstream: SocketAddr, protocol: Protocol) -> (SocketAddr, Arc<Counts>) {
    start_cutting(upstream, protocol, None).await
}

/// Like [`start`], but when the client sends bytes containing `cut_on`, the proxy drops both
/// connections instead of forwarding them: the server never sees that message, and the client
/// loses its connection while waiting for the answer.
pub(crate) async fn start_cutting(
    upstream: SocketAddr,
    protocol: Protocol,
    cut_on: Option<&'static [u8]>,
) -> (SocketAddr, Arc<Counts>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
    let addr = listener.local_addr().expect("proxy address");
    let counts = Arc::new(Counts::default());
    let shared = counts.clone();
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let counts = shared.clone();
            tokio::spawn(async move {
                let Ok(server) = TcpStream::connect(upstream).await else {
                    return;
                };
                let (mut cr, mut cw) = client.into_split();
                let (mut sr, mut sw) = server.into_split();
                let up = async move {
                    let mut parser = Parser::new(protocol);
                    let mut buf = vec![0u8; 64 * 1024];
                    while let Ok(n) = cr.read(&mut buf).await {
                        let cut = cut_on.is_some_and(|p| buf[..n].windows(p.len()).any(|w| w == p));
                        if n == 0 || cut || sw.write_all(&buf[..n]).await.is_err() {
                            break;
                        }
                        parser.feed(&buf[..n], &counts);
                    }
                };
                let down = async move {
                    let _ = tokio::io::copy(&mut sr, &mut cw).await;
                    let _ = cw.shutdown().await;
                };
                // Whichever side ends first ends both: dropping the halves closes the sockets.
                tokio::select! {
                    () = up => {}
                    () = down => {}
                }
            });
        }
    });
    (addr, counts)
}

/// Splits the client's byte stream into messages.
struct Parser {
    protocol: Protocol,
    pending: Vec<u8>,
    /// PostgreSQL: the startup message has no type byte. MySQL: the handshake response is not
    /// a command.
    in_startup: bool,
}

impl Parser {
    fn new(protocol: Protocol) -> Self {
        Self {
            protocol,
            pending: Vec::new(),
            in_startup: true,
        }
    }

    fn feed(&mut self, bytes: &[u8], counts: &Counts) {
        self.pending.extend_from_slice(bytes);
        loop {
            let consumed = match self.protocol {
                Protocol::Postgres => self.next_pg(counts),
                Protocol::MySql => self.next_mysql(counts),
            };
            match consumed {
                Some(n) => {
                    self.pending.drain(..n);
                }
                None => break,
            }
        }
    }

    fn next_pg(&mut self, counts: &Counts) -> Option<usize> {
        let p = &self.pending;
        if self.in_startup {
            let len = u32::from_be_bytes(p.get(..4)?.try_into().ok()?) as usize;
            if p.len() < len {
                return None;
            }
            // An SSLRequest (code 80877103) is followed by the real startup message.
            let code = u32::from_be_bytes(p.get(4..8)?.try_into().ok()?);
            if code != 80_877_103 {
                self.in_startup = false;
            }
            return Some(len);
        }
        let tag = *p.first()?;
        let len = u32::from_be_bytes(p.get(1..5)?.try_into().ok()?) as usize;
        if p.len() < 1 + len {
            return None;
        }
        if tag == b'S' {
            counts.syncs.fetch_add(1, Ordering::SeqCst);
        }
        Some(1 + len)
    }

    fn next_mysql(&mut self, counts: &Counts) -> Option<usize> {
        let p = &self.pending;
        let header = p.get(..4)?;
        let len =
            usize::from(header[0]) | usize::from(header[1]) << 8 | usize::from(header[2]) << 16;
        if p.len() < 4 + len {
            return None;
        }
        let seq = header[3];
        if self.in_startup {
            self.in_startup = false;
        } else if seq == 0 {
            match p.get(4) {
                Some(0x0e) => counts.pings.fetch_add(1, Ordering::SeqCst),
                Some(0x03 | 0x17) => counts.statements.fetch_add(1, Ordering::SeqCst),
                _ => 0,
            };
        }
        Some(4 + len)
    }
}
