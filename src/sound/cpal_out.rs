//! Windows and macOS: cpal (WASAPI, CoreAudio), which needs no system headers there. A cpal
//! stream may not leave its thread on some systems, so one thread owns the device and plays
//! each sound on a short stream of its own.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};

use super::tones::{Sound, SoundSink, SAMPLE_RATE};

pub struct CpalSink {
    tx: Mutex<Option<mpsc::Sender<Vec<i16>>>>,
    failed: Arc<Mutex<Option<String>>>,
}

impl CpalSink {
    pub fn new() -> Self {
        let (tx, rx) = mpsc::channel::<Vec<i16>>();
        let failed = Arc::new(Mutex::new(None));
        let note = failed.clone();
        let started = std::thread::Builder::new()
            .name("sound".into())
            .spawn(move || {
                for samples in rx {
                    if let Err(e) = play(&samples) {
                        tracing::warn!("no sound: {e}");
                        if let Ok(mut f) = note.lock() {
                            *f = Some(e);
                        }
                        return;
                    }
                }
            });
        let tx = match started {
            Ok(_) => Some(tx),
            Err(e) => {
                if let Ok(mut f) = failed.lock() {
                    *f = Some(e.to_string());
                }
                None
            }
        };
        Self {
            tx: Mutex::new(tx),
            failed,
        }
    }
}

impl SoundSink for CpalSink {
    fn play(&self, _sound: Sound, samples: Vec<i16>) {
        if let Ok(tx) = self.tx.lock() {
            if let Some(tx) = tx.as_ref() {
                let _ = tx.send(samples);
            }
        }
    }

    fn unavailable(&self) -> Option<String> {
        self.failed.lock().ok().and_then(|f| f.clone())
    }
}

/// The default output device, as a sound would use it.
pub fn probe() -> Result<String, String> {
    let device = cpal::default_host()
        .default_output_device()
        .ok_or_else(|| "no audio output device".to_owned())?;
    Ok(format!(
        "output device {}",
        device.name().unwrap_or_else(|_| "(unnamed)".into())
    ))
}

/// Plays mono samples on the default output, resampled by repetition to its rate and copied to
/// each of its channels; returns when they have played.
fn play(samples: &[i16]) -> Result<(), String> {
    let device = cpal::default_host()
        .default_output_device()
        .ok_or_else(|| "no audio output device".to_owned())?;
    let supported = device.default_output_config().map_err(|e| e.to_string())?;
    let format = supported.sample_format();
    let config: cpal::StreamConfig = supported.into();
    let channels = usize::from(config.channels.max(1));
    let rate = config.sample_rate.0.max(1);
    // Nearest-sample resampling is plenty for a beep.
    let frames = samples.len() as u64 * u64::from(rate) / u64::from(SAMPLE_RATE);
    let mono: Vec<f32> = (0..frames)
        .map(|i| {
            let j = (i * u64::from(SAMPLE_RATE) / u64::from(rate)) as usize;
            f32::from(samples.get(j).copied().unwrap_or(0)) / f32::from(i16::MAX)
        })
        .collect();
    let mut at = 0usize;
    let mut next = move || {
        let v = mono.get(at / channels).copied().unwrap_or(0.0);
        at += 1;
        v
    };
    let error = |e: cpal::StreamError| tracing::warn!("sound stream: {e}");
    let stream = match format {
        cpal::SampleFormat::F32 => device.build_output_stream(
            &config,
            move |out: &mut [f32], _| out.iter_mut().for_each(|s| *s = next()),
            error,
            None,
        ),
        cpal::SampleFormat::I16 => device.build_output_stream(
            &config,
            move |out: &mut [i16], _| {
                out.iter_mut()
                    .for_each(|s| *s = (next() * f32::from(i16::MAX)) as i16)
            },
            error,
            None,
        ),
        cpal::SampleFormat::U16 => device.build_output_stream(
            &config,
            move |out: &mut [u16], _| {
                out.iter_mut()
                    .for_each(|s| *s = ((next() + 1.0) * 32767.5) as u16)
            },
            error,
            None,
        ),
        other => return Err(format!("unsupported sample format {other}")),
    }
    .map_err(|e| e.to_string())?;
    stream.play().map_err(|e| e.to_string())?;
    let seconds = samples.len() as f64 / f64::from(SAMPLE_RATE);
    std::thread::sleep(Duration::from_secs_f64(seconds + 0.05));
    Ok(())
}
