//! Start/finish pairs by bib: for a start channel and a finish channel, the running time of
//! each bib with one start and one finish. Each time is taken as the device recorded it, to
//! 1/10 000 s, the difference computed at that precision and only the result truncated to
//! 1/100 s (FIS ICR 611.3.5). A bib with two starts or two finishes is flagged, never
//! guessed. Pure.

use std::collections::HashMap;

use super::row::{TriggerRow, TriggerState};
use super::trigger::{DeviceId, TriggerKey, TriggerKind};

/// Ticks (100 ns) in the 1/10 000 s a device records.
const TICKS_PER_TEN_THOUSANDTH: i64 = 1_000;

/// The channels paired: starts on one, finishes on the other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairSpec {
    pub start: (DeviceId, u16),
    pub finish: (DeviceId, u16),
}

/// What a row of a pair shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paired {
    /// The finish of a bib with one start before it: the running time in 1/10 000 s.
    Time(i64),
    /// The start of a bib that has finished (its time is on the finish).
    Started,
    TwoStarts,
    TwoFinishes,
    /// The finish is not after the start.
    FinishFirst,
}

impl Paired {
    /// The running time as a result is written: `1:23.45`, `1:02:03.45` past the hour, the
    /// hundredths truncated.
    pub fn text(self) -> Option<String> {
        let Self::Time(t) = self else {
            return None;
        };
        let hundredths = t / 100;
        let (s, h) = (hundredths / 100, hundredths % 100);
        Some(match s / 3600 {
            0 => format!("{}:{:02}.{h:02}", s / 60, s % 60),
            hours => format!("{hours}:{:02}:{:02}.{h:02}", s / 60 % 60, s % 60),
        })
    }
}

/// The pair state of every row on the two channels that belongs to a bib; rows without a
/// bib, or not standing valid impulses, are not paired.
pub fn pair<'a>(
    rows: impl IntoIterator<Item = &'a TriggerRow>,
    spec: &PairSpec,
) -> HashMap<TriggerKey, Paired> {
    let mut starts: HashMap<i64, Vec<TriggerKey>> = HashMap::new();
    let mut finishes: HashMap<i64, Vec<TriggerKey>> = HashMap::new();
    for r in rows {
        let counts = r.state == TriggerState::Active
            && r.facts.kind != TriggerKind::Clear
            && r.facts.valid != Some(false);
        let (Some(bib), true) = (r.facts.bib_number(), counts) else {
            continue;
        };
        let on = |(d, c): &(DeviceId, u16)| r.key.channel == *c && r.key.device_id == *d;
        if on(&spec.start) {
            starts.entry(bib).or_default().push(r.key.clone());
        }
        if on(&spec.finish) {
            finishes.entry(bib).or_default().push(r.key.clone());
        }
    }
    let mut out = HashMap::new();
    for (bib, s) in &starts {
        let f = finishes.get(bib).map_or(&[][..], Vec::as_slice);
        match (s.as_slice(), f) {
            ([_, _, ..], _) => {
                out.extend(s.iter().chain(f).map(|k| (k.clone(), Paired::TwoStarts)))
            }
            (_, [_, _, ..]) => {
                out.extend(s.iter().chain(f).map(|k| (k.clone(), Paired::TwoFinishes)))
            }
            ([start], [finish]) => {
                // Each time as recorded (1/10 000 s), then the difference.
                let at = |k: &TriggerKey| k.timestamp.div_euclid(TICKS_PER_TEN_THOUSANDTH);
                let t = at(finish) - at(start);
                if t > 0 {
                    out.insert(start.clone(), Paired::Started);
                    out.insert(finish.clone(), Paired::Time(t));
                } else {
                    out.insert(start.clone(), Paired::FinishFirst);
                    out.insert(finish.clone(), Paired::FinishFirst);
                }
            }
            _ => {}
        }
    }
    for (bib, f) in finishes.iter().filter(|(_, f)| f.len() > 1) {
        if !starts.contains_key(bib) {
            out.extend(f.iter().map(|k| (k.clone(), Paired::TwoFinishes)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::row::sample;
    use crate::model::time::TICKS_PER_SECOND;

    fn spec() -> PairSpec {
        PairSpec {
            start: ("1".into(), 0),
            finish: ("2".into(), 1),
        }
    }

    #[test]
    fn computed_from_the_recorded_ten_thousandths_then_truncated_to_hundredths() {
        // Recorded as 10:00:00.0000 and 10:01:23.4600 (the ticks say .00005 and .46004):
        // 1:23.4600, so 1:23.46. From the raw ticks it would be 1:23.45999, so 1:23.45: a
        // hundredth off what the official's printouts give.
        let t0 = 36_000 * TICKS_PER_SECOND;
        let start = sample("1", 0, t0 + 500, Some(7));
        let finish = sample("2", 1, t0 + 83 * TICKS_PER_SECOND + 4_600_400, Some(7));
        let p = pair([&start, &finish], &spec());
        assert_eq!(p[&finish.key], Paired::Time(834_600));
        assert_eq!(p[&finish.key].text().as_deref(), Some("1:23.46"));
        assert_eq!(p[&start.key], Paired::Started);
        assert_eq!(
            Paired::Time(834_599).text().as_deref(),
            Some("1:23.45"),
            "truncated"
        );
        assert_eq!(
            Paired::Time(37_230_000).text().as_deref(),
            Some("1:02:03.00")
        );
    }

    #[test]
    fn two_starts_or_two_finishes_are_flagged_never_guessed() {
        let t0 = 36_000 * TICKS_PER_SECOND;
        let s1 = sample("1", 0, t0, Some(8));
        let s2 = sample("1", 0, t0 + TICKS_PER_SECOND, Some(8));
        let f = sample("2", 1, t0 + 60 * TICKS_PER_SECOND, Some(8));
        let p = pair([&s1, &s2, &f], &spec());
        assert!([&s1, &s2, &f]
            .iter()
            .all(|r| p[&r.key] == Paired::TwoStarts));
        let f1 = sample("2", 1, t0, Some(9));
        let f2 = sample("2", 1, t0 + 5, Some(9));
        let p = pair([&f1, &f2], &spec());
        assert_eq!(p[&f1.key], Paired::TwoFinishes);
        let early = sample("2", 1, t0 - TICKS_PER_SECOND, Some(10));
        let late_start = sample("1", 0, t0, Some(10));
        assert_eq!(
            pair([&early, &late_start], &spec())[&early.key],
            Paired::FinishFirst
        );
        let no_bib = sample("1", 0, t0, None);
        assert!(pair([&no_bib], &spec()).is_empty());
    }
}
