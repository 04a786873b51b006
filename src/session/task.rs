//! The session loop. One connection attempt: devices → open link → subscribe → (now live)
//! reconcile history in a side task → listen. Any transport failure ends the attempt; the outer
//! loop waits with exponential backoff and jitter and tries again, re-reconciling each time.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use tokio::time::sleep_until;

use super::backoff::Backoff;
use super::book::{Change, TriggerBook, TriggerEvent};
use super::completeness::{missing_on_server, Baselines};
use super::config::{DeviceSelection, SessionConfig};
use super::event::{ConnectionState, Emitter, SessionCommand, SessionEvent};
use super::gate::Gate;
use super::reconcile::{self, DeviceChannel, Plan, Report};
use super::recovery::Recovery;
use crate::model::row::Source;
use crate::model::time::{now_ticks, ticks_to_millis};
use crate::model::trigger::{channel_label, DeviceId};
use crate::mt1::account::Device;
use crate::mt1::connection::{error_text, LinkError, LinkEvent, LiveLink};
use crate::mt1::net_error::with_causes;
use crate::mt1::rest::{Mt1Client, TimeRange};
use crate::mt1::stomp::Command;
use crate::mt1::trigger::decode_shared;

/// History reads pin `timestampTo_ms` for stable paging; a device clock running ahead of this
/// laptop's must not push fresh triggers past it, so the bound sits a minute ahead.
const CLOCK_SKEW_MS: i64 = 60_000;

enum Outcome {
    Stopped,
    SignedOut(String),
    LinkLost { why: String, was_live: bool },
}

struct Session {
    config: SessionConfig,
    gate: Arc<Gate>,
    emitter: Emitter,
    book: TriggerBook,
    /// Trigger events of the websocket message (or history page) being handled; sent as one
    /// batch when it is done.
    batch: Vec<TriggerEvent>,
    devices: Option<Vec<Device>>,
    /// Looked up for every live trigger: hashbrown's hasher, not SipHash.
    channels: hashbrown::HashMap<DeviceId, BTreeSet<u16>>,
    /// Per channel, the server count that a complete read showed to agree with what is held.
    baselines: Baselines,
    /// From the running reconcile only: each gets a channel of its own, so nothing an earlier
    /// one still had to say (a sign-out with a token since renewed) is taken for news.
    internal_rx: mpsc::UnboundedReceiver<Report>,
    reconcile: Option<JoinHandle<()>>,
    quota: watch::Receiver<Option<(Instant, SystemTime)>>,
    stop: watch::Receiver<bool>,
    commands: mpsc::UnboundedReceiver<SessionCommand>,
    /// Where the next history read starts, what the reads recovered, what was refused.
    recovery: Recovery,
    /// The running read: listed so far, expected, when that was last said, and whether the
    /// official is shown it (then its end is said too, however the read ends).
    progress: (usize, u64, Instant, bool),
    /// How long the last link stayed live.
    stayed_live: Duration,
}

pub(crate) async fn run(
    config: SessionConfig,
    client: Mt1Client,
    emitter: Emitter,
    stop: watch::Receiver<bool>,
    commands: mpsc::UnboundedReceiver<SessionCommand>,
) {
    let gate = Arc::new(Gate::new(
        client,
        config.token.clone(),
        config.credentials.clone(),
        emitter.clone(),
        config.timing.rest_in_flight,
    ));
    let (_, internal_rx) = mpsc::unbounded_channel();
    let mut s = Session {
        quota: gate.watch_quota(),
        config,
        gate,
        emitter,
        book: TriggerBook::new(),
        batch: Vec::new(),
        devices: None,
        channels: hashbrown::HashMap::new(),
        baselines: Baselines::default(),
        internal_rx,
        reconcile: None,
        stop,
        commands,
        recovery: Recovery::default(),
        progress: (0, 0, Instant::now(), false),
        stayed_live: Duration::ZERO,
    };
    for row in std::mem::take(&mut s.config.resume) {
        s.channels
            .entry(row.key.device_id.clone())
            .or_default()
            .insert(row.key.channel);
        s.book.seed(row);
    }
    let mut backoff = Backoff::new(s.config.timing.backoff_min, s.config.timing.backoff_max);
    let mut outage_reported = false;
    let final_state = loop {
        s.emitter
            .emit(SessionEvent::Connection(ConnectionState::Connecting));
        match s.attempt().await {
            Outcome::Stopped => break ConnectionState::Stopped,
            Outcome::SignedOut(reason) => {
                tracing::warn!("sign-in needed: {reason}");
                s.end_reconcile();
                s.mark_gap();
                if !s.wait_for_sign_in(reason).await {
                    break ConnectionState::Stopped;
                }
                backoff.reset();
            }
            Outcome::LinkLost { why, was_live } => {
                tracing::warn!("live link lost: {why}");
                if was_live {
                    s.mark_gap();
                }
                // A link that drops again right after subscribing (refused, or a flapping
                // cell) must not reconnect, and re-read history, every 2 s all day: the
                // backoff starts over only after the link held for a while.
                if was_live && s.stayed_live >= s.config.timing.backoff_max {
                    backoff.reset();
                    outage_reported = false;
                }
                if !outage_reported {
                    outage_reported = true;
                    s.emitter.emit(SessionEvent::Problem(format!(
                        "live connection interrupted ({why}); missed triggers will be recovered from history"
                    )));
                }
                let (delay, attempt) = backoff.next();
                s.emitter
                    .emit(SessionEvent::Connection(ConnectionState::Reconnecting {
                        retry_at: SystemTime::now() + delay,
                        attempt,
                    }));
                if !s.pause(delay).await {
                    break ConnectionState::Stopped;
                }
            }
        }
    };
    if let Some(r) = s.reconcile.take() {
        r.abort();
    }
    s.emitter.emit(SessionEvent::Connection(final_state));
}

impl Session {
    fn stopping(&self) -> bool {
        *self.stop.borrow()
    }

    /// The link was lost (or the token died) now: the next reconnect reads history from here
    /// on (less a margin), unless an earlier gap is still unread, or no read of the whole range
    /// has completed yet (then it reads the whole range again).
    fn mark_gap(&mut self) {
        self.recovery.link_lost(ticks_to_millis(now_ticks()));
    }

    /// Waits `delay` before the next attempt, or less if the official asks to reconnect now.
    /// False if the session was stopped.
    async fn pause(&mut self, delay: Duration) -> bool {
        let end = tokio::time::Instant::now() + delay;
        loop {
            tokio::select! {
                _ = tokio::time::sleep_until(end) => return true,
                _ = self.stop.changed() => return false,
                command = self.commands.recv() => match command {
                    Some(SessionCommand::ReconnectNow) => return true,
                    Some(SessionCommand::SignIn(_)) => {} // nothing asked for one
                    None => return false,
                },
            }
        }
    }

    /// The token is dead and cannot be renewed: say so and wait for the official to sign in
    /// (one login per answer). False if the session was stopped meanwhile.
    async fn wait_for_sign_in(&mut self, reason: String) -> bool {
        self.emitter
            .emit(SessionEvent::Connection(ConnectionState::SignInNeeded {
                reason,
            }));
        loop {
            let credentials = tokio::select! {
                _ = self.stop.changed() => return false,
                command = self.commands.recv() => match command {
                    Some(SessionCommand::SignIn(c)) => c,
                    Some(SessionCommand::ReconnectNow) => continue,
                    None => return false,
                },
            };
            let gate = self.gate.clone();
            tokio::select! {
                _ = self.stop.changed() => return false,
                result = gate.sign_in(credentials) => match result {
                    Ok(()) => return true,
                    Err(e) => self.emitter.emit(SessionEvent::SignInFailed(e)),
                },
            }
        }
    }

    async fn attempt(&mut self) -> Outcome {
        if self.stopping() {
            return Outcome::Stopped;
        }
        let lost = |why: String| Outcome::LinkLost {
            why,
            was_live: false,
        };
        let devices = match self.devices().await {
            Ok(d) => d,
            Err(e) if e.is_expired() => return Outcome::SignedOut(e.to_string()),
            Err(e) => return lost(format!("device list: {e}")),
        };
        let mut link = match self.open_link().await {
            Ok(link) => link,
            Err(Ok(outcome)) => return outcome,
            Err(Err(e)) => return lost(with_causes(&e)),
        };
        for (i, d) in devices.iter().enumerate() {
            let receipt = (i + 1 == devices.len()).then_some("subscribed");
            if let Err(e) = link
                .subscribe(&format!("/topic/device/{}/trigger", d.id), receipt)
                .await
            {
                return lost(with_causes(&e));
            }
        }
        self.emit_link_state(true);
        // Subscribed first, then reconciled: nothing between the history read and push is missed.
        let margin = self.config.timing.reconnect_margin.as_millis() as i64;
        let from = self.recovery.read_from(self.config.since_ms, margin);
        self.start_reconcile(from, None);
        let live_since = Instant::now();
        let outcome = self.listen(&mut link).await;
        self.stayed_live = live_since.elapsed();
        if matches!(outcome, Outcome::Stopped) {
            link.close().await;
        }
        outcome
    }

    /// Fetches the account's devices once; later attempts reuse the list.
    async fn devices(&mut self) -> Result<Vec<Device>, crate::mt1::rest::ApiError> {
        if let Some(d) = &self.devices {
            return Ok(d.clone());
        }
        let user_id = self.config.user.id.clone();
        let account = self
            .gate
            .call(|c, t| {
                let user_id = user_id.clone();
                async move { c.devices(&t, &user_id).await }
            })
            .await?;
        let (chosen, unknown) = select_devices(account, &self.config.devices);
        for id in unknown {
            self.emitter.emit(SessionEvent::Problem(format!(
                "device {id} is not in this account's device list; subscribing anyway"
            )));
        }
        for d in &chosen {
            self.channels
                .entry(DeviceId::intern(&d.id))
                .or_default()
                .extend(self.config.channels.iter().copied());
        }
        self.emitter.emit(SessionEvent::Devices(chosen.clone()));
        self.devices = Some(chosen.clone());
        Ok(chosen)
    }

    /// Opens the link. A refused CONNECT may mean an expired token: check it (which renews it
    /// once through the gate) and, if it was renewed, try once more at once.
    async fn open_link(&mut self) -> Result<LiveLink, Result<Outcome, LinkError>> {
        let t = &self.config.timing;
        let base = self.gate.client().base().clone();
        let mut retried = false;
        loop {
            let token = self.gate.token();
            match LiveLink::open(&base, &token, t.heartbeat, t.connect_timeout).await {
                Ok(link) => {
                    self.gate.token_works(&token);
                    return Ok(link);
                }
                Err(LinkError::Refused(why)) if !retried => {
                    retried = true;
                    match self
                        .gate
                        .call(|c, t| async move { c.current_user(&t).await })
                        .await
                    {
                        Ok(_) if self.gate.token() != token => continue,
                        Ok(_) => return Err(Err(LinkError::Refused(why))),
                        Err(e) if e.is_expired() => {
                            return Err(Ok(Outcome::SignedOut(e.to_string())))
                        }
                        Err(e) => {
                            return Err(Err(LinkError::Refused(format!("{why}; token check: {e}"))))
                        }
                    }
                }
                Err(e) => return Err(Err(e)),
            }
        }
    }

    fn emit_link_state(&self, live: bool) {
        let state = match *self.quota.borrow() {
            Some((i, until)) if i > Instant::now() => ConnectionState::QuotaPaused {
                until,
                push_live: live,
            },
            _ if live => ConnectionState::Live,
            _ => ConnectionState::Connecting,
        };
        self.emitter.emit(SessionEvent::Connection(state));
    }

    fn targets(&self) -> Vec<DeviceChannel> {
        let mut out = Vec::new();
        for d in self.devices.iter().flatten() {
            for ch in self.channels.get(d.id.as_str()).into_iter().flatten() {
                out.push(DeviceChannel {
                    device: d.id.clone(),
                    channel: *ch,
                });
            }
        }
        out
    }

    fn since_ticks(&self) -> Option<i64> {
        self.config
            .since_ms
            .map(|ms| ms.saturating_mul(crate::model::time::TICKS_PER_MILLI))
    }

    /// For a periodic check: the server counts that need no history read, per target.
    fn settled_counts(&self) -> HashMap<DeviceChannel, Vec<u64>> {
        let since = self.since_ticks();
        self.targets()
            .into_iter()
            .map(|t| {
                let here = self.book.count(&t.device, t.channel, since);
                let ok = self.baselines.expected(&t, here);
                (t, ok)
            })
            .collect()
    }

    fn start_reconcile(
        &mut self,
        from_ms: Option<i64>,
        settled: Option<HashMap<DeviceChannel, Vec<u64>>>,
    ) {
        let full = from_ms == self.config.since_ms;
        self.recovery.read_starts();
        self.end_reconcile();
        self.say_progress(true);
        self.progress = (0, 0, Instant::now(), false);
        let plan = Plan {
            targets: self.targets(),
            range: TimeRange {
                from_ms,
                to_ms: Some(ticks_to_millis(now_ticks()) + CLOCK_SKEW_MS),
            },
            count_from: self.config.since_ms,
            settled,
            full,
        };
        let gate = self.gate.clone();
        let (tx, rx) = mpsc::unbounded_channel();
        self.internal_rx = rx;
        self.reconcile = Some(tokio::spawn(reconcile::run(gate, plan, tx)));
    }

    /// Stops the running reconcile. The triggers it already read are still filed; the rest of
    /// what it said (counts, a sign-out) is about a moment that has passed.
    fn end_reconcile(&mut self) {
        if let Some(r) = self.reconcile.take() {
            r.abort();
        }
        while let Ok(internal) = self.internal_rx.try_recv() {
            if let Report::Page { .. } = internal {
                self.on_internal(internal);
            }
        }
    }

    async fn listen(&mut self, link: &mut LiveLink) -> Outcome {
        let hb = link.heartbeat;
        let (quiet_after, silence) =
            silence_limits(hb.expect_every, self.config.timing.silence_limit);
        let mut quiet = false;
        let mut last_heard = Instant::now();
        let mut heartbeat =
            tokio::time::interval_at((Instant::now() + hb.send_every).into(), hb.send_every);
        let check_every = self.config.timing.periodic_check;
        let mut periodic =
            tokio::time::interval_at((Instant::now() + check_every).into(), check_every);
        let far = Instant::now() + Duration::from_secs(86_400 * 365);
        let mut last_said = Instant::now() - Duration::from_secs(2);
        loop {
            let quota_end = match *self.quota.borrow() {
                Some((i, _)) if i > Instant::now() => i,
                _ => far,
            };
            tokio::select! {
                _ = self.stop.changed() => return Outcome::Stopped,
                batch = link.next_batch() => {
                    last_heard = Instant::now();
                    if std::mem::take(&mut quiet) {
                        self.emit_link_state(true);
                    }
                    // The link's pulse for the official, at most once a second.
                    if last_heard.duration_since(last_said) >= Duration::from_secs(1) {
                        last_said = last_heard;
                        self.emitter.emit(SessionEvent::LinkHeard(std::time::SystemTime::now()));
                    }
                    let batch = match batch {
                        Ok(batch) => batch,
                        Err(e) => return Outcome::LinkLost { why: with_causes(&e), was_live: true },
                    };
                    // Everything the batch held, in one pass, filed under the time it was read.
                    for event in batch.events {
                        if let Some(outcome) = self.on_link_event(event, batch.received) {
                            self.flush_triggers();
                            return outcome;
                        }
                    }
                    self.flush_triggers();
                }
                _ = heartbeat.tick() => {
                    if let Err(e) = link.send_heartbeat().await {
                        return Outcome::LinkLost { why: with_causes(&e), was_live: true };
                    }
                }
                _ = sleep_until((last_heard + quiet_after).into()), if !quiet => {
                    quiet = true;
                    let now = std::time::SystemTime::now();
                    self.emitter.emit(SessionEvent::Connection(ConnectionState::Quiet {
                        since: now - quiet_after,
                        lost_at: now + (silence - quiet_after),
                    }));
                }
                _ = sleep_until((last_heard + silence).into()) => {
                    return Outcome::LinkLost {
                        why: format!("the link went quiet: nothing from the server for {} s", silence.as_secs()),
                        was_live: true,
                    };
                }
                Some(internal) = self.internal_rx.recv() => {
                    if let Some(outcome) = self.on_internal(internal) {
                        return outcome;
                    }
                }
                _ = periodic.tick() => {
                    // A count that differs from what is held reads the whole range again:
                    // that is how a trigger missed anywhere in the session is fetched.
                    if self.reconcile.as_ref().is_none_or(JoinHandle::is_finished) {
                        // Take in everything the finished read still had to say first (its
                        // counts, what it found missing, whether it closed the gap).
                        while let Ok(report) = self.internal_rx.try_recv() {
                            if let Some(outcome) = self.on_internal(report) {
                                return outcome;
                            }
                        }
                        let settled = self.settled_counts();
                        self.start_reconcile(self.config.since_ms, Some(settled));
                    }
                }
                Some(command) = self.commands.recv() => match command {
                    // Live already, and the token works: nothing to do.
                    SessionCommand::ReconnectNow | SessionCommand::SignIn(_) => {}
                },
                // While quiet, the quota's news waits: the quiet link matters more.
                Ok(()) = self.quota.changed(), if !quiet => self.emit_link_state(true),
                _ = sleep_until(quota_end.into()), if !quiet => self.emit_link_state(true),
            }
        }
    }

    /// Sends the trigger events gathered so far as one batch.
    fn flush_triggers(&mut self) {
        if !self.batch.is_empty() {
            let batch = std::mem::take(&mut self.batch);
            self.emitter.emit(SessionEvent::Triggers(batch));
        }
    }

    /// Sends `event` after the trigger events before it, keeping their order.
    fn emit(&mut self, event: SessionEvent) {
        self.flush_triggers();
        self.emitter.emit(event);
    }

    fn on_link_event(&mut self, event: LinkEvent, now: i64) -> Option<Outcome> {
        match event {
            LinkEvent::Frame(f) if f.command == Command::Message => match decode_shared(&f.body) {
                Ok(msg) => {
                    let t = &msg.trigger.key;
                    let known = self
                        .channels
                        .get(&t.device_id)
                        .is_some_and(|c| c.contains(&t.channel));
                    if !known {
                        tracing::info!(
                            "first trigger on {} {}",
                            t.device_id,
                            channel_label(t.channel)
                        );
                        self.channels
                            .entry(t.device_id.clone())
                            .or_default()
                            .insert(t.channel);
                    }
                    if let Some(event) = self.book.apply(msg, Source::Push, now) {
                        self.batch.push(event);
                    }
                }
                Err(e) => self.emit(SessionEvent::Problem(format!(
                    "skipped a trigger message that did not decode: {e}"
                ))),
            },
            LinkEvent::Frame(f) if f.command == Command::Error => {
                return Some(Outcome::LinkLost {
                    why: format!("server error: {}", error_text(&f)),
                    was_live: true,
                })
            }
            LinkEvent::Frame(f) => tracing::debug!("STOMP {} ignored", f.command.as_str()),
            LinkEvent::Alive => {}
            LinkEvent::Malformed(e) => self.emit(SessionEvent::Problem(format!(
                "skipped malformed data from the server: {e}"
            ))),
            LinkEvent::Closing(why) => {
                return Some(Outcome::LinkLost {
                    why,
                    was_live: true,
                })
            }
        }
        None
    }

    /// "Reading history: N of ~M", at most five times a second once something is listed,
    /// and its end, however the read ends (done, replaced by the next, a sign-out), if shown.
    fn say_progress(&mut self, done: bool) {
        let (read, expected, said, shown) = self.progress;
        let due = if done {
            shown
        } else {
            read > 0 && said.elapsed() >= Duration::from_millis(200)
        };
        if !due {
            return;
        }
        self.progress.2 = Instant::now();
        self.progress.3 = !done;
        self.emitter.emit(SessionEvent::HistoryProgress {
            read,
            expected,
            done,
        });
    }

    fn on_internal(&mut self, internal: Report) -> Option<Outcome> {
        match internal {
            Report::Page { target, triggers } => {
                self.progress.0 += triggers.len();
                self.say_progress(false);
                for msg in triggers {
                    if let Some(event) = self.book.apply(msg, Source::History, now_ticks()) {
                        if event.change == Change::Added {
                            self.recovery.recovered_one(&target);
                        }
                        self.batch.push(event);
                    }
                }
                self.flush_triggers();
            }
            Report::Reconciled {
                target,
                server_count,
                counted_at,
                fetched,
                complete,
                full,
            } => {
                // Allowed again: a later refusal is worth saying again.
                self.recovery.allowed(&target);
                let since = self.since_ticks();
                if let Some(listing) = &complete {
                    let marked = missing_on_server(&mut self.book, &target, listing);
                    if let Some((events, problem)) = marked {
                        self.batch.extend(events);
                        self.emit(SessionEvent::Problem(problem));
                    }
                }
                // What was held when the server counted: triggers pushed during the read are
                // in `here` but not in the count, and must not skew the comparison.
                let (here, then) = self.book.count_now_and_as_of(
                    &target.device,
                    target.channel,
                    since,
                    counted_at,
                );
                let mismatch =
                    self.baselines
                        .settle(&target, server_count, then, complete.is_some() && full);
                let recovered = self.recovery.take_recovered(&target);
                self.emitter.emit(SessionEvent::Reconciled {
                    device_id: target.device,
                    channel: target.channel,
                    server_count,
                    here,
                    mismatch,
                    fetched,
                    recovered,
                });
            }
            Report::Counted { triggers } => self.progress.1 += triggers,
            Report::Done { complete, full } => {
                self.say_progress(true);
                self.recovery.read_done(complete, full);
            }
            Report::Refused { target, why } => {
                if self.recovery.refused(&target) {
                    self.emit(SessionEvent::Problem(format!(
                        "{} {} refused by the server ({why}); skipped, and tried again with every check",
                        target.device,
                        channel_label(target.channel)
                    )));
                }
            }
            Report::Problem(p) => self.emitter.emit(SessionEvent::Problem(p)),
            Report::SignedOut(why) => {
                self.say_progress(true);
                return Some(Outcome::SignedOut(why));
            }
        }
        None
    }
}

/// After how long without any data the link is quiet, and after how long it is given up:
/// one heart-beat the server promised missed (with half a beat, at least 0.5 s, of grace),
/// then the second one due (at least 1 s of grace). With MT1's 10 s heart-beats: quiet at
/// 15 s, given up and reconnecting at 19.5 s, within the two beats. Without a promise, half
/// the session's silence limit, then all of it.
fn silence_limits(expect_every: Option<Duration>, silence_limit: Duration) -> (Duration, Duration) {
    match expect_every {
        Some(beat) => (
            beat + (beat / 2).max(Duration::from_millis(500)),
            beat + (beat * 19 / 20).max(Duration::from_secs(1)),
        ),
        None => (silence_limit / 2, silence_limit),
    }
}

/// The devices to follow: the account's, or the ones asked for (an id the account does not
/// list is followed anyway, and returned second so the official is told).
fn select_devices(account: Vec<Device>, selection: &DeviceSelection) -> (Vec<Device>, Vec<String>) {
    let DeviceSelection::Only(ids) = selection else {
        return (account, Vec::new());
    };
    let mut unknown = Vec::new();
    let chosen = ids
        .iter()
        .map(|id| {
            account
                .iter()
                .find(|d| &d.id == id)
                .cloned()
                .unwrap_or_else(|| {
                    unknown.push(id.clone());
                    Device {
                        id: DeviceId::intern(id),
                        name: None,
                    }
                })
        })
        .collect();
    (chosen, unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_is_quiet_after_one_missed_heart_beat_and_given_up_after_two() {
        let s = Duration::from_secs;
        let ms = Duration::from_millis;
        assert_eq!(silence_limits(Some(s(10)), s(35)), (s(15), ms(19_500)));
        assert_eq!(
            silence_limits(Some(ms(200)), s(35)),
            (ms(700), ms(1200)),
            "grace"
        );
        assert_eq!(
            silence_limits(None, s(35)),
            (ms(17_500), s(35)),
            "no heart-beats"
        );
    }
}
