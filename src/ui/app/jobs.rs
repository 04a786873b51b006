//! The app's background jobs (network, keychain, journal), run on the tokio runtime. Each
//! returns a [`JobResult`] through a oneshot; the UI thread only ever polls for it.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::journal::{self, Journal, SessionInfo};
use crate::model::row::TriggerRow;
use crate::mt1::account::{Credentials, Token, User};
use crate::mt1::rest::{ApiError, Mt1Client};
use crate::sim::{Rhythm, SimConfig, Simulator};
use crate::storage::TokenStore;
use crate::ui::login::plain_error;

/// A signed-in account with its journal, ready for the monitor.
pub(in crate::ui) struct SignedInAccount {
    pub server: String,
    pub username: String,
    pub token: Token,
    pub user: User,
    pub credentials: Option<Credentials>,
    pub sim: Option<Simulator>,
    pub journal: Option<Journal>,
    /// The account's latest journal session, to offer continuing it.
    pub previous: Option<SessionInfo>,
    pub journal_problem: Option<String>,
    /// Something the official should read on the monitor (the password was not remembered).
    pub notice: Option<String>,
    /// The demo journals into a folder that goes away with it.
    pub demo_dir: Option<tempfile::TempDir>,
}

pub(in crate::ui) enum JobResult {
    Ready(Box<SignedInAccount>),
    Started {
        ready: Box<SignedInAccount>,
        session: Option<i64>,
        resume: Vec<Arc<TriggerRow>>,
        /// The history lower bound the session was prepared with; the monitor uses the same.
        since_ms: Option<i64>,
    },
    Failed {
        message: String,
        quota_until: Option<SystemTime>,
    },
    /// No stored sign-in, or it expired: the sign-in screen (with a note if expired).
    SignInNeeded(Option<String>),
    /// A journalled session loaded for replay.
    Replay(Box<ReplayReady>),
}

/// What `mt1-monitor replay` asked for.
#[derive(Debug, Clone)]
pub struct ReplayRequest {
    pub journal: PathBuf,
    pub session: i64,
    pub account: String,
    pub server: String,
    pub speed: f32,
    /// Start at this local time of day (seconds since midnight), if given.
    pub from_seconds: Option<u32>,
}

pub struct ReplayReady {
    pub request: ReplayRequest,
    pub replay: crate::replay::Replay,
}

/// Loads a journalled session's events for replay (off the UI thread).
pub(in crate::ui) async fn replay(request: ReplayRequest) -> JobResult {
    let (path, session) = (request.journal.clone(), request.session);
    match blocking(move || crate::replay::Replay::load(&path, session)).await {
        Some(Ok(replay)) if !replay.is_empty() => {
            JobResult::Replay(Box::new(ReplayReady { request, replay }))
        }
        Some(Ok(_)) => JobResult::Failed {
            message: crate::tr!("replay-empty", session = session),
            quota_until: None,
        },
        Some(Err(e)) => JobResult::Failed {
            message: e.to_string(),
            quota_until: None,
        },
        None => JobResult::Failed {
            message: crate::tr!("error-task-stopped"),
            quota_until: None,
        },
    }
}

fn failed(e: &ApiError) -> JobResult {
    let (message, quota_until) = plain_error(e);
    JobResult::Failed {
        message,
        quota_until,
    }
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    tokio::task::spawn_blocking(f).await.ok()
}

/// Opens the account's journal (in `dir`, or the data dir) and finds its latest session.
async fn with_journal(mut ready: SignedInAccount, dir: Option<PathBuf>) -> SignedInAccount {
    let (server, username) = (ready.server.clone(), ready.username.clone());
    let opened = blocking(move || {
        let journal = match dir {
            Some(d) => Journal::open(&journal::path_for(&d, &server, &username)),
            None => Journal::open_for(&server, &username),
        }?;
        let latest = journal.latest_session()?;
        Ok::<_, journal::JournalError>((journal, latest))
    })
    .await;
    match opened {
        Some(Ok((journal, latest))) => {
            ready.journal = Some(journal);
            ready.previous = latest;
        }
        Some(Err(e)) => {
            ready.journal_problem = Some(crate::tr!("journal-open-failed", cause = e.to_string()))
        }
        None => {
            ready.journal_problem = Some(crate::tr!("journal-open-failed", cause = "—"));
        }
    }
    ready
}

fn ready(
    server: String,
    username: String,
    token: Token,
    user: User,
    credentials: Option<Credentials>,
) -> SignedInAccount {
    SignedInAccount {
        server,
        username,
        token,
        user,
        credentials,
        sim: None,
        journal: None,
        previous: None,
        journal_problem: None,
        notice: None,
        demo_dir: None,
    }
}

/// Start-up with a remembered username: check the stored token with `user/current`. With a
/// password remembered in the keychain, an expired token is renewed by one login, and the
/// session can renew the next one too.
pub(in crate::ui) async fn restore(
    store: TokenStore,
    server: String,
    username: String,
    dir: Option<PathBuf>,
) -> JobResult {
    let (s, u, st) = (server.clone(), username.clone(), store.clone());
    let (token, password) =
        match blocking(move || (st.load(&s, &u), st.load_password(&s, &u))).await {
            Some((Ok(token), password)) => (token, password),
            Some((Err(e), _)) => return JobResult::SignInNeeded(Some(e.to_string())),
            None => return JobResult::SignInNeeded(None),
        };
    let Some(token) = token else {
        // No token kept (a keychain that lost it), but the official chose to remember the
        // password: one login, as for an expired token.
        return match password {
            Some(p) => sign_in(Some(store), server, username, p, PasswordChoice::Keep, dir).await,
            None => JobResult::SignInNeeded(None),
        };
    };
    let client = match Mt1Client::new(&server) {
        Ok(c) => c,
        Err(e) => return failed(&e),
    };
    let credentials = password.map(|password| Credentials {
        username: username.clone(),
        password,
    });
    match client.current_user(&token).await {
        Ok(user) => JobResult::Ready(Box::new(
            with_journal(ready(server, username, token, user, credentials), dir).await,
        )),
        Err(e) if e.is_expired() => match credentials {
            Some(c) => {
                let keep = PasswordChoice::Keep;
                sign_in(Some(store), server, username, c.password, keep, dir).await
            }
            None => JobResult::SignInNeeded(Some(crate::tr!("error-expired"))),
        },
        Err(e) => failed(&e),
    }
}

/// What a sign-in does with the password in the keychain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::ui) enum PasswordChoice {
    /// The official ticked *Remember password*: store it.
    Remember,
    /// Unticked: forget one remembered earlier.
    Forget,
    /// A renewal with the remembered password: leave the keychain as it is.
    Keep,
}

/// One login. The token is stored, and the password as `password_choice` says (in the
/// keychain only).
pub(in crate::ui) async fn sign_in(
    store: Option<TokenStore>,
    server: String,
    username: String,
    password: String,
    password_choice: PasswordChoice,
    dir: Option<PathBuf>,
) -> JobResult {
    let client = match Mt1Client::new(&server) {
        Ok(c) => c,
        Err(e) => return failed(&e),
    };
    let signed_in = match client.login(&username, &password).await {
        Ok(s) => s,
        Err(e) => return failed(&e),
    };
    let mut notice = None;
    if let Some(store) = store {
        let (sv, u, t) = (server.clone(), username.clone(), signed_in.token.clone());
        let pw = password.clone();
        let saved = blocking(move || {
            if let Err(e) = store.save(&sv, &u, &t) {
                tracing::warn!("sign-in not remembered: {e}");
            }
            match password_choice {
                PasswordChoice::Remember => store.save_password(&sv, &u, &pw),
                PasswordChoice::Forget => {
                    store.forget_password(&sv, &u);
                    Ok(())
                }
                PasswordChoice::Keep => Ok(()),
            }
        })
        .await;
        if let Some(Err(e)) = saved {
            tracing::warn!("{e}");
            notice = Some(crate::tr!("password-not-remembered", cause = e.to_string()));
        }
    }
    let credentials = Some(Credentials {
        username: username.clone(),
        password,
    });
    let mut r = ready(
        server,
        username,
        signed_in.token,
        signed_in.user,
        credentials,
    );
    r.notice = notice;
    JobResult::Ready(Box::new(with_journal(r, dir).await))
}

pub(in crate::ui) async fn demo() -> JobResult {
    let mut sim = match Simulator::start(SimConfig::default(), 0).await {
        Ok(s) => s,
        Err(e) => {
            return JobResult::Failed {
                message: crate::tr!("error-demo", cause = e.to_string()),
                quota_until: None,
            }
        }
    };
    let rhythm = sim.seed_history(&Rhythm::default(), Duration::from_secs(15 * 60));
    sim.start_rhythm(rhythm);
    let server = sim.base_url();
    let client = match Mt1Client::new(&server) {
        Ok(c) => c,
        Err(e) => return failed(&e),
    };
    let signed_in = match client.login("demo", "demo").await {
        Ok(s) => s,
        Err(e) => return failed(&e),
    };
    let credentials = Some(Credentials {
        username: "demo".into(),
        password: "demo".into(),
    });
    let mut r = ready(
        server,
        "demo".into(),
        signed_in.token,
        signed_in.user,
        credentials,
    );
    r.sim = Some(sim);
    let dir = tempfile::tempdir().ok();
    let path = dir.as_ref().map(|d| d.path().to_owned());
    r.demo_dir = dir;
    JobResult::Ready(Box::new(with_journal(r, path).await))
}

/// Prepares the journal session: the previous one reopened with its rows, or a new one from
/// `since_ms` (the history bound for a new session).
pub(in crate::ui) async fn start_session(
    mut ready: Box<SignedInAccount>,
    continue_previous: bool,
    since_ms: Option<i64>,
) -> JobResult {
    let Some(mut journal) = ready.journal.take() else {
        return JobResult::Started {
            ready,
            session: None,
            resume: Vec::new(),
            since_ms,
        };
    };
    let previous = ready.previous.clone().filter(|_| continue_previous);
    let (server, username) = (ready.server.clone(), ready.username.clone());
    let prepared = blocking(move || {
        let result = journal.continue_or_start(previous.as_ref(), &server, &username, since_ms);
        (journal, result)
    })
    .await;
    match prepared {
        Some((journal, Ok(prepared))) => {
            ready.journal = Some(journal);
            JobResult::Started {
                ready,
                session: Some(prepared.id),
                resume: prepared.resume,
                since_ms: prepared.since_ms,
            }
        }
        Some((_, Err(e))) => {
            ready.journal_problem =
                Some(crate::tr!("journal-prepare-failed", cause = e.to_string()));
            JobResult::Started {
                ready,
                session: None,
                resume: Vec::new(),
                since_ms,
            }
        }
        None => JobResult::Failed {
            message: crate::tr!("error-journal-task-stopped"),
            quota_until: None,
        },
    }
}
