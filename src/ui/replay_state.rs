//! Where a replay stands: the journalled session, the position, play or pause, the speed.

use std::time::Instant;

use crate::replay::Replay;

pub struct ReplayState {
    pub replay: Replay,
    pub session: i64,
    /// Where the replay stands: arrival times up to this are played (ticks).
    pub position: i64,
    pub span: (i64, i64),
    pub playing: bool,
    pub speed: f32,
    pub(super) last_tick: Instant,
}

impl ReplayState {
    /// Starts at `from` (ticks; the first event when `None`), playing at `speed`.
    pub fn new(replay: Replay, session: i64, speed: f32, from: Option<i64>) -> Self {
        let span = replay.span().unwrap_or((0, 0));
        Self {
            replay,
            session,
            position: from.unwrap_or(span.0).clamp(span.0, span.1.max(span.0)),
            span,
            playing: true,
            speed: speed.max(0.1),
            last_tick: Instant::now(),
        }
    }
}
