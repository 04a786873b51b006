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

/// Why there is no sound, in words that point at what to fix.
#[derive(Debug, thiserror::Error)]
pub enum SoundError {
    #[error("no PulseAudio or PipeWire sound server is running for this user")]
    NoServer,
    #[error("the sound server at {path} does not answer")]
    Unreachable {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "the sound server refused this app: its cookie file ($PULSE_COOKIE, \
         $XDG_CONFIG_HOME/pulse/cookie, ~/.config/pulse/cookie or ~/.pulse-cookie) is missing \
         or belongs to another server"
    )]
    Refused,
    #[error("the sound server answered in a way this app does not understand")]
    Protocol(#[source] pulseaudio::ClientError),
}

impl SoundError {
    fn from_client(e: pulseaudio::ClientError, path: &std::path::Path) -> Self {
        use pulseaudio::protocol::{ProtocolError, PulseError};
        use pulseaudio::ClientError;
        match e {
            ClientError::ServerUnavailable => Self::NoServer,
            ClientError::Io(source) => Self::Unreachable {
                path: path.display().to_string(),
                source,
            },
            ClientError::ServerError(PulseError::AccessDenied)
            | ClientError::Protocol(ProtocolError::ServerError(PulseError::AccessDenied)) => {
                Self::Refused
            }
            other => Self::Protocol(other),
        }
    }

    /// The message with its causes, for the app's one notice and the log.
    pub fn explained(&self) -> String {
        crate::mt1::net_error::with_causes(self)
    }
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
                    let why = e.explained();
                    tracing::warn!("no sound: {why}");
                    if let Ok(mut s) = state.lock() {
                        s.failed = Some(why);
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

/// A connection to the sound server: at `socket`, or where the environment says (with the
/// cookie the environment names, as PulseAudio's own clients find it).
fn connect(socket: Option<&std::path::Path>) -> Result<Client, SoundError> {
    let path = match socket {
        Some(path) => path.to_owned(),
        None => pulseaudio::socket_path_from_env().ok_or(SoundError::NoServer)?,
    };
    let stream = std::os::unix::net::UnixStream::connect(&path).map_err(|source| {
        SoundError::Unreachable {
            path: path.display().to_string(),
            source,
        }
    })?;
    let cookie = cookie_path().and_then(|p| std::fs::read(p).ok());
    let no_cookie = cookie.is_none();
    Client::new_unix(c"mt1-monitor", stream, cookie).map_err(|e| match e {
        // Without a cookie PulseAudio hangs up on the handshake instead of answering.
        pulseaudio::ClientError::Protocol(pulseaudio::protocol::ProtocolError::Io(e))
            if no_cookie && e.kind() == std::io::ErrorKind::UnexpectedEof =>
        {
            SoundError::Refused
        }
        e => SoundError::from_client(e, &path),
    })
}

/// The server's cookie where libpulse looks for it: `$PULSE_COOKIE`, then the user's config
/// folder (`$XDG_CONFIG_HOME`, else `~/.config`), then `~/.pulse-cookie`. (The `pulseaudio`
/// crate's own lookup skips `$XDG_CONFIG_HOME`, where the server writes it when that is set.)
fn cookie_path() -> Option<std::path::PathBuf> {
    let home = directories::BaseDirs::new().map(|d| d.home_dir().to_owned());
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(std::path::PathBuf::from)
        .or_else(|| home.as_ref().map(|h| h.join(".config")));
    let candidates = [
        std::env::var_os("PULSE_COOKIE").map(std::path::PathBuf::from),
        config.map(|c| c.join("pulse/cookie")),
        home.map(|h| h.join(".pulse-cookie")),
    ];
    candidates.into_iter().flatten().find(|p| p.exists())
}

/// Connects once to the sound server, as a sound would.
pub fn probe() -> Result<String, String> {
    let path =
        pulseaudio::socket_path_from_env().ok_or_else(|| SoundError::NoServer.explained())?;
    connect(Some(&path))
        .map(|_| format!("sound server at {}", path.display()))
        .map_err(|e| e.explained())
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
        let why = sink.unavailable().expect("said");
        assert!(
            why.starts_with(
                "the sound server at /nonexistent-mt1-monitor-audio/native does not answer: "
            ),
            "{why}"
        );
    }

    #[test]
    fn a_server_that_refuses_the_cookie_is_named_as_such() {
        // A sound server on a real socket that answers the handshake as PulseAudio does
        // when the cookie is not its own ("Protocol error" was all that was said).
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("native");
        let listener = std::os::unix::net::UnixListener::bind(&path).expect("bind");
        let server = std::thread::spawn(move || {
            let (mut socket, _) = listener.accept().expect("accept");
            let mut reader = std::io::BufReader::new(socket.try_clone().expect("clone"));
            let (seq, _auth) =
                protocol::read_command_message(&mut reader, protocol::MAX_VERSION).expect("auth");
            protocol::write_error(&mut socket, seq, &protocol::PulseError::AccessDenied)
                .expect("answer");
        });
        let Err(e) = connect(Some(&path)) else {
            panic!("the server refused")
        };
        server.join().expect("server");
        assert!(matches!(e, SoundError::Refused), "{e:?}");
        assert!(e.explained().contains("cookie"), "{}", e.explained());
    }
}
