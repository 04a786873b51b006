//! Sounds at the finish line: a short beep per trigger, with a tone per channel (start and
//! finish sound different), and an alarm for problems (lost link, a watchdog, sign-in needed).
//! The tones are generated here (no files to ship). Where the audio goes is a [`SoundSink`]:
//! the computer's audio output, or a test sink that records what was asked for.
//!
//! With no audio device (CI, a laptop without sound) the app says so once and goes on.

#[cfg(not(target_os = "linux"))]
mod cpal_out;
#[cfg(target_os = "linux")]
mod pulse;

mod tones;

use std::sync::{Arc, Mutex};

pub use tones::{Sound, SoundSink, SAMPLE_RATE};

/// A sink that only records what was asked for (tests).
#[derive(Default)]
pub struct RecordingSink {
    played: Mutex<Vec<Sound>>,
}

impl RecordingSink {
    pub fn played(&self) -> Vec<Sound> {
        self.played.lock().map(|p| p.clone()).unwrap_or_default()
    }
}

impl SoundSink for RecordingSink {
    fn play(&self, sound: Sound, _samples: Vec<i16>) {
        if let Ok(mut p) = self.played.lock() {
            p.push(sound);
        }
    }

    fn unavailable(&self) -> Option<String> {
        None
    }
}

/// The computer's audio output: PulseAudio's protocol on Linux (PipeWire speaks it too),
/// cpal (WASAPI, CoreAudio) elsewhere. Opened on first use, off the UI thread.
pub fn system_sink(runtime: &tokio::runtime::Handle) -> Arc<dyn SoundSink> {
    #[cfg(target_os = "linux")]
    {
        Arc::new(pulse::PulseSink::new(runtime.clone()))
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = runtime;
        Arc::new(cpal_out::CpalSink::new())
    }
}

/// Whether this computer can play the app's sounds, in words (for `--diagnose`).
pub fn probe() -> Result<String, String> {
    #[cfg(target_os = "linux")]
    {
        pulse::probe()
    }
    #[cfg(not(target_os = "linux"))]
    {
        cpal_out::probe()
    }
}

/// What the app plays, muted or at which volume.
pub struct Player {
    sink: Arc<dyn SoundSink>,
}

impl Player {
    pub fn new(sink: Arc<dyn SoundSink>) -> Self {
        Self { sink }
    }

    /// Plays `sound` unless `muted`.
    pub fn play(&self, sound: Sound, volume: f32, muted: bool) {
        if !muted && volume > 0.0 {
            self.sink.play(sound, sound.samples(volume));
        }
    }

    pub fn unavailable(&self) -> Option<String> {
        self.sink.unavailable()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_sound_different_and_the_alarm_is_longer() {
        assert_ne!(Sound::frequency(0), Sound::frequency(1));
        let beep = Sound::Trigger { channel: 1 }.samples(1.0);
        let alarm = Sound::Alarm.samples(1.0);
        assert!(alarm.len() > 5 * beep.len());
        assert!(beep.iter().any(|s| s.unsigned_abs() > 20_000), "audible");
        assert_eq!(beep[0], 0, "fades in");
    }

    #[test]
    fn volume_scales_and_mute_plays_nothing() {
        let loud = Sound::Alarm.samples(1.0);
        let soft = Sound::Alarm.samples(0.25);
        let peak = |v: &[i16]| v.iter().map(|s| s.unsigned_abs()).max().unwrap_or(0);
        assert!(peak(&soft) * 3 < peak(&loud));
        let sink = Arc::new(RecordingSink::default());
        let player = Player::new(sink.clone());
        player.play(Sound::Alarm, 1.0, true);
        player.play(Sound::Trigger { channel: 0 }, 0.0, false);
        assert!(sink.played().is_empty());
        player.play(Sound::Trigger { channel: 0 }, 0.5, false);
        assert_eq!(sink.played(), vec![Sound::Trigger { channel: 0 }]);
    }
}
