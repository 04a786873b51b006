//! Linux: the PulseAudio native protocol in pure Rust (the `pulseaudio` crate). PipeWire
//! desktops run its PulseAudio server, so this reaches every current desktop without ALSA
//! headers at build time. One client, opened on the first sound; each sound is a short stream.

use std::sync::{Arc, Mutex};

use pulseaudio::{protocol, AsPlaybackSource, Client};

use super::{Sound, SoundSink, SAMPLE_RATE};

pub struct PulseSink {
    runtime: tokio::runtime::Handle,
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    client: Option<Client>,
    /// Why there is no sound (said once by the app); no new attempt after that.
    failed: Option<String>,
}

impl PulseSink {
    pub fn new(runtime: tokio::runtime::Handle) -> Self {
        Self {
            runtime,
            state: Arc::new(Mutex::new(State::default())),
        }
    }
}

impl SoundSink for PulseSink {
    fn play(&self, _sound: Sound, samples: Vec<i16>) {
        let state = self.state.clone();
        // Connecting blocks briefly on a local socket: never on the UI thread.
        self.runtime.spawn(async move {
            let client = {
                let Ok(mut s) = state.lock() else { return };
                if s.failed.is_some() {
                    return;
                }
                if s.client.is_none() {
                    match Client::from_env(c"mt1-monitor") {
                        Ok(c) => s.client = Some(c),
                        Err(e) => {
                            tracing::warn!("no sound: {e}");
                            s.failed = Some(e.to_string());
                            return;
                        }
                    }
                }
                s.client.clone()
            };
            let Some(client) = client else { return };
            if let Err(e) = play(&client, samples).await {
                tracing::warn!("a sound could not play: {e}");
                if let Ok(mut s) = state.lock() {
                    // The server went away: try a new connection next time.
                    s.client = None;
                }
            }
        });
    }

    fn unavailable(&self) -> Option<String> {
        self.state.lock().ok().and_then(|s| s.failed.clone())
    }
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
        ..Default::default()
    };
    let bytes: Vec<u8> = samples.iter().flat_map(|s| s.to_le_bytes()).collect();
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
    stream.play_all().await
}
