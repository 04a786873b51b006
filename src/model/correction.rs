//! Corrections an official makes at the line: a bib typed wrong on the device, an impulse
//! marked invalid (or valid again), a note for the jury. The trigger from ALGE Results is never
//! changed: each correction is a record of its own (what, old → new, when, by whom, why),
//! undone by another record, and what the table and the exports show is the fold of them.
//! A hand time (a missed impulse, timed by hand) is a record too: a row of its own, source
//! *hand*, never mistaken for one from ALGE Results. Pure.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::row::{Source, TriggerRow, TriggerState};
use super::trigger::{Bib, BibKind, TriggerFacts, TriggerKey, TriggerKind};

/// What a correction sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fix {
    Bib(Option<i64>),
    /// `true`: invalid (a false start), `false`: valid again.
    Invalid(bool),
    Note(String),
    /// A hand time at the record's key, with its bib; the device's clock offset then, so its
    /// time of day reads as the device's do.
    Hand {
        bib: Option<i64>,
        offset_min: i32,
    },
}

/// A hand time's row is not the book's: it has no book id.
pub const HAND_ROW_ID: u32 = u32::MAX;

/// The key of a hand time on `channel` at `time_of_day` (device time, `hh:mm:ss` with up to
/// four decimals, dot or comma) on the device and date of `beside`, the row the official
/// chose it from. `None`: not such a time.
pub fn hand_key(beside: &TriggerRow, channel: u16, time_of_day: &str) -> Option<TriggerKey> {
    use super::time::{TICKS_PER_DAY, TICKS_PER_MINUTE, TICKS_PER_SECOND};
    let (hms, fraction) = match time_of_day.trim().split_once(['.', ',']) {
        Some((hms, f)) => (hms, f),
        None => (time_of_day.trim(), ""),
    };
    let parts: Vec<i64> = hms
        .split(':')
        .map(|p| p.parse().ok().filter(|_| (1..=2).contains(&p.len())))
        .collect::<Option<_>>()?;
    let [h, m, s] = parts[..] else { return None };
    if h > 23
        || m > 59
        || s > 59
        || fraction.len() > 4
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let ten_thousandths: i64 = format!("{fraction:0<4}").parse().ok()?;
    let in_day = ((h * 60 + m) * 60 + s) * TICKS_PER_SECOND + ten_thousandths * 1_000;
    let offset = i64::from(beside.facts.time_offset_min) * TICKS_PER_MINUTE;
    let day = (beside.key.timestamp + offset).div_euclid(TICKS_PER_DAY) * TICKS_PER_DAY;
    Some(TriggerKey {
        device_id: beside.key.device_id.clone(),
        channel,
        timestamp: day + in_day - offset,
    })
}

impl Fix {
    /// The record's kind in the journal and the exports.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Bib(_) => "bib",
            Self::Invalid(_) => "invalid",
            Self::Note(_) => "note",
            Self::Hand { .. } => "hand",
        }
    }

    /// The value as a word: a bib, `invalid`/`valid`, the note.
    pub fn value(&self) -> String {
        match self {
            Self::Bib(b) => b.map_or_else(|| "none".to_owned(), |b| b.to_string()),
            Self::Invalid(true) => "invalid".to_owned(),
            Self::Invalid(false) => "valid".to_owned(),
            Self::Note(n) => n.clone(),
            Self::Hand { bib, .. } => Self::Bib(*bib).value(),
        }
    }

    /// What the trigger (with the corrections before) says now, of the same kind.
    pub fn current(&self, row: &TriggerRow, now: &Effective) -> Self {
        match self {
            Self::Bib(_) => Self::Bib(now.bib(row)),
            Self::Invalid(_) => Self::Invalid(now.invalid(row)),
            Self::Note(_) => Self::Note(now.note.clone().unwrap_or_default()),
            Self::Hand { .. } => self.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    /// Numbered within the journal session, from 1.
    pub id: i64,
    pub key: TriggerKey,
    pub fix: Fix,
    /// What it replaced (the same kind).
    pub was: Fix,
    pub reason: String,
    /// The sign-in that made it.
    pub by: String,
    /// When (ticks, this laptop's clock).
    pub at: i64,
    /// This record takes correction `undoes` back.
    pub undoes: Option<i64>,
}

/// What the corrections make of one trigger.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Effective {
    /// The corrected bib, and the device's bib when it was corrected.
    pub bib: Option<(Option<i64>, Option<i64>)>,
    pub invalid: Option<bool>,
    pub note: Option<String>,
}

impl Effective {
    /// The bib to use: the corrected one, else the device's.
    pub fn bib(&self, row: &TriggerRow) -> Option<i64> {
        self.bib.map_or_else(|| row.facts.bib_number(), |(b, _)| b)
    }

    pub fn invalid(&self, row: &TriggerRow) -> bool {
        self.invalid.unwrap_or(row.facts.valid == Some(false))
    }

    /// The device changed the bib after the official corrected it: both are kept and shown.
    pub fn device_changed_since(&self, row: &TriggerRow) -> bool {
        self.bib
            .is_some_and(|(_, device_then)| device_then != row.facts.bib_number())
    }

    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

impl Correction {
    /// What it changed, in the files' words: `bib: 12 -> 13`, `hand time, bib 31`.
    pub fn change(&self) -> String {
        match &self.fix {
            Fix::Hand { .. } => format!("hand time, bib {}", self.fix.value()),
            fix => format!("{}: {} -> {}", fix.kind(), self.was.value(), fix.value()),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Corrections {
    list: Vec<Correction>,
    /// Folded from `list` whenever it grows.
    effective: HashMap<TriggerKey, Effective>,
    undone: HashSet<i64>,
}

impl Corrections {
    pub fn from_list(list: Vec<Correction>) -> Self {
        let mut c = Self {
            list,
            ..Self::default()
        };
        c.fold();
        c
    }

    /// Every record, undos too, in the order made.
    pub fn list(&self) -> &[Correction] {
        &self.list
    }

    pub fn next_id(&self) -> i64 {
        self.list.iter().map(|c| c.id).max().unwrap_or(0) + 1
    }

    pub fn add(&mut self, c: Correction) {
        self.list.push(c);
        self.fold();
    }

    /// What the corrections make of `key` (nothing: none stands).
    pub fn of(&self, key: &TriggerKey) -> Option<&Effective> {
        self.effective.get(key)
    }

    /// A correction, not an undo, that no undo took back.
    fn stands(&self, c: &Correction) -> bool {
        c.undoes.is_none() && !self.undone.contains(&c.id)
    }

    /// The latest correction of `key` that stands (what *Undo* takes back).
    pub fn last_standing(&self, key: &TriggerKey) -> Option<&Correction> {
        self.list
            .iter()
            .rev()
            .find(|c| c.key == *key && self.stands(c))
    }

    /// The row as corrected (its bib and validity), for what computes with them: exports,
    /// running times. Borrowed when nothing stands for it.
    pub fn apply<'a>(&self, row: &'a TriggerRow) -> Cow<'a, TriggerRow> {
        let Some(e) = self.of(&row.key) else {
            return Cow::Borrowed(row);
        };
        let mut r = row.clone();
        if e.bib.is_some() {
            r.facts.bib = e.bib(row).map(|number| Bib {
                number,
                kind: BibKind::Manual,
            });
        }
        if let Some(invalid) = e.invalid {
            r.facts.valid = Some(!invalid);
        }
        Cow::Owned(r)
    }

    /// Corrections that stand, and those undone.
    pub fn counts(&self) -> (usize, usize) {
        let made = self.list.iter().filter(|c| c.undoes.is_none()).count();
        let standing = self.list.iter().filter(|c| self.stands(c)).count();
        (standing, made - standing)
    }

    /// The hand times the officials added, as rows (source *hand*); one taken back stays,
    /// marked deleted, as a deleted trigger does.
    pub fn hand_rows(&self) -> Vec<TriggerRow> {
        let hand = |c: &Correction| match c.fix {
            Fix::Hand { bib, offset_min } if c.undoes.is_none() => Some(TriggerRow {
                id: HAND_ROW_ID,
                key: c.key.clone(),
                facts: TriggerFacts {
                    time_offset_min: offset_min,
                    kind: TriggerKind::StartNumber,
                    bib: bib.map(|number| Bib {
                        number,
                        kind: BibKind::Manual,
                    }),
                    valid: Some(true),
                    blocked: Some(false),
                    falling_edge: None,
                },
                state: match self.undone.contains(&c.id) {
                    true => TriggerState::Deleted,
                    false => TriggerState::Active,
                },
                source: Source::Hand,
                received: c.at,
            }),
            _ => None,
        };
        self.list.iter().filter_map(hand).collect()
    }

    /// Whether correction `id` was taken back.
    pub fn is_undone(&self, id: i64) -> bool {
        self.undone.contains(&id)
    }

    fn fold(&mut self) {
        self.undone = self.list.iter().filter_map(|c| c.undoes).collect();
        let mut effective: HashMap<TriggerKey, Effective> = HashMap::new();
        for c in self.list.iter().filter(|c| self.stands(c)) {
            let e = effective.entry(c.key.clone()).or_default();
            match (&c.fix, &c.was) {
                (Fix::Bib(new), Fix::Bib(was)) => {
                    // The device's bib then: what it said before the first bib correction.
                    let device_then = e.bib.map_or(*was, |(_, d)| d);
                    e.bib = Some((*new, device_then));
                }
                (Fix::Invalid(v), _) => e.invalid = Some(*v),
                (Fix::Note(n), _) => e.note = (!n.is_empty()).then(|| n.clone()),
                (Fix::Bib(new), _) => e.bib = Some((*new, None)),
                // The row itself (hand_rows), not a change to one.
                (Fix::Hand { .. }, _) => {}
            }
        }
        effective.retain(|_, e| !e.is_empty());
        self.effective = effective;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::row::sample;

    fn correction(id: i64, row: &TriggerRow, fix: Fix, was: Fix) -> Correction {
        Correction {
            id,
            key: row.key.clone(),
            fix,
            was,
            reason: "typed wrong".into(),
            by: "anna".into(),
            at: 0,
            undoes: None,
        }
    }

    #[test]
    fn each_kind_folds_and_an_undo_takes_it_back() {
        let row = sample("1", 1, 100, Some(12));
        let mut c = Corrections::default();
        c.add(correction(1, &row, Fix::Bib(Some(13)), Fix::Bib(Some(12))));
        c.add(correction(2, &row, Fix::Invalid(true), Fix::Invalid(false)));
        c.add(correction(
            3,
            &row,
            Fix::Note("false start".into()),
            Fix::Note(String::new()),
        ));
        let e = c.of(&row.key).expect("corrected");
        assert_eq!(e.bib(&row), Some(13));
        assert!(e.invalid(&row));
        assert_eq!(e.note.as_deref(), Some("false start"));
        assert!(!e.device_changed_since(&row));
        assert_eq!(c.last_standing(&row.key).map(|c| c.id), Some(3));
        let undo = Correction {
            id: 4,
            undoes: Some(2),
            ..correction(4, &row, Fix::Invalid(true), Fix::Invalid(false))
        };
        c.add(undo);
        let e = c.of(&row.key).expect("still corrected");
        assert!(!e.invalid(&row), "valid again: the undo took it back");
        assert_eq!(c.counts(), (2, 1));
        assert!(c.is_undone(2));
        assert_eq!(c.next_id(), 5);
        // The raw row is what the device said.
        assert_eq!(row.facts.bib_number(), Some(12));
    }

    #[test]
    fn a_hand_time_is_a_row_of_its_own_and_an_undo_leaves_it_deleted() {
        let at = sample("1", 2, 1_000, None);
        let hand = Fix::Hand {
            bib: Some(7),
            offset_min: 60,
        };
        let mut c = Corrections::from_list(vec![correction(1, &at, hand.clone(), hand)]);
        let rows = c.hand_rows();
        assert_eq!(rows.len(), 1);
        let r = &rows[0];
        assert_eq!((r.source, r.state), (Source::Hand, TriggerState::Active));
        assert_eq!((r.key.channel, r.facts.bib_number()), (2, Some(7)));
        assert_eq!(r.facts.time_offset_min, 60);
        assert!(c.of(&at.key).is_none(), "it changes no other row");
        // Its bib corrected like any row's, then the hand time taken back.
        c.add(correction(2, r, Fix::Bib(Some(8)), Fix::Bib(Some(7))));
        assert_eq!(c.of(&r.key).and_then(|e| e.bib(r)), Some(8));
        c.add(Correction {
            undoes: Some(1),
            ..correction(3, r, Fix::Note(String::new()), Fix::Note(String::new()))
        });
        assert_eq!(c.hand_rows()[0].state, TriggerState::Deleted);
        assert_eq!(c.counts(), (1, 1));
    }

    #[test]
    fn a_hand_time_reads_the_devices_time_of_day_on_the_rows_date() {
        use crate::model::time::format_device_time;
        // A row at 16:00:38.7600 device time, the device an hour ahead of UTC.
        let mut beside = sample("1", 1, 0, None);
        beside.facts.time_offset_min = 60;
        beside.key.timestamp = 17_964_864_387_600_000 - 36_000_000_000;
        let device = |k: &TriggerKey| format_device_time(k.timestamp, 60);
        let k = hand_key(&beside, 2, "09:01:02.5").expect("a time");
        assert_eq!(k.channel, 2);
        assert_eq!(
            device(&k)[..11],
            device(&beside.key)[..11],
            "the row's date"
        );
        assert!(device(&k).ends_with(" 09:01:02.5000"), "{}", device(&k));
        let k = hand_key(&beside, 2, "23:59:59,9999").expect("a comma");
        assert!(device(&k).ends_with("23:59:59.9999"), "{}", device(&k));
        for wrong in [
            "9:1",
            "24:00:00",
            "09:00:60",
            "09:00:00.12345",
            "09:00:00.1a",
            "x",
        ] {
            assert!(hand_key(&beside, 2, wrong).is_none(), "{wrong}");
        }
    }

    #[test]
    fn a_push_that_changes_the_bib_after_a_correction_keeps_both() {
        let row = sample("1", 1, 100, Some(12));
        let c = Corrections::from_list(vec![correction(
            1,
            &row,
            Fix::Bib(Some(13)),
            Fix::Bib(Some(12)),
        )]);
        let mut pushed = row.clone();
        pushed.facts.bib = sample("1", 1, 100, Some(14)).facts.bib;
        let e = c.of(&pushed.key).expect("corrected");
        assert_eq!(e.bib(&pushed), Some(13), "the official's correction stands");
        assert!(
            e.device_changed_since(&pushed),
            "and the device's change is shown"
        );
    }
}
