//! The sounds themselves, generated (no files to ship), and where they go.

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
