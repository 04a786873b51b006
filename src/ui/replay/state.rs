//! Where a replay stands: the journalled session, the position, play or pause, the speed.

use std::time::Instant;

use crate::model::time::TICKS_PER_SECOND;
use crate::replay::Replay;

pub struct ReplayState {
    pub replay: Replay,
    pub session: i64,
    /// Where the replay stands: arrival times up to this are played (ticks).
    pub position: i64,
    pub span: (i64, i64),
    pub playing: bool,
    pub speed: f32,
    pub(in crate::ui) last_tick: Instant,
}

/// Events played per frame at most: a fast-forward never stalls a frame.
const PER_FRAME: usize = 20_000;

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

    /// Moves on by the time passed (times the speed) and returns what was played.
    pub fn advance(&mut self, now: Instant) -> Vec<crate::session::TriggerEvent> {
        if self.playing {
            let passed = now.duration_since(self.last_tick).as_secs_f64() * f64::from(self.speed);
            self.position =
                (self.position + (passed * TICKS_PER_SECOND as f64) as i64).min(self.span.1);
            if self.position >= self.span.1 {
                self.playing = false;
            }
        }
        self.last_tick = now;
        self.replay.advance(self.position, PER_FRAME)
    }

    /// Jumps to `to` (ticks). Returns whether it went back: the replay starts again from the
    /// beginning, and what it fed must be forgotten.
    pub fn seek(&mut self, to: i64) -> bool {
        let back = to < self.position;
        if back {
            self.replay.rewind();
        }
        self.position = to;
        back
    }
}
