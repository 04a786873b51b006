//! The monitor screen's state: fed by the session's channel, drained once per frame without
//! blocking, then drawn by the wing's `view` and the `table` wing.

use crate::export::preset::PresetOptions;
use crate::feed::{Feed, StatusBoard};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use crate::export::manifest::ServerCount;
use crate::export::preset::Preset;
use crate::model::row::TriggerRow;
use crate::model::trigger::DeviceId;
use crate::mt1::account::{Credentials, Device, Token, User};
use crate::session::{ConnectionState, HereCount, OutageLog, SessionEvent, SessionHandle};
use crate::ui::export::state::{ExportRequest, ExportState};
use crate::ui::login::plain_error;
use crate::ui::monitor::awareness::{Awareness, WatchdogDraft};
use crate::ui::monitor::big_clock::BigClock;
use crate::ui::monitor::pre_race::PreRaceCheck;
use crate::ui::pending::{self, Pending};
use crate::ui::replay::state::ReplayState;
use crate::ui::table::state::{ChannelStats, Follow, TriggerTable};
use std::collections::BTreeMap;

/// The journal a session is written to, as the app opened it.
#[derive(Default)]
pub struct AttachedJournal {
    pub session: Option<i64>,
    pub path: Option<PathBuf>,
    /// Why it could not be opened (the banner says it).
    pub problem: Option<String>,
    /// The watchdogs a continued session had armed, being read.
    pub rules: Option<Pending<Vec<crate::model::watchdog::WatchdogRule>>>,
    /// The corrections a continued session had made, being read.
    pub corrections: Option<Pending<Vec<crate::model::correction::Correction>>>,
}

/// A correction being asked: which row (the table's index), what, the words typed (a hand
/// time's channel and time of day too).
#[derive(Debug, Clone)]
pub struct Draft {
    pub row: usize,
    pub what: crate::ui::table::view::CorrectWhat,
    pub value: String,
    pub channel: String,
    pub time: String,
    pub reason: String,
    pub error: Option<String>,
}

/// The device printer's window: open, and the device and channel it shows (none: the first
/// device; all channels).
#[derive(Debug, Clone, Default)]
pub struct PrinterView {
    pub open: bool,
    pub device: Option<crate::model::trigger::DeviceId>,
    pub channel: Option<u16>,
}

/// Events folded per frame at most, so a burst never stalls a frame; the rest wait a frame.
const EVENTS_PER_FRAME: usize = 20_000;

/// A device channel chosen, or none yet.
type ChannelChoice = Option<(DeviceId, u16)>;

pub struct MonitorState {
    pub server: String,
    pub username: String,
    session: SessionHandle,
    pub table: TriggerTable,
    /// The account's devices (the list the session follows).
    pub(in crate::ui::monitor) devices: Vec<Device>,
    pub connection: ConnectionState,
    pub(in crate::ui::monitor) last_error: Option<(SystemTime, String)>,
    pub(in crate::ui::monitor) problems: usize,
    pub(in crate::ui::monitor) follow: Follow,
    /// Device id → name, for the table.
    pub(in crate::ui::monitor) device_names: HashMap<DeviceId, String>,
    pub(in crate::ui::monitor) missing_role: bool,
    pub(in crate::ui::monitor) export: ExportState,
    /// A re-login renewed the token; the app stores it (off the UI thread).
    pub(in crate::ui::monitor) renewed_token: Option<Token>,
    pub demo: bool,
    /// Set while the journal does not take writes (or could not be opened): shown loudly.
    pub(in crate::ui::monitor) journal_error: Option<String>,
    /// The journal session being written, if any.
    pub journal_session: Option<i64>,
    /// Per device channel: what the server counts and what is here.
    pub(in crate::ui::monitor) completeness: BTreeMap<(DeviceId, u16), Completeness>,
    /// Open while the session waits for the official to sign in again.
    pub(in crate::ui::monitor) sign_in_prompt: Option<SignInPrompt>,
    /// *Sign out* was asked for: the confirmation is showing.
    pub(in crate::ui::monitor) confirm_sign_out: bool,
    /// Put the keyboard focus on the filter on the next frame.
    pub(in crate::ui::monitor) focus_filter: bool,
    /// Jump to bib: what the official typed, whether its field takes the keyboard next
    /// frame, and the bib last asked for that the table does not hold.
    pub(in crate::ui::monitor) jump_text: String,
    pub(in crate::ui::monitor) focus_jump: bool,
    pub(in crate::ui::monitor) jump_missing: Option<i64>,
    /// A history read under way: listed so far, and about how many (the server's counts).
    pub(in crate::ui::monitor) history_read: Option<(usize, u64)>,
    /// Channels the official added to a device's list before their first trigger.
    pub(in crate::ui::monitor) added_channels: Vec<(DeviceId, u16)>,
    /// Link health, clocks, watchdogs, and what should sound.
    pub aware: Awareness,
    /// The watchdog being set up (its dialog is open).
    pub(in crate::ui::monitor) watchdog_draft: Option<WatchdogDraft>,
    pub(in crate::ui::monitor) big_clock: BigClock,
    /// Where the journal is (watchdogs and the pre-race check are kept with the session).
    pub journal_path: Option<PathBuf>,
    /// Watchdog rules of a continued session, read off the UI thread.
    pub(in crate::ui::monitor) pending_rules:
        Option<Pending<Vec<crate::model::watchdog::WatchdogRule>>>,
    pub pre_race: Option<PreRaceCheck>,
    /// A journalled session being replayed (no live session behind this monitor).
    pub(in crate::ui::monitor) replay: Option<ReplayState>,
    /// When the live link was down (ticks; the last one still open while it is down).
    pub(in crate::ui::monitor) outages: OutageLog,
    /// What a new watchdog starts with (seconds of silence, starts a finish may lag).
    pub(in crate::ui::monitor) watchdog_defaults: (u32, u32),
    /// The start and finish channels chosen for the running-time column (either may be
    /// chosen first).
    pub(in crate::ui::monitor) pair_choice: (ChannelChoice, ChannelChoice),
    pub(in crate::ui::monitor) pair_open: bool,
    pub(in crate::ui::monitor) printer: PrinterView,
    /// The correction being asked (its dialog), the continued session's being read, and
    /// those being kept in the journal.
    pub(in crate::ui::monitor) correcting: Option<Draft>,
    pub(in crate::ui::monitor) corrections_loading:
        Option<Pending<Vec<crate::model::correction::Correction>>>,
    pub(in crate::ui::monitor) correction_writes: Vec<Pending<Result<(), String>>>,
    /// The timing software's outputs, and the settings' words they were last set from.
    pub(in crate::ui::monitor) feed: Option<(Feed, (String, String))>,
}

/// The sign-in prompt drawn over the monitor when the token died and no saved password could
/// renew it. The session, table and journal stay as they are; only the password is asked.
#[derive(Debug, Default)]
pub struct SignInPrompt {
    pub password: String,
    /// A sign-in was sent and has not been answered yet.
    pub busy: bool,
    pub error: Option<String>,
    /// Keyboard focus was put on the password field once (not every frame).
    pub focused: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Completeness {
    pub server: Option<u64>,
    pub here: HereCount,
    pub mismatch: bool,
    /// When this laptop learned the server's count (ticks).
    pub counted_at: i64,
}

impl MonitorState {
    pub fn new(
        server: String,
        username: String,
        user: User,
        session: SessionHandle,
        demo: bool,
    ) -> Self {
        Self {
            missing_role: !user.is_timekeeper(),
            server,
            username,
            session,
            table: TriggerTable::default(),
            devices: Vec::new(),
            connection: ConnectionState::Connecting,
            last_error: None,
            problems: 0,
            follow: Follow::default(),
            device_names: HashMap::new(),
            export: ExportState::default(),
            renewed_token: None,
            demo,
            journal_error: None,
            journal_session: None,
            completeness: BTreeMap::new(),
            history_read: None,
            sign_in_prompt: None,
            confirm_sign_out: false,
            focus_filter: false,
            jump_text: String::new(),
            focus_jump: false,
            jump_missing: None,
            added_channels: Vec::new(),
            aware: Awareness::default(),
            watchdog_draft: None,
            big_clock: BigClock::default(),
            journal_path: None,
            pending_rules: None,
            pre_race: None,
            watchdog_defaults: (120, 3),
            feed: None,
            pair_choice: (None, None),
            pair_open: false,
            printer: PrinterView::default(),
            correcting: None,
            corrections_loading: None,
            correction_writes: Vec::new(),
            outages: OutageLog::default(),
            replay: None,
        }
    }

    /// Shows the rows of a continued session before any new event arrives.
    pub fn preload(&mut self, rows: Vec<Arc<TriggerRow>>, now: Instant) {
        for row in rows {
            self.table.apply(row, now);
        }
    }

    /// Folds pending session events in (up to about `EVENTS_PER_FRAME` triggers, so a flood
    /// cannot stall a frame); returns how many events were taken.
    pub fn pump(&mut self, now: Instant) -> usize {
        let mut n = 0;
        while n < EVENTS_PER_FRAME {
            let Ok(event) = self.session.events.try_recv() else {
                break;
            };
            n += match &event {
                SessionEvent::Triggers(batch) => batch.len().max(1),
                _ => 1,
            };
            self.take(event, now);
        }
        if let Some(Some(rules)) = pending::take(&mut self.pending_rules) {
            let now = crate::model::time::now_ticks();
            for rule in rules {
                self.aware.arm(rule, &self.table, now);
            }
            // Just read from the session: nothing to keep again.
            self.aware.rules_changed = false;
        }
        self.aware
            .check_watchdogs(&self.table, crate::model::time::now_ticks());
        n
    }

    fn take(&mut self, event: SessionEvent, now: Instant) {
        match event {
            SessionEvent::Triggers(batch) => {
                for t in batch {
                    // Only rows the filter shows count as "new" while paused.
                    let shown = self.table.shows(&t.row);
                    let is_new = self.table.apply(t.row.clone(), now);
                    self.aware.on_trigger(&t.row, is_new);
                    if let (true, Some(check)) = (is_new, &mut self.pre_race) {
                        check.on_trigger(&t.row);
                    }
                    if is_new && shown {
                        self.follow.new_row();
                    }
                }
            }
            SessionEvent::LinkHeard(at) => self.aware.link_heard = Some(at),
            SessionEvent::Connection(c) => {
                let lost = matches!(
                    c,
                    ConnectionState::Reconnecting { .. }
                        | ConnectionState::SignInNeeded { .. }
                        | ConnectionState::SignedOut { .. }
                );
                // A link that went quiet first was live all the same: its loss sounds too.
                let was_up =
                    self.is_live() || matches!(self.connection, ConnectionState::Quiet { .. });
                if lost && (was_up || matches!(c, ConnectionState::SignInNeeded { .. })) {
                    self.aware.link_lost();
                }
                self.outages.take(&c, crate::model::time::now_ticks());
                match &c {
                    ConnectionState::SignInNeeded { .. } => {
                        let prompt = self.sign_in_prompt.get_or_insert_with(Default::default);
                        prompt.busy = false;
                    }
                    ConnectionState::Live => self.sign_in_prompt = None,
                    _ => {}
                }
                self.connection = c;
            }
            SessionEvent::Devices(list) => self.set_devices(list),
            SessionEvent::Problem(p) => {
                self.problems += 1;
                self.last_error = Some((SystemTime::now(), p));
            }
            SessionEvent::Reconciled {
                device_id,
                channel,
                server_count,
                here,
                mismatch,
                ..
            } => {
                self.completeness.insert(
                    (device_id, channel),
                    Completeness {
                        server: server_count,
                        here,
                        mismatch,
                        counted_at: crate::model::time::now_ticks(),
                    },
                );
            }
            SessionEvent::TokenRenewed(t) => {
                self.renewed_token = Some(t);
                self.sign_in_prompt = None;
            }
            SessionEvent::SignInFailed(e) => {
                if let Some(p) = &mut self.sign_in_prompt {
                    p.busy = false;
                    p.error = Some(plain_error(&e).0);
                }
            }
            SessionEvent::JournalError(e) => {
                self.problems += 1;
                self.journal_error = Some(e);
            }
            SessionEvent::HistoryProgress {
                read,
                expected,
                done,
            } => self.history_read = (!done).then_some((read, expected)),
            SessionEvent::JournalRecovered { written } => {
                self.journal_error = None;
                self.last_error = Some((
                    SystemTime::now(),
                    crate::tr!("journal-recovered", written = written),
                ));
            }
        }
    }

    /// Moves a replay on by the time passed and takes what it played, as the live session's
    /// events would be.
    pub fn pump_replay(&mut self, now: Instant) {
        let Some(r) = &mut self.replay else { return };
        let events = r.advance(now);
        if !events.is_empty() {
            self.take_replayed(events, now);
        }
    }

    /// Jumps a replay to `to` (ticks); a jump back starts the table again.
    pub fn seek_replay(&mut self, to: i64) {
        let Some(r) = &mut self.replay else { return };
        if r.seek(to) {
            self.table = TriggerTable::default();
            self.aware = Default::default();
        }
    }

    /// Shows `replay` instead of a live session.
    pub fn start_replay(&mut self, replay: ReplayState) {
        self.replay = Some(replay);
    }

    /// Events a replay played, taken as the live session's would be.
    pub fn take_replayed(&mut self, events: Vec<crate::session::TriggerEvent>, now: Instant) {
        self.take(SessionEvent::Triggers(events), now);
    }

    pub fn stop(&self) {
        self.session.stop();
    }

    /// Sends the prompt's password for one sign-in (the session answers by event).
    pub fn submit_sign_in(&mut self) {
        let Some(p) = &mut self.sign_in_prompt else {
            return;
        };
        if p.busy || p.password.is_empty() {
            return;
        }
        let password = std::mem::take(&mut p.password);
        p.busy = true;
        p.error = None;
        self.session.sign_in(Credentials {
            username: self.username.clone(),
            password,
        });
    }

    /// Skips the wait before the next reconnect attempt.
    pub fn reconnect_now(&self) {
        self.session.reconnect_now();
    }

    /// Newest trigger on top again, following new ones (the sort goes back to newest first).
    pub fn resume_following(&mut self) {
        if !self.table.newest_on_top() {
            self.table.sort_newest_first();
        }
        self.follow.resume();
    }

    /// Scrolls to the first shown row with the bib typed in the jump field and marks it, or
    /// says the table holds none.
    pub fn jump_to_bib(&mut self) {
        let Ok(bib) = self.jump_text.trim().parse::<i64>() else {
            return;
        };
        match self.table.shown_position_of_bib(bib) {
            Some((n, row)) => {
                self.follow.jump(n, row);
                self.jump_missing = None;
            }
            None => self.jump_missing = Some(bib),
        }
    }

    /// Following the newest row, or where the official scrolled or jumped to.
    pub fn follow(&self) -> &Follow {
        &self.follow
    }

    /// Channels that had a trigger pushed since last asked: each may beep.
    pub fn take_beeps(&mut self) -> Vec<(DeviceId, u16)> {
        std::mem::take(&mut self.aware.pushed)
    }

    /// Whether the alarm sounds now, and how often it has (see `Awareness::take_alarm`).
    pub fn take_alarm(&mut self, now: SystemTime) -> Option<u32> {
        let down = !self.is_live();
        self.aware.take_alarm(now, down)
    }

    /// The armed watchdogs changed since last asked (they are kept with the session).
    pub fn take_rules_changed(&mut self) -> bool {
        std::mem::take(&mut self.aware.rules_changed)
    }

    /// A problem for the status bar's "last problem".
    pub fn note_problem(&mut self, text: String) {
        self.last_error = Some((SystemTime::now(), text));
    }

    /// A token renewed by the session, to be stored once.
    pub fn take_renewed_token(&mut self) -> Option<Token> {
        self.renewed_token.take()
    }

    /// The press the official asked the demo's simulator for in the pre-race check.
    pub fn take_demo_press(&mut self) -> Option<(DeviceId, u16)> {
        self.pre_race.as_mut().and_then(|c| c.demo_press.take())
    }

    /// The timing software's feed, set from the settings' `outputs` and `map`.
    pub fn attach_feed(&mut self, feed: Feed, outputs: &str, map: &str) {
        self.feed = Some((feed, (outputs.to_owned(), map.to_owned())));
    }

    /// Follows the settings: outputs added, removed or remapped while the session runs (the
    /// settings keep only applied words that parse).
    pub fn sync_feed(&mut self, outputs: &str, map: &str) {
        let Some((feed, applied)) = &mut self.feed else {
            return;
        };
        if applied.0 == outputs && applied.1 == map {
            return;
        }
        *applied = (outputs.to_owned(), map.to_owned());
        if let Ok(config) = crate::ui::feed::config_of(outputs, map) {
            feed.reconfigure(config);
        }
    }

    pub fn feed_board(&self) -> Option<&StatusBoard> {
        self.feed.as_ref().map(|(f, _)| &f.board)
    }

    /// The journal this session is written to: its file, its session, the trouble opening
    /// it, and the watchdogs a continued session had armed (being read).
    pub fn attach_journal(&mut self, journal: AttachedJournal) {
        self.journal_session = journal.session;
        self.journal_path = journal.path;
        self.journal_error = journal.problem;
        self.pending_rules = journal.rules;
        self.corrections_loading = journal.corrections;
    }

    /// Once the pre-race check is done, its report is kept with the session: `save` starts
    /// that (the journal's file, session, the report). Returns whether it is still saving.
    pub fn keep_pre_race_report(
        &mut self,
        save: impl FnOnce(
            Option<&std::path::Path>,
            Option<i64>,
            String,
        ) -> Pending<Result<PathBuf, String>>,
    ) -> bool {
        let Some(check) = &mut self.pre_race else {
            return false;
        };
        if check.is_done() && check.saved.is_none() && check.saving.is_none() {
            let report = check.report(&self.username, &self.server);
            check.saving = Some(save(
                self.journal_path.as_deref(),
                self.journal_session,
                report,
            ));
        }
        if let Some(saved) = pending::take(&mut check.saving) {
            check.saved = saved;
        }
        check.saving.is_some()
    }

    /// Whether the link was ever live (before that, connecting is no outage).
    pub fn ever_live(&self) -> bool {
        self.outages.ever_live()
    }

    /// The account's devices, and their names for the table (the id where there is none).
    pub fn set_devices(&mut self, list: Vec<Device>) {
        self.device_names = list
            .iter()
            .map(|d| {
                (
                    d.id.clone(),
                    d.name.clone().unwrap_or_else(|| d.id.to_string()),
                )
            })
            .collect();
        self.devices = list;
    }

    /// The channels offered for sounds, watchdogs and the big clock before and during the
    /// race: C0 and C1 of every device (start and finish, the usual pair), those with
    /// triggers, those the server counts triggers on, and those the official added.
    pub(in crate::ui) fn offered_channels(&self, device: &DeviceId) -> Vec<(u16, ChannelStats)> {
        let mut channels = self.table.channels_of(device);
        // A channel the server counts triggers on (a history read asks for more, counting none).
        let known = self
            .completeness
            .iter()
            .filter(|((d, _), check)| d == device && check.server.is_some_and(|n| n > 0))
            .map(|((_, c), _)| *c);
        let added = self
            .added_channels
            .iter()
            .filter(|(d, _)| d == device)
            .map(|(_, c)| *c);
        for c in [0, 1].into_iter().chain(known).chain(added) {
            if !channels.iter().any(|(have, _)| *have == c) {
                channels.push((c, ChannelStats::default()));
            }
        }
        channels.sort_by_key(|(c, _)| *c);
        channels
    }

    /// A device's name as the account calls it, or its id.
    pub fn device_name(&self, device: &str) -> String {
        self.device_names
            .get(device)
            .cloned()
            .unwrap_or_else(|| device.to_owned())
    }

    /// The time ages count from (ticks): now, or in a replay the replay's own clock, so a
    /// replayed "last trigger 12 s ago" is what the screen said then.
    pub fn clock_ticks(&self) -> i64 {
        self.replay
            .as_ref()
            .map_or_else(crate::model::time::now_ticks, |r| r.position)
    }

    /// When the monitor must be drawn again though nothing arrives: a countdown's next
    /// second, a highlight's end, a watchdog that may trip, a replay playing, the pre-race
    /// check's clock. Ages ("12 s ago") ask for their own next change as they are drawn.
    pub fn next_wake(&self, now: Instant) -> Option<Duration> {
        let second = Duration::from_secs(1);
        let countdown = matches!(
            self.connection,
            ConnectionState::Reconnecting { .. }
                | ConnectionState::QuotaPaused { .. }
                | ConnectionState::Quiet { .. }
        )
        .then_some(second);
        let replay = self
            .replay
            .as_ref()
            .filter(|r| r.playing)
            .map(|_| Duration::from_millis(100));
        [
            countdown,
            replay,
            self.pre_race.as_ref().map(|_| second),
            self.table.highlight_ends_in(now),
            self.aware
                .next_watchdog_check(&self.table, crate::model::time::now_ticks()),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// Whether the table follows the newest trigger: on, and sorted so the newest is on top.
    pub fn following(&self) -> bool {
        self.follow.on && self.table.newest_on_top()
    }

    pub fn clear_filter(&mut self) {
        self.table.edit_filter(|f| {
            f.text.clear();
            f.channel = None;
            f.hidden_devices.clear();
        });
    }

    /// Stops the session and waits (bounded) for the journal to close the session cleanly.
    pub fn shutdown_blocking(
        &mut self,
        runtime: &tokio::runtime::Handle,
        limit: std::time::Duration,
    ) {
        self.session.stop();
        // The timer is made inside the runtime: `timeout` needs its reactor when it is created,
        // and the window's thread (which calls this at exit) is not one of the runtime's.
        let finished = self.session.finished();
        let _ = runtime.block_on(async move { tokio::time::timeout(limit, finished).await });
    }

    pub fn is_live(&self) -> bool {
        matches!(
            self.connection,
            ConnectionState::Live
                | ConnectionState::QuotaPaused {
                    push_live: true,
                    ..
                }
        )
    }

    /// Starts an export of the table's rows (shown or all) to a file chosen in the save dialog,
    /// or to `fixed_path` when one is set (tests, automation). Runs entirely off the UI thread.
    pub fn start_export(
        &mut self,
        runtime: &tokio::runtime::Handle,
        fixed_path: Option<PathBuf>,
        (preset, options): (Preset, PresetOptions),
        papers: crate::export::package::Papers,
        repaint: impl Fn() + Send + Sync + 'static,
    ) {
        if self.export.job.is_some() {
            return;
        }
        // The tape and the summary end with the pre-race check's report, when there was one.
        let pre_race = self
            .pre_race
            .as_ref()
            .filter(|c| c.is_done())
            .map(|c| c.report(&self.username, &self.server))
            .map(|r| r.lines().map(str::to_owned).collect())
            .unwrap_or_default();
        let request = ExportRequest {
            rows: self.table.rows_in_order(self.export.only_shown),
            preset,
            options,
            papers,
            pre_race,
            account: self.username.clone(),
            server: self.server.clone(),
            journal_session: self.journal_session,
            only_shown: self.export.only_shown,
            names: self.device_names.clone(),
            server_counts: self
                .completeness
                .iter()
                .filter_map(|(k, c)| {
                    c.server.map(|triggers| {
                        let at = c.counted_at;
                        (k.clone(), ServerCount { triggers, at })
                    })
                })
                .collect(),
            outages: self.outages.outages().to_vec(),
            journal: self.journal_path.clone(),
        };
        self.export.start(request, runtime, fixed_path, repaint);
    }

    /// Checks on a running export (called every frame).
    pub fn poll_export(&mut self) {
        self.export.poll();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::row::Source;
    use crate::mt1::account::TIMEKEEPER_ROLE;
    use crate::mt1::trigger::decode_message;
    use crate::session::{HereCount, TriggerBook, TriggerEvent};

    const BASE: i64 = 17_911_336_041_234_567;

    struct Folding {
        // Drops after the state: the detached session's task lives on it.
        state: MonitorState,
        book: TriggerBook,
        _runtime: tokio::runtime::Runtime,
    }

    fn monitor() -> Folding {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        let user = User {
            id: "1".into(),
            roles: vec![TIMEKEEPER_ROLE.into()],
            username: Some("demo".into()),
        };
        let session = SessionHandle::detached(runtime.handle());
        let state = MonitorState::new("http://sim".into(), "demo".into(), user, session, false);
        Folding {
            state,
            book: TriggerBook::new(),
            _runtime: runtime,
        }
    }

    impl Folding {
        fn trigger(&mut self, device: &str, channel: u16, ts: i64, bib: i64) -> TriggerEvent {
            let body = format!(
                r#"{{"dto":{{"deviceId":"{device}","timestamp":{ts},"timeOffset":60,"timingChannel":"C{channel}","type":"StartNumberTrigger","startNumber":{{"startNumber":{bib},"type":"MANUAL"}}}}}}"#
            );
            let message = decode_message(body.as_bytes()).expect("fixture");
            self.book
                .apply(message, Source::Push, ts + 1)
                .expect("a new trigger")
        }

        fn take(&mut self, event: SessionEvent) {
            self.state.take(event, Instant::now());
        }
    }

    #[test]
    fn a_pushed_trigger_is_a_row_a_beep_and_the_newest_row_followed() {
        let mut f = monitor();
        let t = f.trigger("231203017", 1, BASE, 41);
        f.take(SessionEvent::Triggers(vec![t]));
        assert_eq!(f.state.table.len(), 1);
        assert!(
            f.state.follow().scroll_to_top,
            "following: to the newest row"
        );
        assert_eq!(
            f.state.take_beeps(),
            vec![(DeviceId::intern("231203017"), 1)]
        );
        assert!(f.state.take_beeps().is_empty(), "one beep per trigger");
    }

    #[test]
    fn while_paused_only_rows_the_filter_shows_count_as_new() {
        let mut f = monitor();
        f.state.follow.on = false;
        f.state.table.edit_filter(|filter| {
            filter.hidden_devices.insert("190801013".into());
        });
        let shown = f.trigger("231203017", 1, BASE, 1);
        let hidden = f.trigger("190801013", 0, BASE + 10, 2);
        f.take(SessionEvent::Triggers(vec![shown, hidden]));
        assert_eq!(f.state.table.len(), 2, "both held");
        assert_eq!(
            f.state.follow().new_while_paused,
            1,
            "only the shown one counts"
        );
    }

    #[test]
    fn a_lost_link_sounds_the_alarm_opens_an_outage_and_sign_in_needed_prompts() {
        let mut f = monitor();
        f.take(SessionEvent::Connection(ConnectionState::Live));
        assert!(f.state.is_live());
        let now = SystemTime::now();
        assert_eq!(f.state.take_alarm(now), None, "live: quiet");
        f.take(SessionEvent::Connection(ConnectionState::Reconnecting {
            retry_at: now,
            attempt: 1,
        }));
        assert!(f.state.take_alarm(now).is_some(), "the link was lost");
        assert_eq!(f.state.outages.outages().len(), 1);
        assert_eq!(f.state.outages.outages()[0].1, None, "still open");
        f.take(SessionEvent::Connection(ConnectionState::SignInNeeded {
            reason: "expired".into(),
        }));
        assert!(f.state.sign_in_prompt.is_some(), "asks over the monitor");
        f.take(SessionEvent::Connection(ConnectionState::Live));
        assert!(f.state.sign_in_prompt.is_none(), "gone once live");
        assert!(f.state.outages.outages()[0].1.is_some(), "the outage ended");
        assert_eq!(f.state.take_alarm(now), None, "back: the alarm stops");
        // Quiet first (a link that died without closing), then given up: the alarm sounds.
        f.take(SessionEvent::Connection(ConnectionState::Quiet {
            since: now,
            lost_at: now,
        }));
        assert_eq!(f.state.take_alarm(now), None, "quiet: not yet");
        f.take(SessionEvent::Connection(ConnectionState::Reconnecting {
            retry_at: now,
            attempt: 1,
        }));
        assert!(f.state.take_alarm(now).is_some(), "lost after quiet");
    }

    #[test]
    fn problems_counts_and_a_renewed_token_are_kept() {
        let mut f = monitor();
        f.take(SessionEvent::Problem("a page did not decode".into()));
        assert_eq!(f.state.problems, 1);
        assert!(f
            .state
            .last_error
            .as_ref()
            .is_some_and(|(_, e)| e == "a page did not decode"));
        f.take(SessionEvent::Reconciled {
            device_id: DeviceId::intern("231203017"),
            channel: 1,
            server_count: Some(66),
            here: HereCount {
                triggers: 65,
                records: 65,
            },
            mismatch: true,
            fetched: 0,
            recovered: 0,
        });
        let counted = f.state.completeness[&(DeviceId::intern("231203017"), 1)];
        assert_eq!(counted.server, Some(66));
        assert!(counted.mismatch);
        let token = Token::new("renewed");
        f.take(SessionEvent::TokenRenewed(token));
        assert!(f.state.take_renewed_token().is_some());
        assert!(f.state.take_renewed_token().is_none(), "stored once");
    }
}
