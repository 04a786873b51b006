//! What an official writes to name an output and a channel map, on the command line
//! (`--timy-out`, `--timy-map`) and in the settings, read into one shape.
//!
//! ```text
//! /dev/ttyUSB0              a serial port, 9600 baud, 8N1, CR
//! COM3,38400,crlf           another rate and line end
//! /dev/ttyS0,7E1            parity (none, even, odd or 8N1/8E1/8O1/7E1…)
//! tcp:0.0.0.0:7000          a listener; every connected program gets every line
//! ```
//! A channel map entry sends an MT1 channel as another ALGE channel: `1=0` (every device's
//! C1 as C0), `231203016:C2=C1` (one device's).

use std::fmt;
use thiserror::Error;

use crate::model::timy::LineEnd;
use crate::model::trigger::{channel_label, is_device_id, parse_channel};

#[derive(Debug, Error, PartialEq, Eq)]
pub enum SpecError {
    #[error("an output needs a serial port (COM3, /dev/ttyUSB0) or tcp:ADDRESS:PORT")]
    Empty,
    #[error("`{spec}`: `{option}` is not an option (a baud rate such as 9600, none, even, odd, 8N1, cr or crlf)")]
    Option { spec: String, option: String },
    #[error("`{0}`: write tcp:ADDRESS:PORT, for example tcp:0.0.0.0:7000")]
    Tcp(String),
    #[error("{0} is mapped twice; one entry per channel")]
    MapTwice(String),
    #[error("{0} is named twice; one line per port")]
    Twice(String),
    #[error("`{0}`: a channel map entry is MT1=ALGE or DEVICE:MT1=ALGE, for example 1=0 or 231203016:C2=C1 (ALGE channels C0 to C9)")]
    Map(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parity {
    None,
    Even,
    Odd,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Serial {
        path: String,
        baud: u32,
        data_bits: u8,
        parity: Parity,
    },
    /// A listener at `addr` (`host:port`).
    Tcp { addr: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputSpec {
    pub target: Target,
    pub end: LineEnd,
}

/// What ALGE timers and Race Horology use out of the box.
pub const DEFAULT_BAUD: u32 = 9600;

impl OutputSpec {
    pub fn parse(spec: &str) -> Result<Self, SpecError> {
        let mut parts = spec.split(',').map(str::trim);
        let head = parts
            .next()
            .filter(|h| !h.is_empty())
            .ok_or(SpecError::Empty)?;
        let mut end = LineEnd::Cr;
        let mut target = match head.strip_prefix("tcp:") {
            Some(addr) => {
                let port_ok = addr
                    .rsplit_once(':')
                    .is_some_and(|(host, port)| !host.is_empty() && port.parse::<u16>().is_ok());
                if !port_ok {
                    return Err(SpecError::Tcp(spec.to_owned()));
                }
                Target::Tcp {
                    addr: addr.to_owned(),
                }
            }
            None => Target::Serial {
                path: head.to_owned(),
                baud: DEFAULT_BAUD,
                data_bits: 8,
                parity: Parity::None,
            },
        };
        for option in parts {
            let bad = || SpecError::Option {
                spec: spec.to_owned(),
                option: option.to_owned(),
            };
            match (option.to_ascii_lowercase().as_str(), &mut target) {
                ("cr", _) => end = LineEnd::Cr,
                ("crlf", _) => end = LineEnd::CrLf,
                (o, Target::Serial { baud, .. }) if o.bytes().all(|b| b.is_ascii_digit()) => {
                    *baud = o.parse().ok().filter(|b| *b > 0).ok_or_else(bad)?;
                }
                (o, Target::Serial { parity, .. }) if parity_of(o).is_some() => {
                    *parity = parity_of(o).ok_or_else(bad)?;
                }
                (
                    o,
                    Target::Serial {
                        parity, data_bits, ..
                    },
                ) if frame_of(o).is_some() => {
                    (*data_bits, *parity) = frame_of(o).ok_or_else(bad)?;
                }
                _ => return Err(bad()),
            }
        }
        Ok(Self { target, end })
    }

    /// The output's name: its port or address (what its written lines are kept under, so a
    /// new baud rate is still the same output).
    pub fn name(&self) -> String {
        match &self.target {
            Target::Serial { path, .. } => path.clone(),
            Target::Tcp { addr } => format!("tcp:{addr}"),
        }
    }
}

fn parity_of(o: &str) -> Option<Parity> {
    match o {
        "none" | "n" => Some(Parity::None),
        "even" | "e" => Some(Parity::Even),
        "odd" | "o" => Some(Parity::Odd),
        _ => None,
    }
}

/// `8N1`, `7E1`: data bits, parity, one stop bit.
fn frame_of(o: &str) -> Option<(u8, Parity)> {
    let b = o.as_bytes();
    let bits = match b.first()? {
        b'7' => 7,
        b'8' => 8,
        _ => return None,
    };
    (b.len() == 3 && b[2] == b'1')
        .then(|| parity_of(&o[1..2]))
        .flatten()
        .map(|p| (bits, p))
}

impl fmt::Display for OutputSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())?;
        if let Target::Serial {
            baud,
            data_bits,
            parity,
            ..
        } = &self.target
        {
            let p = match parity {
                Parity::None => 'N',
                Parity::Even => 'E',
                Parity::Odd => 'O',
            };
            write!(f, ",{baud},{data_bits}{p}1")?;
        }
        f.write_str(match self.end {
            LineEnd::Cr => ",cr",
            LineEnd::CrLf => ",crlf",
        })
    }
}

/// MT1 channel → ALGE channel, per device or for every device. Unmapped channels keep their
/// number when it is an ALGE channel (0–9).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChannelMap {
    /// (device or every device, MT1 channel, ALGE channel); a device's own entry wins.
    entries: Vec<(Option<String>, u16, u8)>,
}

impl ChannelMap {
    pub fn parse<'a>(entries: impl IntoIterator<Item = &'a str>) -> Result<Self, SpecError> {
        let entries: Vec<(Option<String>, u16, u8)> = entries
            .into_iter()
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(|e| entry(e).ok_or_else(|| SpecError::Map(e.to_owned())))
            .collect::<Result<_, _>>()?;
        // One entry per channel: two would leave the official guessing which one is used.
        for (i, (d, c, _)) in entries.iter().enumerate() {
            if entries[..i].iter().any(|(d2, c2, _)| d2 == d && c2 == c) {
                let who = d.as_ref().map_or_else(String::new, |d| format!("{d}:"));
                return Err(SpecError::MapTwice(format!("{who}{}", channel_label(*c))));
            }
        }
        Ok(Self { entries })
    }

    /// The ALGE channel for `device`'s MT1 `channel`; `None`: it has none (over C9, unmapped).
    pub fn alge(&self, device: &str, channel: u16) -> Option<u8> {
        let find = |device: Option<&str>| {
            self.entries
                .iter()
                .find(|(d, c, _)| *c == channel && d.as_deref() == device)
                .map(|e| e.2)
        };
        find(Some(device))
            .or_else(|| find(None))
            .or_else(|| u8::try_from(channel).ok().filter(|c| *c <= 9))
    }
}

fn entry(e: &str) -> Option<(Option<String>, u16, u8)> {
    let (from, to) = e.split_once('=')?;
    let (device, from) = match from.split_once(':') {
        Some((d, c)) if is_device_id(d.trim()) => (Some(d.trim().to_owned()), c),
        Some(_) => return None,
        None => (None, from),
    };
    let alge = parse_channel(to.trim()).filter(|c| *c <= 9)?;
    Some((
        device,
        parse_channel(from.trim())?,
        u8::try_from(alge).ok()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_as_officials_write_them() {
        let usb = OutputSpec::parse("/dev/ttyUSB0").expect("serial");
        assert_eq!(usb.to_string(), "/dev/ttyUSB0,9600,8N1,cr");
        let com = OutputSpec::parse("COM3, 38400, 7E1, crlf").expect("serial");
        assert_eq!(com.to_string(), "COM3,38400,7E1,crlf");
        assert_eq!(com.name(), "COM3");
        assert_eq!(
            OutputSpec::parse("/dev/ttyS0,odd").expect("serial").target,
            Target::Serial {
                path: "/dev/ttyS0".into(),
                baud: 9600,
                data_bits: 8,
                parity: Parity::Odd
            }
        );
        let tcp = OutputSpec::parse("tcp:0.0.0.0:7000").expect("tcp");
        assert_eq!(tcp.name(), "tcp:0.0.0.0:7000");
        assert_eq!(tcp.to_string(), "tcp:0.0.0.0:7000,cr");
        assert!(matches!(
            OutputSpec::parse("tcp:7000"),
            Err(SpecError::Tcp(_))
        ));
        assert!(matches!(
            OutputSpec::parse("tcp:0.0.0.0:7000,9600"),
            Err(SpecError::Option { .. })
        ));
        assert!(matches!(
            OutputSpec::parse("COM3,fast"),
            Err(SpecError::Option { .. })
        ));
        assert_eq!(OutputSpec::parse(" "), Err(SpecError::Empty));
    }

    #[test]
    fn channel_maps_per_device_win_over_every_device() {
        let map = ChannelMap::parse(["1=0", "231203016:C1=C4", " "]).expect("map");
        assert_eq!(map.alge("231203016", 1), Some(4));
        assert_eq!(map.alge("999", 1), Some(0));
        assert_eq!(map.alge("999", 2), Some(2), "unmapped keeps its number");
        assert_eq!(map.alge("999", 12), None, "no ALGE channel C12");
        assert!(matches!(
            ChannelMap::parse(["1=0", "C1=2"]),
            Err(SpecError::MapTwice(_))
        ));
        for bad in ["1=10", "x:1=0", "1", "C1=Cx"] {
            assert!(ChannelMap::parse([bad]).is_err(), "{bad}");
        }
    }
}
