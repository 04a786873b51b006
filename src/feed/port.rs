//! Where an output's lines go: a serial port (or any tty) or a TCP listener whose every
//! connected program gets every line. Both read what the timing program sends to its "timer"
//! (`TIMYINIT`, `PRE4`, `CHK1`, `DTS02.00`…), honour `CHK1`/`CHK0`, and ignore the rest.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};
use thiserror::Error;

use super::spec::{OutputSpec, Parity, Target};
use crate::model::timy::{LineEnd, TimyLine};

#[derive(Debug, Error)]
pub enum PortError {
    #[error("cannot open {name}")]
    Open {
        name: String,
        #[source]
        cause: serialport::Error,
    },
    #[error("cannot listen on {name}")]
    Listen {
        name: String,
        #[source]
        cause: std::io::Error,
    },
    #[error("{name} stopped taking lines (unplugged?)")]
    Gone {
        name: String,
        #[source]
        cause: std::io::Error,
    },
}

/// Commands a timing program sends, split into lines (the bytes kept are capped: a reader
/// sending noise cannot grow them).
#[derive(Default)]
pub(super) struct Commands {
    partial: Vec<u8>,
    checksum: bool,
}

impl Commands {
    fn take(&mut self, bytes: &[u8], from: &str) {
        for &b in bytes {
            if b == b'\r' || b == b'\n' {
                let line = String::from_utf8_lossy(&self.partial)
                    .trim()
                    .to_ascii_uppercase();
                match line.as_str() {
                    "" => {}
                    "CHK1" => self.checksum = true,
                    "CHK0" => self.checksum = false,
                    other => tracing::debug!("{from} sent `{other}` to the timer; ignored"),
                }
                self.partial.clear();
            } else if self.partial.len() < 64 {
                self.partial.push(b);
            }
        }
    }
}

/// How long a port just opened (or a program just connected) gets to send its commands
/// (`CHK1`) before lines go out: a reader asks once, first thing.
const SETTLE: Duration = Duration::from_millis(300);

pub(super) enum Port {
    Serial {
        name: String,
        port: Box<dyn serialport::SerialPort>,
        commands: Commands,
        opened: Instant,
    },
    Tcp {
        name: String,
        listener: TcpListener,
        readers: Vec<Reader>,
    },
}

pub(super) struct Reader {
    stream: TcpStream,
    peer: SocketAddr,
    commands: Commands,
    since: Instant,
}

/// Whether a line reached anyone.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Written {
    Yes,
    /// A listener with no program connected: the line waits for one.
    NoReader,
}

impl Port {
    /// Opens the port; a serial port's reader asked for checksums before (`checksum`): the
    /// timer it thinks it talks to remembers that.
    pub(super) fn open(spec: &OutputSpec, checksum: bool) -> Result<Self, PortError> {
        let name = spec.name();
        match &spec.target {
            Target::Serial {
                path,
                baud,
                data_bits,
                parity,
            } => {
                let port = serialport::new(path, *baud)
                    .data_bits(if *data_bits == 7 {
                        serialport::DataBits::Seven
                    } else {
                        serialport::DataBits::Eight
                    })
                    .parity(match parity {
                        Parity::None => serialport::Parity::None,
                        Parity::Even => serialport::Parity::Even,
                        Parity::Odd => serialport::Parity::Odd,
                    })
                    .stop_bits(serialport::StopBits::One)
                    .flow_control(serialport::FlowControl::None)
                    .timeout(Duration::from_secs(2))
                    .open()
                    .map_err(|cause| PortError::Open {
                        name: name.clone(),
                        cause,
                    })?;
                Ok(Self::Serial {
                    name,
                    port,
                    commands: Commands {
                        checksum,
                        ..Commands::default()
                    },
                    opened: Instant::now(),
                })
            }
            Target::Tcp { addr } => {
                let listen = |cause| PortError::Listen {
                    name: name.clone(),
                    cause,
                };
                let listener = TcpListener::bind(addr).map_err(listen)?;
                listener.set_nonblocking(true).map_err(listen)?;
                Ok(Self::Tcp {
                    name,
                    listener,
                    readers: Vec::new(),
                })
            }
        }
    }

    /// A serial reader's checksum wish (`None` for a listener: each program has its own).
    pub(super) fn checksum(&self) -> Option<bool> {
        match self {
            Self::Serial { commands, .. } => Some(commands.checksum),
            Self::Tcp { .. } => None,
        }
    }

    /// Whether a port just opened, or a program just connected, has had its moment to ask
    /// for checksums.
    pub(super) fn settled(&self) -> bool {
        match self {
            Self::Serial { opened, .. } => opened.elapsed() >= SETTLE,
            Self::Tcp { readers, .. } => readers.iter().all(|r| r.since.elapsed() >= SETTLE),
        }
    }

    /// Programs connected to a listener; `None` for a serial port.
    pub(super) fn readers(&self) -> Option<usize> {
        match self {
            Self::Serial { .. } => None,
            Self::Tcp { readers, .. } => Some(readers.len()),
        }
    }

    /// Reads what the timing programs sent, and takes in newly connected ones. An error: the
    /// port is gone.
    pub(super) fn listen(&mut self) -> Result<(), PortError> {
        let mut buf = [0u8; 256];
        match self {
            Self::Serial {
                name,
                port,
                commands,
                ..
            } => {
                let gone = |cause: std::io::Error| PortError::Gone {
                    name: name.clone(),
                    cause,
                };
                let waiting = port.bytes_to_read().map_err(|e| gone(e.into()))?;
                if waiting > 0 {
                    let n = port.read(&mut buf).map_err(gone)?;
                    commands.take(&buf[..n], name);
                }
                Ok(())
            }
            Self::Tcp {
                name,
                listener,
                readers,
            } => {
                while let Ok((stream, peer)) = listener.accept() {
                    // Blocking, with short reads and patient writes: a full send buffer makes
                    // a write wait (up to 2 s), never cut a line in half.
                    let set = stream
                        .set_nonblocking(false)
                        .and_then(|()| stream.set_read_timeout(Some(Duration::from_millis(1))))
                        .and_then(|()| stream.set_write_timeout(Some(Duration::from_secs(2))));
                    if set.is_ok() {
                        tracing::info!("{name}: {peer} connected");
                        readers.push(Reader {
                            stream,
                            peer,
                            commands: Commands::default(),
                            since: Instant::now(),
                        });
                    }
                }
                readers.retain_mut(|r| loop {
                    match r.stream.read(&mut buf) {
                        Ok(0) => {
                            tracing::info!("{name}: {} disconnected", r.peer);
                            break false;
                        }
                        Ok(n) => r.commands.take(&buf[..n], &r.peer.to_string()),
                        Err(e)
                            if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) =>
                        {
                            break true
                        }
                        Err(e) if e.kind() == ErrorKind::Interrupted => {}
                        Err(e) => {
                            tracing::info!("{name}: {} dropped: {e}", r.peer);
                            break false;
                        }
                    }
                });
                Ok(())
            }
        }
    }

    /// Writes one line to the port, or to every connected program.
    pub(super) fn write(&mut self, line: &TimyLine, end: LineEnd) -> Result<Written, PortError> {
        match self {
            Self::Serial {
                name,
                port,
                commands,
                ..
            } => {
                let wire = line.wire(commands.checksum, end);
                port.write_all(wire.as_bytes())
                    .and_then(|()| port.flush())
                    .map_err(|cause| PortError::Gone {
                        name: name.clone(),
                        cause,
                    })?;
                Ok(Written::Yes)
            }
            Self::Tcp { name, readers, .. } => {
                // A program that stopped reading (its buffer full for 2 s) is dropped.
                readers.retain_mut(|r| {
                    let wire = line.wire(r.commands.checksum, end);
                    let sent = r.stream.write_all(wire.as_bytes());
                    if let Err(e) = &sent {
                        tracing::warn!("{name}: {} dropped, it does not read: {e}", r.peer);
                    }
                    sent.is_ok()
                });
                Ok(if readers.is_empty() {
                    Written::NoReader
                } else {
                    Written::Yes
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timer_commands_switch_the_checksum_and_nothing_else() {
        let mut c = Commands::default();
        c.take(b"TIMYINIT\rPRE4\r\nchk1", "test");
        assert!(!c.checksum, "not before its line ends");
        c.take(b"\rDTS02.00\r", "test");
        assert!(c.checksum);
        c.take(&[b'x'; 500], "test");
        assert!(c.partial.len() <= 64, "noise is capped");
        c.take(b"\rCHK0\r", "test");
        assert!(!c.checksum);
    }
}
