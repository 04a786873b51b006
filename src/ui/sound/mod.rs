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

use std::sync::{Arc, Mutex};

/// What the app can ask to hear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sound {
    /// A trigger on this channel (C0 = 0).
    Trigger { channel: u16 },
    /// Something needs the official: a lost link, a watchdog, sign-in needed.
    Alarm,
}

/// Samples per second of every generated sound (mono, 16 bit).
pub const SAMPLE_RATE: u32 = 44_100;

impl Sound {
    /// The tone of a channel: start (C0) low, finish (C1) high, others in between, so they
    /// can be told apart without looking.
    pub fn frequency(channel: u16) -> f32 {
        const TONES: [f32; 8] = [660.0, 1320.0, 880.0, 990.0, 1100.0, 1480.0, 740.0, 1175.0];
        TONES[usize::from(channel) % TONES.len()]
    }

    /// The sound as 16-bit mono samples at [`SAMPLE_RATE`], at `volume` (0–1).
    pub fn samples(self, volume: f32) -> Vec<i16> {
        let v = volume.clamp(0.0, 1.0);
        match self {
            Sound::Trigger { channel } => tone(Self::frequency(channel), 0.12, v),
            // Two tones, three times: an alarm nobody takes for a trigger.
            Sound::Alarm => {
                let mut out = Vec::new();
                for _ in 0..3 {
                    out.extend(tone(880.0, 0.18, v));
                    out.extend(tone(587.0, 0.18, v));
                }
                out
            }
        }
    }
}

/// A sine tone with 5 ms fades (no clicks).
fn tone(frequency: f32, seconds: f32, volume: f32) -> Vec<i16> {
    let n = (SAMPLE_RATE as f32 * seconds) as usize;
    let fade = (SAMPLE_RATE as f32 * 0.005) as usize;
    (0..n)
        .map(|i| {
            let t = i as f32 / SAMPLE_RATE as f32;
            let edge = (i.min(n - 1 - i) as f32 / fade as f32).min(1.0);
            let s = (2.0 * std::f32::consts::PI * frequency * t).sin() * edge * volume;
            (s * f32::from(i16::MAX) * 0.8) as i16
        })
        .collect()
}

/// Where sounds go. Implementations return at once: playing happens elsewhere.
pub trait SoundSink: Send + Sync {
    /// Plays `samples` (mono, [`SAMPLE_RATE`]) made for `sound`.
    fn play(&self, sound: Sound, samples: Vec<i16>);
    /// Why nothing can be heard, once it is known (no audio device or server).
    fn unavailable(&self) -> Option<String>;
}

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
