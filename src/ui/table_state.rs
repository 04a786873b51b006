//! What the live table shows, as plain data: every row the session delivered, the filter, the
//! sort, and the resulting view (indices into the rows). No egui here, so it is unit-tested.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use crate::mt1::trigger::{channel_label, TriggerKey};
use crate::session::{Change, Source, TriggerEvent, TriggerRow};

/// How long a new row stays highlighted.
pub const HIGHLIGHT: Duration = Duration::from_secs(3);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortColumn {
    Device,
    Channel,
    Time,
    Bib,
    Type,
    State,
    Source,
    Received,
    Latency,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filter {
    /// Matched against bib, device, channel, time, state, kind (case-insensitive).
    pub text: String,
    pub channel: Option<u16>,
    /// Devices the official unticked; their triggers are still recorded, just not shown.
    pub hidden_devices: HashSet<String>,
}

impl Filter {
    pub fn is_active(&self) -> bool {
        !self.text.trim().is_empty() || self.channel.is_some() || !self.hidden_devices.is_empty()
    }

    fn matches(&self, row: &TriggerRow) -> bool {
        if self.hidden_devices.contains(&row.key.device_id)
            || self.channel.is_some_and(|c| c != row.key.channel)
        {
            return false;
        }
        let needle = self.text.trim().to_lowercase();
        if needle.is_empty() {
            return true;
        }
        let bib = row
            .bib
            .as_ref()
            .map(|b| b.number.to_string())
            .unwrap_or_default();
        // A bare number means a bib: match it exactly, not as a substring of times or ids.
        if needle.bytes().all(|b| b.is_ascii_digit()) {
            return bib == needle;
        }
        [
            row.key.device_id.clone(),
            channel_label(row.key.channel),
            row.device_time(),
            row.state.as_str().to_owned(),
            row.kind.as_str().to_owned(),
            row.bib
                .as_ref()
                .map(|b| b.kind.as_str().to_owned())
                .unwrap_or_default(),
        ]
        .iter()
        .any(|field| field.to_lowercase().contains(&needle))
    }
}

pub struct TriggerTable {
    rows: Vec<TriggerRow>,
    arrived: Vec<Instant>,
    index: HashMap<TriggerKey, usize>,
    view: Vec<usize>,
    view_dirty: bool,
    filter: Filter,
    pub sort: SortColumn,
    pub descending: bool,
    pub from_history: usize,
}

impl Default for TriggerTable {
    fn default() -> Self {
        Self {
            rows: Vec::new(),
            arrived: Vec::new(),
            index: HashMap::new(),
            view: Vec::new(),
            view_dirty: false,
            filter: Filter::default(),
            sort: SortColumn::Time,
            descending: true, // newest first
            from_history: 0,
        }
    }
}

impl TriggerTable {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Folds one session event in; returns true for a new row.
    pub fn apply(&mut self, event: TriggerEvent, now: Instant) -> bool {
        self.view_dirty = true;
        match self.index.get(&event.row.key) {
            Some(&i) if event.change == Change::Updated => {
                self.rows[i] = event.row;
                false
            }
            Some(&i) => {
                // Cannot happen (the session adds a key once); keep the newest state anyway.
                self.rows[i] = event.row;
                false
            }
            None => {
                if event.row.source == Source::History {
                    self.from_history += 1;
                }
                self.index.insert(event.row.key.clone(), self.rows.len());
                self.rows.push(event.row);
                self.arrived.push(now);
                true
            }
        }
    }

    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// Changes the filter through a closure so the view is rebuilt only when it really changed.
    pub fn edit_filter(&mut self, edit: impl FnOnce(&mut Filter)) {
        let before = self.filter.clone();
        edit(&mut self.filter);
        if self.filter != before {
            self.view_dirty = true;
        }
    }

    /// A header click: the same column flips direction, a new one starts descending for times.
    pub fn sort_by(&mut self, column: SortColumn) {
        if self.sort == column {
            self.descending = !self.descending;
        } else {
            self.sort = column;
            self.descending = matches!(
                column,
                SortColumn::Time | SortColumn::Received | SortColumn::Latency
            );
        }
        self.view_dirty = true;
    }

    /// Indices of the rows to show, filtered and sorted.
    pub fn view(&mut self) -> &[usize] {
        if self.view_dirty {
            self.rebuild_view();
        }
        &self.view
    }

    pub fn row(&self, i: usize) -> &TriggerRow {
        &self.rows[i]
    }

    pub fn is_highlighted(&self, i: usize, now: Instant) -> bool {
        self.arrived
            .get(i)
            .is_some_and(|t| now.duration_since(*t) < HIGHLIGHT)
    }

    /// Rows as shown (filtered) or all of them, in the table's order, for export.
    pub fn rows_in_order(&mut self, only_shown: bool) -> Vec<TriggerRow> {
        if only_shown {
            let view = self.view().to_vec();
            view.into_iter().map(|i| self.rows[i].clone()).collect()
        } else {
            let mut all: Vec<usize> = (0..self.rows.len()).collect();
            self.sort_indices(&mut all);
            all.into_iter().map(|i| self.rows[i].clone()).collect()
        }
    }

    fn rebuild_view(&mut self) {
        let mut view: Vec<usize> = (0..self.rows.len())
            .filter(|&i| self.filter.matches(&self.rows[i]))
            .collect();
        self.sort_indices(&mut view);
        self.view = view;
        self.view_dirty = false;
    }

    fn sort_indices(&self, idx: &mut [usize]) {
        let rows = &self.rows;
        let key_time = |r: &TriggerRow| (r.key.timestamp, r.key.device_id.clone(), r.key.channel);
        // Stable sort; ties fall back to trigger time so the order never jumps around.
        idx.sort_by(|&a, &b| {
            let (ra, rb) = (&rows[a], &rows[b]);
            let primary = match self.sort {
                SortColumn::Device => ra.key.device_id.cmp(&rb.key.device_id),
                SortColumn::Channel => ra.key.channel.cmp(&rb.key.channel),
                SortColumn::Time => std::cmp::Ordering::Equal,
                SortColumn::Bib => ra
                    .bib
                    .as_ref()
                    .map(|b| b.number)
                    .cmp(&rb.bib.as_ref().map(|b| b.number)),
                SortColumn::Type => ra.kind.as_str().cmp(rb.kind.as_str()),
                SortColumn::State => ra.state.as_str().cmp(rb.state.as_str()),
                SortColumn::Source => ra.source.as_str().cmp(rb.source.as_str()),
                SortColumn::Received => ra.received.cmp(&rb.received),
                SortColumn::Latency => ra.latency_ms().cmp(&rb.latency_ms()),
            };
            let ord = primary.then_with(|| key_time(ra).cmp(&key_time(rb)));
            if self.descending {
                ord.reverse()
            } else {
                ord
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mt1::trigger::decode_message;
    use crate::session::{Source, TriggerBook};

    fn event(
        book: &mut TriggerBook,
        device: &str,
        ch: u16,
        ts: i64,
        bib: i64,
        kind: &str,
    ) -> TriggerEvent {
        let body = format!(
            r#"{{"dto":{{"deviceId":"{device}","timestamp":{ts},"timeOffset":60,"timingChannel":"C{ch}","type":"{kind}","startNumber":{{"startNumber":{bib},"type":"MANUAL"}}}}}}"#
        );
        book.apply(
            decode_message(body.as_bytes()).expect("fixture"),
            Source::Push,
            ts + 1,
        )
        .expect("event")
    }

    fn sample() -> TriggerTable {
        let mut book = TriggerBook::new();
        let mut t = TriggerTable::default();
        let base = 17_911_336_041_234_567;
        let now = Instant::now();
        t.apply(
            event(&mut book, "1", 0, base, 12, "StartNumberTrigger"),
            now,
        );
        t.apply(
            event(&mut book, "2", 1, base + 10, 7, "StartNumberTrigger"),
            now,
        );
        t.apply(
            event(&mut book, "2", 1, base + 20, 112, "StartNumberTrigger"),
            now,
        );
        t.apply(
            event(&mut book, "2", 1, base + 20, 112, "ClearTrigger"),
            now,
        );
        t
    }

    fn bibs(t: &mut TriggerTable) -> Vec<i64> {
        let view = t.view().to_vec();
        view.iter()
            .map(|&i| t.row(i).bib.as_ref().map_or(-1, |b| b.number))
            .collect()
    }

    #[test]
    fn newest_first_and_updates_replace_rows() {
        let mut t = sample();
        assert_eq!(t.len(), 3);
        assert_eq!(bibs(&mut t), vec![112, 7, 12]);
        let cleared = t.view()[0];
        assert_eq!(t.row(cleared).state, crate::session::TriggerState::Cleared);
    }

    #[test]
    fn filters_by_bib_exactly_by_text_channel_and_device() {
        let mut t = sample();
        t.edit_filter(|f| f.text = "12".into());
        assert_eq!(bibs(&mut t), vec![12], "bib 12, not 112");
        t.edit_filter(|f| f.text = "cleared".into());
        assert_eq!(bibs(&mut t), vec![112]);
        t.edit_filter(|f| {
            f.text.clear();
            f.channel = Some(1);
        });
        assert_eq!(bibs(&mut t), vec![112, 7]);
        t.edit_filter(|f| {
            f.channel = None;
            f.hidden_devices.insert("2".into());
        });
        assert_eq!(bibs(&mut t), vec![12]);
        assert!(t.filter().is_active());
        assert_eq!(
            t.rows_in_order(false).len(),
            3,
            "export of everything ignores the filter"
        );
        assert_eq!(t.rows_in_order(true).len(), 1);
    }

    #[test]
    fn header_clicks_sort_and_flip() {
        let mut t = sample();
        t.sort_by(SortColumn::Bib);
        assert_eq!(bibs(&mut t), vec![7, 12, 112]);
        t.sort_by(SortColumn::Bib);
        assert_eq!(bibs(&mut t), vec![112, 12, 7]);
        t.sort_by(SortColumn::Time);
        assert_eq!(bibs(&mut t), vec![112, 7, 12]);
    }
}
