//! What the live table shows, as plain data: every row the session delivered, the filter, the
//! sort, and the resulting view (indices into the rows). No egui here, so it is unit-tested.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::model::correction::{Correction, Corrections, Effective};
use crate::model::doubles::{Doubles, DEFAULT_WITHIN_MS};
use crate::model::pairs::{pair, PairSpec, Paired};
use crate::model::row::{Source, TriggerRow, TriggerState};
use crate::model::trigger::{channel_label, DeviceId, TriggerKey};
use crate::tr;
use crate::ui::look::format;
use crate::ui::look::i18n::Language;

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
    /// Matched against the words on screen (case-insensitive): see `Matcher`.
    pub text: String,
    pub channel: Option<u16>,
    /// Devices the official unticked; their triggers are still recorded, just not shown.
    pub hidden_devices: HashSet<DeviceId>,
}

impl Filter {
    pub fn is_active(&self) -> bool {
        !self.text.trim().is_empty() || self.channel.is_some() || !self.hidden_devices.is_empty()
    }
}

/// A filter prepared once when it changes (or the language or the device names do), so the
/// per-row test allocates nothing in the common cases. It matches the words on screen: the
/// device's name and id, the channel, the bib, the state, source, type, bib entry and valid
/// words in the current language, and the device time as shown.
#[derive(Debug, Clone, Default)]
struct Matcher {
    filter: Filter,
    needle: String,
    /// A bare number of up to four digits is a bib, matched exactly; a longer one can only be
    /// (part of) a device id.
    bib: Option<i64>,
    long_number: bool,
    /// Only a needle that could be part of a time makes the row's time worth formatting.
    timeish: bool,
    language: Language,
    /// Devices whose shown name contains the needle.
    named: HashSet<DeviceId>,
    /// Which shown words contain the needle.
    states: [bool; 4],
    sources: [bool; 3],
    impulse: bool,
    clear: bool,
    typed: bool,
    sequential: bool,
    valid_yes: bool,
    valid_no: bool,
    double: bool,
}

impl Matcher {
    fn new(filter: Filter, names: &HashMap<DeviceId, String>, language: Language) -> Self {
        let needle = filter.text.trim().to_lowercase();
        let digits = !needle.is_empty() && needle.bytes().all(|b| b.is_ascii_digit());
        let long_number = digits && needle.len() > 4;
        let bib = (digits && !long_number)
            .then(|| needle.parse().ok())
            .flatten();
        let timeish = needle
            .bytes()
            .any(|b| b.is_ascii_digit() || matches!(b, b':' | b'.' | b',' | b'-'));
        let shows = |word: String| !needle.is_empty() && word.to_lowercase().contains(&needle);
        let named = if needle.is_empty() {
            HashSet::new()
        } else {
            names
                .iter()
                .filter(|(_, name)| name.to_lowercase().contains(&needle))
                .map(|(id, _)| id.clone())
                .collect()
        };
        let states = [
            TriggerState::Active,
            TriggerState::Cleared,
            TriggerState::Deleted,
            TriggerState::MissingOnServer,
        ]
        .map(|s| shows(format::state_label(s)));
        Self {
            sources: [Source::Push, Source::History, Source::Hand]
                .map(|s| shows(format::source_label(s))),
            impulse: shows(format::kind_label("StartNumberTrigger")),
            clear: shows(format::kind_label("ClearTrigger")),
            typed: shows(format::bib_entry_label("MANUAL")),
            sequential: shows(format::bib_entry_label("SEQUENTIAL")),
            valid_yes: shows(format::valid_label(Some(true))),
            valid_no: shows(format::valid_label(Some(false))),
            double: shows(tr!("state-double")),
            states,
            named,
            filter,
            needle,
            bib,
            long_number,
            timeish,
            language,
        }
    }

    /// Whether the filter shows `row`, with what the table shows of it besides its facts.
    fn matches(&self, row: &TriggerRow, shown: Shown) -> bool {
        let f = &self.filter;
        if f.channel.is_some_and(|c| c != row.key.channel)
            || (!f.hidden_devices.is_empty()
                && f.hidden_devices.contains(row.key.device_id.as_str()))
        {
            return false;
        }
        if self.needle.is_empty() {
            return true;
        }
        if let Some(bib) = self.bib {
            return shown.bib == Some(bib);
        }
        let n = self.needle.as_str();
        if self.long_number {
            return row.key.device_id.contains(n);
        }
        contains_ci(&row.key.device_id, n)
            || self.named.contains(row.key.device_id.as_str())
            || self.states[row.state as usize]
            || (self.double && shown.double)
            || self.sources[row.source as usize]
            || self.kind_shown(row)
            || self.bib_entry_shown(row)
            || match row.facts.valid {
                Some(true) => self.valid_yes,
                Some(false) => self.valid_no,
                None => false,
            }
            || (n.starts_with('c') && contains_ci(&channel_label(row.key.channel), n))
            || (self.timeish && format::device_time_of_day(row, self.language).contains(n))
    }

    fn kind_shown(&self, row: &TriggerRow) -> bool {
        match row.facts.kind.as_str() {
            "StartNumberTrigger" => self.impulse,
            "ClearTrigger" => self.clear,
            other => contains_ci(other, &self.needle),
        }
    }

    fn bib_entry_shown(&self, row: &TriggerRow) -> bool {
        row.facts
            .bib
            .as_ref()
            .is_some_and(|b| match b.kind.as_str() {
                "MANUAL" => self.typed,
                "SEQUENTIAL" => self.sequential,
                other => contains_ci(other, &self.needle),
            })
    }
}

/// What the table shows of a row besides its facts: the filter finds those words too.
#[derive(Debug, Clone, Copy)]
struct Shown {
    /// Marked "double?".
    double: bool,
    /// The bib on screen: the corrected one, else the device's.
    bib: Option<i64>,
}

/// Case-insensitive `contains` for a lowercase needle, without allocating for ASCII text.
fn contains_ci(hay: &str, needle: &str) -> bool {
    if needle.is_ascii() {
        hay.len() >= needle.len()
            && hay
                .as_bytes()
                .windows(needle.len())
                .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
    } else {
        hay.to_lowercase().contains(needle)
    }
}

/// No row of this table has that book id.
const NO_ROW: u32 = u32::MAX;

pub struct TriggerTable {
    /// The same rows the session's book holds (shared, not copied).
    rows: Vec<Arc<TriggerRow>>,
    /// Book id → position in `rows`: finding a row is an index, not a hash of its key.
    slots: Vec<u32>,
    /// Rows that arrived lately, as runs of consecutive positions that arrived in the same
    /// millisecond, oldest first: only these can be highlighted, so nothing is kept per row,
    /// and a burst of a million rows is one entry per millisecond.
    recent: VecDeque<Arrival>,
    epoch: Instant,
    /// Positions in `rows`, ascending in the sort order (u32: a row fits in 4 bytes).
    view: Vec<u32>,
    view_dirty: bool,
    matcher: Matcher,
    /// The device names the filter finds (the account's device list).
    names: HashMap<DeviceId, String>,
    pub sort: SortColumn,
    pub descending: bool,
    pub from_history: usize,
    channels: Vec<(DeviceId, u16, ChannelStats)>,
    /// Second impulses within the set time on a channel ("double?").
    doubles: Doubles,
    doubles_within_ms: u32,
    /// Start/finish pairs by bib, when the official chose the channels: worked out again
    /// (lazily, before drawing) only when a row of either channel changed.
    pairs: Option<(PairSpec, HashMap<TriggerKey, Paired>)>,
    pairs_dirty: bool,
    /// The officials' corrections: shown over the device's values, never in place of them.
    corrections: Corrections,
    /// Where each hand time's row is: rows of their own, not the book's (no slot).
    hand: HashMap<TriggerKey, usize>,
}

/// What the table holds of one device channel, kept up to date as rows arrive and change
/// (the sidebar shows it live; the server's count comes only with each check).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChannelStats {
    /// Triggers held that the server should list: not deleted, not missing on server.
    pub held: u64,
    /// The newest trigger's timestamp (UTC ticks).
    pub newest: Option<i64>,
    /// When this laptop received the latest trigger of the channel (ticks).
    pub last_received: Option<i64>,
}

impl ChannelStats {
    fn counts(row: &TriggerRow) -> bool {
        !matches!(
            row.state,
            TriggerState::Deleted | TriggerState::MissingOnServer
        )
    }
}

impl Default for TriggerTable {
    fn default() -> Self {
        Self {
            rows: Vec::new(),
            recent: VecDeque::new(),
            slots: Vec::new(),
            epoch: Instant::now(),
            view: Vec::new(),
            view_dirty: false,
            matcher: Matcher::default(),
            names: HashMap::new(),
            sort: SortColumn::Time,
            descending: true, // newest first
            from_history: 0,
            channels: Vec::new(),
            doubles: Doubles::default(),
            doubles_within_ms: DEFAULT_WITHIN_MS,
            pairs: None,
            pairs_dirty: false,
            corrections: Corrections::default(),
            hand: HashMap::new(),
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
    pub fn apply(&mut self, row: Arc<TriggerRow>, now: Instant) -> bool {
        let id = row.id as usize;
        match self.slots.get(id).copied().filter(|&i| i != NO_ROW) {
            Some(i) => {
                let i = i as usize;
                // A change can move the row (state, bib) or drop it from a filter: rebuild,
                // unless the sort key and the filter cannot see the difference.
                let moved = !matches!(
                    self.sort,
                    SortColumn::Time
                        | SortColumn::Channel
                        | SortColumn::Device
                        | SortColumn::Received
                        | SortColumn::Source
                ) || self.matcher.filter.is_active();
                let before = ChannelStats::counts(&self.rows[i]);
                let after = ChannelStats::counts(&row);
                if before != after {
                    let stats = self.stats_mut(&row);
                    stats.held = if after {
                        stats.held + 1
                    } else {
                        stats.held.saturating_sub(1)
                    };
                }
                self.doubles.set(&row);
                self.pairs_dirty |= self.touches_pairs(&row);
                self.rows[i] = row;
                // A filter for "double?" sees a neighbour's mark change too.
                self.view_dirty |= moved || self.matcher.double;
                false
            }
            None => {
                if row.source == Source::History {
                    self.from_history += 1;
                }
                let stats = self.stats_mut(&row);
                stats.held += u64::from(ChannelStats::counts(&row));
                stats.newest = stats.newest.max(Some(row.key.timestamp));
                stats.last_received = stats.last_received.max(Some(row.received));
                self.doubles.set(&row);
                self.pairs_dirty |= self.touches_pairs(&row);
                self.view_dirty |= self.matcher.double;
                let i = self.rows.len();
                if self.slots.len() <= id {
                    self.slots.resize(id + 1, NO_ROW);
                }
                self.slots[id] = u32::try_from(i).unwrap_or(NO_ROW);
                self.rows.push(row);
                let ms = now.saturating_duration_since(self.epoch).as_millis();
                self.arrived(i, u32::try_from(ms).unwrap_or(u32::MAX));
                self.insert_into_view(i);
                true
            }
        }
    }

    pub fn filter(&self) -> &Filter {
        &self.matcher.filter
    }

    /// Whether the filter shows `row`.
    pub fn shows(&self, row: &TriggerRow) -> bool {
        self.matcher.matches(row, self.shown_of(row))
    }

    fn shown_of(&self, row: &TriggerRow) -> Shown {
        Shown {
            double: self.doubles.is_double(&row.key),
            bib: self
                .corrections
                .of(&row.key)
                .map_or_else(|| row.facts.bib_number(), |e| e.bib(row)),
        }
    }

    /// Whether `row` is marked "double?": a second impulse on its channel within the set
    /// time of the one before.
    pub fn is_double(&self, row: &TriggerRow) -> bool {
        self.doubles.is_double(&row.key)
    }

    pub fn corrections(&self) -> &Corrections {
        &self.corrections
    }

    /// Takes a correction (or an undo) in; the view and the running times follow.
    pub fn correct(&mut self, c: Correction) {
        self.corrections.add(c);
        self.pairs_dirty = true;
        self.view_dirty = true;
        self.sync_hand();
    }

    /// The corrections a continued session had made.
    pub fn set_corrections(&mut self, c: Corrections) {
        self.corrections = c;
        self.pairs_dirty = true;
        self.view_dirty = true;
        self.sync_hand();
    }

    /// Hand times as the corrections say: a new one added as a row, one taken back marked
    /// deleted (it stays, as a deleted trigger does).
    fn sync_hand(&mut self) {
        let ms = Instant::now()
            .saturating_duration_since(self.epoch)
            .as_millis();
        for row in self.corrections.hand_rows() {
            self.doubles.set(&row);
            match self.hand.get(&row.key) {
                Some(&i) => self.rows[i] = Arc::new(row),
                None => {
                    let i = self.rows.len();
                    self.hand.insert(row.key.clone(), i);
                    self.rows.push(Arc::new(row));
                    self.arrived(i, u32::try_from(ms).unwrap_or(u32::MAX));
                }
            }
        }
    }

    /// Whether a row (the book's or a hand time) has this device, channel and time to the
    /// 1/10 000 s the devices show: a hand time must not stand for a trigger that is there.
    pub fn holds(&self, key: &TriggerKey) -> bool {
        let shown = |ticks: i64| ticks.div_euclid(1_000);
        self.rows.iter().any(|r| {
            (&r.key.device_id, r.key.channel) == (&key.device_id, key.channel)
                && shown(r.key.timestamp) == shown(key.timestamp)
        })
    }

    /// What the corrections make of `row`, if any stands.
    pub fn corrected(&self, row: &TriggerRow) -> Option<&Effective> {
        self.corrections.of(&row.key)
    }

    /// The channels paired by bib (start, finish), or none: the running-time column.
    pub fn set_pairs(&mut self, spec: Option<PairSpec>) {
        if self.pairs.as_ref().map(|(s, _)| s) != spec.as_ref() {
            self.pairs = spec.map(|s| (s, HashMap::new()));
            self.pairs_dirty = true;
        }
    }

    pub fn pair_spec(&self) -> Option<&PairSpec> {
        self.pairs.as_ref().map(|(s, _)| s)
    }

    /// Works the pairs out again if a row of their channels changed (before drawing).
    pub fn refresh_pairs(&mut self) {
        if !std::mem::take(&mut self.pairs_dirty) {
            return;
        }
        if let Some((spec, paired)) = &mut self.pairs {
            // Corrected bibs and validity: the running time of the bib the official fixed.
            let rows: Vec<_> = self
                .rows
                .iter()
                .map(|r| self.corrections.apply(r))
                .collect();
            *paired = pair(rows.iter().map(|r| r.as_ref()), spec);
        }
    }

    /// What the running-time column shows for `row`.
    pub fn paired(&self, row: &TriggerRow) -> Option<Paired> {
        self.pairs.as_ref()?.1.get(&row.key).copied()
    }

    fn touches_pairs(&self, row: &TriggerRow) -> bool {
        self.pairs.as_ref().is_some_and(|(s, _)| {
            [&s.start, &s.finish]
                .iter()
                .any(|(d, c)| row.key.channel == *c && row.key.device_id == *d)
        })
    }

    /// The time within which a second impulse is a double (0: never); the marks follow.
    pub fn set_double_window(&mut self, ms: u32) {
        if ms != self.doubles_within_ms {
            self.doubles_within_ms = ms;
            self.doubles = Doubles::of(self.rows.iter().map(|r| &**r), ms);
            self.view_dirty |= self.matcher.filter.is_active();
        }
    }

    /// Whether the newest trigger is the top row (sorted by time or arrival, descending).
    pub fn newest_on_top(&self) -> bool {
        self.descending && matches!(self.sort, SortColumn::Time | SortColumn::Received)
    }

    /// Back to the default order: device time, newest first.
    pub fn sort_newest_first(&mut self) {
        self.sort = SortColumn::Time;
        self.descending = true;
        self.view_dirty = true;
    }

    /// What is held of one device channel and its newest trigger, kept as rows arrive.
    pub fn channel(&self, device: &str, channel: u16) -> ChannelStats {
        self.channels
            .iter()
            .find(|(d, c, _)| *c == channel && d.as_str() == device)
            .map(|(_, _, s)| *s)
            .unwrap_or_default()
    }

    /// The channels of `device` the table holds triggers of, ascending.
    /// Every device channel a trigger of the book came on.
    pub fn channel_keys(&self) -> impl Iterator<Item = (&DeviceId, u16)> {
        self.channels.iter().map(|(d, c, _)| (d, *c))
    }

    pub fn channels_of(&self, device: &str) -> Vec<(u16, ChannelStats)> {
        let mut v: Vec<(u16, ChannelStats)> = self
            .channels
            .iter()
            .filter(|(d, _, _)| d.as_str() == device)
            .map(|(_, c, s)| (*c, *s))
            .collect();
        v.sort_by_key(|(c, _)| *c);
        v
    }

    /// The stats of `row`'s channel (a handful of channels: a scan beats a map, and the
    /// device id compares by pointer).
    fn stats_mut(&mut self, row: &TriggerRow) -> &mut ChannelStats {
        let k = &row.key;
        let i = match self
            .channels
            .iter()
            .position(|(d, c, _)| *c == k.channel && *d == k.device_id)
        {
            Some(i) => i,
            None => {
                let stats = ChannelStats::default();
                self.channels.push((k.device_id.clone(), k.channel, stats));
                self.channels.len() - 1
            }
        };
        &mut self.channels[i].2
    }

    /// Changes the filter through a closure so the view is rebuilt only when it really changed.
    pub fn edit_filter(&mut self, edit: impl FnOnce(&mut Filter)) {
        let mut filter = self.matcher.filter.clone();
        edit(&mut filter);
        if filter != self.matcher.filter {
            self.matcher = Matcher::new(filter, &self.names, self.matcher.language);
            self.view_dirty = true;
        }
    }

    /// The device names and the language the filter's words come from (checked every frame:
    /// the filter is prepared again only when one of them changed).
    pub fn set_words(&mut self, names: &HashMap<DeviceId, String>, language: Language) {
        if *names == self.names && language == self.matcher.language {
            return;
        }
        self.names = names.clone();
        self.matcher = Matcher::new(self.matcher.filter.clone(), &self.names, language);
        self.view_dirty = self.view_dirty || self.matcher.filter.is_active();
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

    fn clean_view(&mut self) -> &[u32] {
        if self.view_dirty {
            self.rebuild_view();
        }
        &self.view
    }

    /// The first shown position with this bib, and its row (jump to bib).
    pub fn shown_position_of_bib(&mut self, bib: i64) -> Option<(usize, usize)> {
        for n in 0..self.view_len() {
            let i = self.shown(n);
            if self
                .row(i)
                .facts
                .bib
                .as_ref()
                .is_some_and(|b| b.number == bib)
            {
                return Some((n, i));
            }
        }
        None
    }

    /// How many rows the filter shows.
    pub fn view_len(&mut self) -> usize {
        self.clean_view().len()
    }

    /// The row shown at position `n` (0 = top). The view is kept ascending and read from the
    /// end when the order is descending, so the usual newest-first insert is a push.
    pub fn shown(&mut self, n: usize) -> usize {
        let descending = self.descending;
        let view = self.clean_view();
        let i = if descending {
            view[view.len() - 1 - n]
        } else {
            view[n]
        };
        i as usize
    }

    /// Every shown row index, top to bottom.
    pub fn shown_rows(&mut self) -> Vec<usize> {
        let descending = self.descending;
        let mut v: Vec<usize> = self.clean_view().iter().map(|&i| i as usize).collect();
        if descending {
            v.reverse();
        }
        v
    }

    /// Every row, the latest to arrive first.
    pub fn rows_latest_first(&self) -> impl Iterator<Item = &Arc<TriggerRow>> {
        self.rows.iter().rev()
    }

    pub fn row(&self, i: usize) -> &TriggerRow {
        &self.rows[i]
    }

    pub fn is_highlighted(&self, i: usize, now: Instant) -> bool {
        let now_ms = now.saturating_duration_since(self.epoch).as_millis();
        let run = self.recent.partition_point(|a| a.first as usize <= i);
        run.checked_sub(1)
            .and_then(|k| self.recent.get(k))
            .is_some_and(|a| {
                i <= a.last as usize
                    && now_ms.saturating_sub(u128::from(a.ms)) < HIGHLIGHT.as_millis()
            })
    }

    /// How long until the next highlight ends (the table is drawn once more then).
    pub fn highlight_ends_in(&self, now: Instant) -> Option<Duration> {
        let now_ms = now.saturating_duration_since(self.epoch).as_millis();
        let highlight = HIGHLIGHT.as_millis();
        self.recent
            .iter()
            .map(|a| u128::from(a.ms) + highlight)
            .find(|&end| end > now_ms)
            .map(|end| Duration::from_millis(u64::try_from(end - now_ms).unwrap_or(u64::MAX)))
    }

    /// Remembers that row `i` arrived at `ms`, forgetting runs too old to be highlighted.
    fn arrived(&mut self, i: usize, ms: u32) {
        let highlight = u32::try_from(HIGHLIGHT.as_millis()).unwrap_or(u32::MAX);
        while self
            .recent
            .front()
            .is_some_and(|a| ms.saturating_sub(a.ms) >= highlight)
        {
            self.recent.pop_front();
        }
        let Ok(i) = u32::try_from(i) else {
            return;
        };
        match self.recent.back_mut() {
            Some(a) if a.ms == ms && a.last.checked_add(1) == Some(i) => a.last = i,
            _ => self.recent.push_back(Arrival {
                first: i,
                last: i,
                ms,
            }),
        }
    }

    /// Rows as shown (filtered) or all of them, in the table's order, for export.
    pub fn rows_in_order(&mut self, only_shown: bool) -> Vec<Arc<TriggerRow>> {
        let order = if only_shown {
            self.shown_rows()
        } else {
            let mut all: Vec<u32> = (0..self.rows.len() as u32).collect();
            self.sort_indices(&mut all);
            if self.descending {
                all.reverse();
            }
            all.into_iter().map(|i| i as usize).collect()
        };
        order.into_iter().map(|i| self.rows[i].clone()).collect()
    }

    fn rebuild_view(&mut self) {
        let mut view: Vec<u32> = (0..self.rows.len() as u32)
            .filter(|&i| {
                let row = &self.rows[i as usize];
                self.matcher.matches(row, self.shown_of(row))
            })
            .collect();
        self.sort_indices(&mut view);
        self.view = view;
        self.view_dirty = false;
    }

    /// The sort key of row `i`: the column's value, then trigger time, then arrival order, so
    /// every key is distinct and the order never jumps around.
    fn key(&self, i: u32) -> (Primary<'_>, i64, u32) {
        let r = &self.rows[i as usize];
        let primary = match self.sort {
            SortColumn::Time => Primary::Num(0),
            SortColumn::Channel => Primary::Num(i64::from(r.key.channel)),
            SortColumn::Bib => Primary::Num(r.facts.bib.as_ref().map_or(i64::MIN, |b| b.number)),
            SortColumn::Received => Primary::Num(r.received),
            SortColumn::Latency => Primary::Num(r.latency_ms()),
            SortColumn::Device => Primary::Text(&r.key.device_id),
            SortColumn::Type => Primary::Text(r.facts.kind.as_str()),
            SortColumn::State => Primary::Text(r.state.as_str()),
            SortColumn::Source => Primary::Text(r.source.as_str()),
        };
        (primary, r.key.timestamp, i)
    }

    /// Ascending; keys are computed once per row and sorted as plain tuples (no clone per
    /// comparison).
    fn sort_indices(&self, idx: &mut [u32]) {
        let mut keyed: Vec<_> = idx.iter().map(|&i| self.key(i)).collect();
        keyed.sort_unstable();
        idx.iter_mut().zip(keyed).for_each(|(slot, k)| *slot = k.2);
    }

    /// A new row goes straight into its place in a clean view (binary search), so a live
    /// trigger costs O(log n) comparisons instead of a rebuild of a million-row view.
    fn insert_into_view(&mut self, i: usize) {
        if self.view_dirty {
            return;
        }
        if !self
            .matcher
            .matches(&self.rows[i], self.shown_of(&self.rows[i]))
        {
            return;
        }
        let Ok(i) = u32::try_from(i) else {
            return;
        };
        let new = self.key(i);
        let pos = self.view.partition_point(|&j| self.key(j) < new);
        self.view.insert(pos, i);
    }
}

/// Rows `first..=last` arrived at `ms` (since the table's epoch).
#[derive(Debug, Clone, Copy)]
struct Arrival {
    first: u32,
    last: u32,
    ms: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Primary<'a> {
    Num(i64),
    Text(&'a str),
}

/// Newest-first auto-follow; paused when the official scrolls away, resumed with one click.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Follow {
    pub on: bool,
    pub new_while_paused: usize,
    /// Scroll to the newest row on the next frame.
    pub scroll_to_top: bool,
    /// Frames left before a scroll position away from the top means the official scrolled
    /// away: a scroll to the top shows only a frame after it was asked for.
    pub settle: u8,
    /// Jump to bib: the shown position to scroll to on the next frame, and the row it marks
    /// (until following resumes).
    pub jump_to: Option<usize>,
    pub marked: Option<usize>,
    /// The row whose context menu was opened: a menu stays where it opened while new rows
    /// push the rows down beneath it, and must still act on the row that was right-clicked.
    pub menu_row: Option<usize>,
}

impl Default for Follow {
    fn default() -> Self {
        Self {
            on: true,
            new_while_paused: 0,
            scroll_to_top: false,
            settle: 0,
            jump_to: None,
            marked: None,
            menu_row: None,
        }
    }
}

impl Follow {
    pub fn new_row(&mut self) {
        if self.on {
            self.scroll_to_top = true;
        } else {
            self.new_while_paused += 1;
        }
    }

    pub fn resume(&mut self) {
        *self = Self {
            scroll_to_top: true,
            ..Self::default()
        };
    }

    /// Shows the row at shown position `n` (row `row`) and stops following there.
    pub fn jump(&mut self, n: usize, row: usize) {
        self.on = false;
        self.settle = 0;
        self.jump_to = Some(n);
        self.marked = Some(row);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::row::Source;
    use crate::mt1::trigger::decode_message;
    use crate::session::TriggerBook;

    fn row(
        book: &mut TriggerBook,
        device: &str,
        ch: u16,
        ts: i64,
        bib: i64,
        kind: &str,
    ) -> Arc<TriggerRow> {
        let body = format!(
            r#"{{"dto":{{"deviceId":"{device}","timestamp":{ts},"timeOffset":60,"timingChannel":"C{ch}","type":"{kind}","startNumber":{{"startNumber":{bib},"type":"MANUAL"}}}}}}"#
        );
        book.apply(
            decode_message(body.as_bytes()).expect("fixture"),
            Source::Push,
            ts + 1,
        )
        .expect("event")
        .row
    }

    fn sample() -> TriggerTable {
        let mut book = TriggerBook::new();
        let mut t = TriggerTable::default();
        let base = 17_911_336_041_234_567;
        let now = Instant::now();
        t.apply(row(&mut book, "1", 0, base, 12, "StartNumberTrigger"), now);
        t.apply(
            row(&mut book, "2", 1, base + 10, 7, "StartNumberTrigger"),
            now,
        );
        t.apply(
            row(&mut book, "2", 1, base + 20, 112, "StartNumberTrigger"),
            now,
        );
        t.apply(row(&mut book, "2", 1, base + 20, 112, "ClearTrigger"), now);
        t
    }

    fn bibs(t: &mut TriggerTable) -> Vec<i64> {
        let view = t.shown_rows();
        view.iter()
            .map(|&i| t.row(i).facts.bib.as_ref().map_or(-1, |b| b.number))
            .collect()
    }

    #[test]
    fn newest_first_and_updates_replace_rows() {
        let mut t = sample();
        assert_eq!(t.len(), 3);
        assert_eq!(bibs(&mut t), vec![112, 7, 12]);
        let cleared = t.shown(0);
        assert_eq!(
            t.row(cleared).state,
            crate::model::row::TriggerState::Cleared
        );
    }

    #[test]
    fn the_filter_finds_the_words_on_screen_device_names_and_ids() {
        let mut t = sample();
        let names: HashMap<DeviceId, String> = [("1", "Start"), ("2", "Finish")]
            .into_iter()
            .map(|(id, name)| (id.into(), name.into()))
            .collect();
        t.set_words(&names, Language::English);
        t.edit_filter(|f| f.text = "finish".into());
        assert_eq!(bibs(&mut t), vec![112, 7], "the device's name as shown");
        t.edit_filter(|f| f.text = "Start".into());
        assert_eq!(bibs(&mut t), vec![12], "not every row through the raw type");
        t.edit_filter(|f| f.text = "typed".into());
        assert_eq!(bibs(&mut t), vec![112, 7, 12], "the bib entry word");
        t.edit_filter(|f| f.text = "push".into());
        assert_eq!(bibs(&mut t), vec![112, 7, 12], "the source word");
        t.edit_filter(|f| f.text = "missing".into());
        assert_eq!(bibs(&mut t), Vec::<i64>::new());
        // A device id is longer than any bib: it finds the device's rows.
        let mut book = TriggerBook::new();
        let base = 17_911_336_041_234_567;
        t.apply(
            row(
                &mut book,
                "231203017",
                3,
                base + 30,
                5,
                "StartNumberTrigger",
            ),
            Instant::now(),
        );
        t.edit_filter(|f| f.text = "231203017".into());
        assert_eq!(bibs(&mut t), vec![5], "a device id");
        t.edit_filter(|f| f.text = "5".into());
        assert_eq!(bibs(&mut t), vec![5], "a short number is still a bib");
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
    fn live_inserts_keep_the_view_sorted_and_filtered_without_a_rebuild() {
        let mut book = TriggerBook::new();
        let mut t = TriggerTable::default();
        let base = 17_911_336_041_234_567;
        let now = Instant::now();
        t.sort_by(SortColumn::Bib); // ascending by bib
        t.view_len();
        for (n, bib) in [(0, 50), (1, 10), (2, 30), (3, 20), (4, 40)] {
            t.apply(
                row(&mut book, "1", 0, base + n, bib, "StartNumberTrigger"),
                now,
            );
            assert!(!t.view_dirty, "an insert does not force a rebuild");
        }
        assert_eq!(bibs(&mut t), vec![10, 20, 30, 40, 50]);
        t.edit_filter(|f| f.channel = Some(1));
        t.view_len();
        t.apply(
            row(&mut book, "1", 0, base + 9, 5, "StartNumberTrigger"),
            now,
        );
        t.apply(
            row(&mut book, "1", 1, base + 10, 6, "StartNumberTrigger"),
            now,
        );
        assert_eq!(bibs(&mut t), vec![6], "the filter applies to live rows too");
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

    #[test]
    fn only_rows_that_just_arrived_are_highlighted() {
        let mut book = TriggerBook::new();
        let mut t = TriggerTable::default();
        let base = 17_911_336_041_234_567;
        let start = Instant::now();
        t.apply(row(&mut book, "1", 0, base, 1, "StartNumberTrigger"), start);
        assert!(t.is_highlighted(0, start));
        let later = start + HIGHLIGHT + Duration::from_secs(1);
        assert!(!t.is_highlighted(0, later), "3 s later it is plain");
        t.apply(
            row(&mut book, "1", 0, base + 1, 2, "StartNumberTrigger"),
            later,
        );
        assert!(!t.is_highlighted(0, later));
        t.apply(
            row(&mut book, "2", 0, base + 2, 3, "StartNumberTrigger"),
            later,
        );
        assert_eq!(t.recent.len(), 1, "rows of one millisecond are one run");
        assert!(t.is_highlighted(2, later));
        assert!(t.is_highlighted(1, later));
        assert!(!t.is_highlighted(1, later + HIGHLIGHT));
        // A change finds its row by the book's number, not by a second copy of the key.
        t.apply(row(&mut book, "1", 0, base + 1, 2, "ClearTrigger"), later);
        assert_eq!(t.len(), 3);
        assert_eq!(t.row(1).state, crate::model::row::TriggerState::Cleared);
    }
}
