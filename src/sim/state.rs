//! The simulator's world: accounts, issued tokens, stored triggers and the faults switched on.

use rand::Rng;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::time::Instant;

use crate::model::time::TICKS_PER_MILLI;
use crate::model::trigger::TriggerKey;
use crate::mt1::account::TIMEKEEPER_ROLE;

#[derive(Debug, Clone)]
pub struct SimDevice {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone)]
pub struct SimAccount {
    pub username: String,
    pub password: String,
    pub user_id: Value,
    pub roles: Vec<String>,
    pub devices: Vec<SimDevice>,
}

impl SimAccount {
    fn new(username: &str, user_id: Value, roles: &[&str], devices: &[(&str, &str)]) -> Self {
        Self {
            username: username.into(),
            password: username.into(),
            user_id,
            roles: roles.iter().map(|r| (*r).to_owned()).collect(),
            devices: devices
                .iter()
                .map(|(id, name)| SimDevice {
                    id: (*id).into(),
                    name: (*name).into(),
                })
                .collect(),
        }
    }

    /// `demo`/`demo`: a Timekeeper account with a start, a finish and a split device.
    pub fn demo() -> Self {
        Self::new(
            "demo",
            json!(4711),
            &["USER", TIMEKEEPER_ROLE],
            &[
                (DEMO_START, "Start"),
                (DEMO_FINISH, "Finish"),
                (DEMO_SPLIT, "Split"),
            ],
        )
    }

    /// A Timekeeper account with its own password, owning the demo devices.
    pub fn timekeeper(username: &str, password: &str) -> Self {
        Self {
            password: password.into(),
            ..Self::new(
                username,
                json!("tk-1"),
                &[TIMEKEEPER_ROLE],
                &[(DEMO_START, "Start"), (DEMO_FINISH, "Finish")],
            )
        }
    }

    /// `basic`/`basic`: an account without the Timekeeper feature.
    pub fn basic() -> Self {
        Self::new(
            "basic",
            json!("user-2"),
            &["USER"],
            &[("190801099", "Club MT1")],
        )
    }

    pub fn user_json(&self) -> Value {
        json!({ "id": self.user_id, "username": self.username, "roles": self.roles, "email": format!("{}@example.test", self.username) })
    }

    pub fn owns(&self, device_id: &str) -> bool {
        self.devices.iter().any(|d| d.id == device_id)
    }
}

pub const DEMO_START: &str = "231203016";
pub const DEMO_FINISH: &str = "231203017";
pub const DEMO_SPLIT: &str = "190801013";

/// A trigger as the simulator produces it; `dto()` is its TriggerDto JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimTrigger {
    pub device_id: String,
    pub channel: u16,
    pub timestamp: i64,
    pub time_offset: i32,
    pub kind: String,
    pub bib: Option<(i64, String)>,
    pub valid: bool,
}

impl SimTrigger {
    pub fn impulse(
        device_id: &str,
        channel: u16,
        timestamp: i64,
        bib: i64,
        bib_kind: &str,
    ) -> Self {
        Self {
            device_id: device_id.into(),
            channel,
            timestamp,
            time_offset: 60,
            kind: "StartNumberTrigger".into(),
            bib: Some((bib, bib_kind.into())),
            valid: true,
        }
    }

    /// The ClearTrigger a device produces when this trigger is deleted on it.
    pub fn clearing(&self) -> Self {
        Self {
            kind: "ClearTrigger".into(),
            ..self.clone()
        }
    }

    pub fn key(&self) -> TriggerKey {
        TriggerKey {
            device_id: self.device_id.as_str().into(),
            channel: self.channel,
            timestamp: self.timestamp,
        }
    }

    pub fn dto(&self) -> Value {
        let mut dto = json!({
            "deviceId": self.device_id,
            "timestamp": self.timestamp,
            "timeOffset": self.time_offset,
            "timingChannel": format!("C{}", self.channel),
            "type": self.kind,
            "valid": self.valid,
            "blocked": false,
            "fallingEdge": true,
        });
        if let Some((n, kind)) = &self.bib {
            dto["startNumber"] = json!({ "startNumber": n, "type": kind });
        }
        dto
    }
}

/// How the history list and count read their query, where the reference is unsure (§5.1, §5.2,
/// §11.7). The default is the friendly reading the demo plays; tests play every other one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryReading {
    /// Most items one page returns, whatever `limit` asks for.
    pub page_cap: usize,
    pub order: HistoryOrder,
    pub bounds: Bounds,
    /// Whether `/count` applies `timestampFrom_ms` (or counts the channel's whole history).
    pub count_honours_filter: bool,
    /// Triggers sharing a millisecond come in a new order on every request.
    pub shuffle_ties: bool,
    /// Whether `offset` is honoured (a deployment that ignores it lists the first page again).
    pub offset_supported: bool,
}

impl Default for HistoryReading {
    fn default() -> Self {
        Self {
            page_cap: 1000,
            order: HistoryOrder::NewestFirst,
            bounds: Bounds::Inclusive,
            count_honours_filter: true,
            shuffle_ties: false,
            offset_supported: true,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryOrder {
    NewestFirst,
    OldestFirst,
}

/// Whether `timestampFrom_ms`/`timestampTo_ms` include the millisecond they name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bounds {
    Inclusive,
    Exclusive,
}

/// How an expired token shows on REST: the reference is unsure (§3.1), so both are simulated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpiryStyle {
    Http403,
    Status1007,
}

/// How a quota answer looks (§3.3): HTTP 200 with status -9000, or HTTP 429.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuotaStyle {
    Status9000,
    Http429,
}

#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub logins: u32,
    pub login_attempts: u32,
    pub ws_connects: u32,
    pub rest_calls: u32,
    /// History list requests (pages), a part of `rest_calls`.
    pub history_pages: u32,
    /// Every token ever issued, so tests can prove none leaks into output.
    pub issued: Vec<String>,
}

#[derive(Debug)]
pub(crate) struct State {
    pub accounts: Vec<SimAccount>,
    pub tokens: HashMap<String, usize>,
    /// Per device, in the order produced (history sorts newest first).
    pub triggers: HashMap<String, Vec<SimTrigger>>,
    pub refuse_until: Option<Instant>,
    pub quota_until: Option<Instant>,
    pub duplicate_pushes: bool,
    pub counters: Counters,
    pub subscribers: HashMap<u64, usize>,
}

impl State {
    pub fn new(accounts: Vec<SimAccount>) -> Self {
        Self {
            accounts,
            tokens: HashMap::new(),
            triggers: HashMap::new(),
            refuse_until: None,
            quota_until: None,
            duplicate_pushes: false,
            counters: Counters::default(),
            subscribers: HashMap::new(),
        }
    }

    pub fn login(&mut self, username: &str, password: &str) -> Option<(String, Value)> {
        self.counters.login_attempts += 1;
        let idx = self
            .accounts
            .iter()
            .position(|a| a.username == username && a.password == password)?;
        let mut rng = rand::rng();
        let token: String = (0..32)
            .map(|_| char::from(b"0123456789ABCDEF"[rng.random_range(0..16)]))
            .collect();
        self.tokens.insert(token.clone(), idx);
        self.counters.issued.push(token.clone());
        self.counters.logins += 1;
        Some((token, self.accounts[idx].user_json()))
    }

    pub fn account(&self, token: &str) -> Option<&SimAccount> {
        self.tokens.get(token).map(|i| &self.accounts[*i])
    }

    pub fn quota_active(&self) -> bool {
        self.quota_until.is_some_and(|t| t > Instant::now())
    }

    fn matching(
        &self,
        reading: &HistoryReading,
        device: &str,
        channel: u16,
        from_ms: Option<i64>,
        to_ms: Option<i64>,
    ) -> Vec<&SimTrigger> {
        let ms = |t: &SimTrigger| t.timestamp.div_euclid(TICKS_PER_MILLI);
        let inside = |t: &SimTrigger| match reading.bounds {
            Bounds::Inclusive => {
                from_ms.is_none_or(|f| ms(t) >= f) && to_ms.is_none_or(|to| ms(t) <= to)
            }
            Bounds::Exclusive => {
                from_ms.is_none_or(|f| ms(t) > f) && to_ms.is_none_or(|to| ms(t) < to)
            }
        };
        let mut out: Vec<&SimTrigger> = self
            .triggers
            .get(device)
            .into_iter()
            .flatten()
            .filter(|t| t.channel == channel)
            .filter(|t| inside(t))
            .collect();
        // The list is sorted by the millisecond only (the filters' unit): triggers sharing one
        // keep the order they were stored in, or a new one for every request.
        if reading.shuffle_ties {
            use rand::seq::SliceRandom;
            out.shuffle(&mut rand::rng());
        }
        match reading.order {
            HistoryOrder::NewestFirst => out.sort_by_key(|t| std::cmp::Reverse(ms(t))),
            HistoryOrder::OldestFirst => out.sort_by_key(|t| ms(t)),
        }
        out
    }

    pub fn count(
        &self,
        reading: &HistoryReading,
        device: &str,
        channel: u16,
        from_ms: Option<i64>,
    ) -> usize {
        let from_ms = from_ms.filter(|_| reading.count_honours_filter);
        self.matching(reading, device, channel, from_ms, None).len()
    }

    pub fn page(
        &self,
        reading: &HistoryReading,
        device: &str,
        channel: u16,
        range: (Option<i64>, Option<i64>),
        offset: usize,
        limit: usize,
    ) -> Vec<Value> {
        self.matching(reading, device, channel, range.0, range.1)
            .into_iter()
            .skip(if reading.offset_supported { offset } else { 0 })
            .take(limit.min(reading.page_cap))
            .map(SimTrigger::dto)
            .collect()
    }
}
