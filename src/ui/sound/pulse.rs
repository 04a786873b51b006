//! Linux: the PulseAudio native protocol in pure Rust (the `pulseaudio` crate). PipeWire
//! desktops run its PulseAudio server, so this reaches every current desktop without ALSA
//! headers at build time. Each sound is a short stream on a connection of its own.

use std::sync::{Arc, Mutex};

use pulseaudio::{protocol, AsPlaybackSource, Client};

use super::tones::{Sound, SoundSink, SAMPLE_RATE};

pub struct PulseSink {
    runtime: tokio::runtime::Handle,
    state: Arc<Mutex<State>>,
    /// The server's socket; `None`: found from the environment as PulseAudio clients do.
    socket: Option<std::path::PathBuf>,
}

#[derive(Default)]
struct State {
    /// Why there is no sound (said once by the app); no new attempt after that.
    failed: Option<String>,
}

impl PulseSink {
    pub fn new(runtime: tokio::runtime::Handle) -> Self {
        Self {
            runtime,
            state: Arc::new(Mutex::new(State::default())),
            socket: None,
        }
    }
}

impl SoundSink for PulseSink {
    fn play(&self, _sound: Sound, samples: Vec<i16>) {
        let state = self.state.clone();
        let socket = self.socket.clone();
        // Connecting blocks briefly on a local socket: never on the UI thread.
        self.runtime.spawn(async move {
            if state.lock().map_or(true, |s| s.failed.is_some()) {
                return;
            }
            // A connection per sound: a local socket opens in well under a millisecond, and
            // a stream that is still draining never stands in the next one's way.
            let client = match connect(socket.as_deref()) {
                Ok(c) => c,
                Err(e) => {
                    tracing::warn!("no sound: {e}");
                    if let Ok(mut s) = state.lock() {
                        s.failed = Some(e.to_string());
                    }
                    return;
                }
            };
            if let Err(e) = play(&client, samples).await {
                tracing::warn!("a sound could not play: {e}");
            }
        });
    }

    fn unavailable(&self) -> Option<String> {
        self.state.lock().ok().and_then(|s| s.failed.clone())
    }
}

/// A connection to the sound server: at `socket`, or where the environment says.
fn connect(socket: Option<&std::path::Path>) -> Result<Client, pulseaudio::ClientError> {
    match socket {
        None => Client::from_env(c"mt1-monitor"),
        Some(path) => {
            let stream = std::os::unix::net::UnixStream::connect(path)?;
            Client::new_unix(c"mt1-monitor", stream, None::<Vec<u8>>)
        }
    }
}

/// Connects once to the sound server, as a sound would.
pub fn probe() -> Result<String, String> {
    let path = pulseaudio::socket_path_from_env()
        .ok_or_else(|| "no PulseAudio or PipeWire server socket found".to_owned())?;
    Client::from_env(c"mt1-monitor")
        .map(|_| format!("sound server at {}", path.display()))
        .map_err(|e| e.to_string())
}

async fn play(client: &Client, samples: Vec<i16>) -> Result<(), pulseaudio::ClientError> {
    let params = protocol::PlaybackStreamParams {
        sample_spec: protocol::SampleSpec {
            format: protocol::SampleFormat::S16Le,
            channels: 1,
            sample_rate: SAMPLE_RATE,
        },
        channel_map: protocol::ChannelMap::mono(),
        cvolume: Some(protocol::ChannelVolume::norm(1)),
        sink_name: Some(protocol::DEFAULT_SINK.to_owned()),
        // Start at once (no pre-buffering) with a short buffer: a beep is 0.12 s long.
        buffer_attr: protocol::stream::BufferAttr {
            max_length: u32::MAX,
            target_length: SAMPLE_RATE / 5 * 2,
            pre_buffering: 0,
            minimum_request_length: u32::MAX,
            fragment_size: u32::MAX,
        },
        ..Default::default()
    };
    // Silence after the tone: a short sound must still fill the server's start-up buffer.
    let pad = (SAMPLE_RATE / 2) as usize;
    let bytes: Vec<u8> = samples
        .iter()
        .chain(std::iter::repeat_n(&0i16, pad))
        .flat_map(|s| s.to_le_bytes())
        .collect();
    let mut at = 0;
    let source = move |buf: &mut [u8]| {
        let n = buf.len().min(bytes.len() - at);
        buf[..n].copy_from_slice(&bytes[at..at + n]);
        at += n;
        n // 0 at the end: the stream drains and ends
    };
    let stream = client
        .create_playback_stream(params, source.as_playback_source())
        .await?;
    // The sound is written once the stream exists; the drain at its end may be answered
    // "invalid" by a server that already ended the stream: no reason to drop the connection.
    if let Err(e) = stream.play_all().await {
        tracing::debug!("end of a sound: {e}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_an_audio_server_it_says_why_once_and_plays_nothing() {
        // No server at its socket (CI, a laptop without sound).
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        let sink = PulseSink {
            socket: Some("/nonexistent-mt1-monitor-audio/native".into()),
            ..PulseSink::new(rt.handle().clone())
        };
        assert_eq!(sink.unavailable(), None, "not known before the first sound");
        sink.play(Sound::Alarm, Sound::Alarm.samples(0.5));
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while sink.unavailable().is_none() {
            assert!(
                std::time::Instant::now() < deadline,
                "the failure is reported"
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        // Later sounds are dropped quietly: no retry storm, no second message.
        sink.play(Sound::Alarm, Vec::new());
        assert!(sink.unavailable().is_some());
    }
}
