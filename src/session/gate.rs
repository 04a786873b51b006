//! Every REST call of a session goes through the gate, which owns the token and the two rules
//! that protect the API quota: an expired token allows exactly one re-login (and only after the
//! previous token proved it worked, so it never loops), and a quota answer silences REST for
//! the pause the server asks for. Without a password (a sign-in restored from its token) the
//! official signs in again through [`Gate::sign_in`]: one login per prompt answered.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};
use tokio::sync::watch;

use super::event::{Emitter, SessionEvent};
use crate::mt1::account::{Credentials, Token};
use crate::mt1::rest::{ApiError, Mt1Client};

pub(crate) struct Gate {
    client: Mt1Client,
    token: Mutex<Token>,
    /// The password typed this run (or remembered in the keychain), for the one re-login.
    credentials: Mutex<Option<Credentials>>,
    relogin: tokio::sync::Mutex<()>,
    /// A call has succeeded with the current token: a later 403 may renew it once.
    proven: AtomicBool,
    /// The token a renewal was tried for: a CONNECT it opened before it expired may be
    /// acknowledged after the renewal failed, and must not prove it again (a loop of logins).
    rejected: Mutex<Option<Token>>,
    /// REST is paused until then (quota); the session loop watches it to show the state.
    quota: watch::Sender<Option<(Instant, SystemTime)>>,
    /// Calls in flight at once, for the whole account: history reads of several channels
    /// run side by side, never more calls at once than its permits.
    in_flight: tokio::sync::Semaphore,
    emitter: Emitter,
}

impl Gate {
    pub(crate) fn new(
        client: Mt1Client,
        token: Token,
        credentials: Option<Credentials>,
        emitter: Emitter,
        max_in_flight: usize,
    ) -> Self {
        Self {
            client,
            token: Mutex::new(token),
            credentials: Mutex::new(credentials),
            relogin: tokio::sync::Mutex::new(()),
            proven: AtomicBool::new(true),
            rejected: Mutex::new(None),
            quota: watch::channel(None).0,
            in_flight: tokio::sync::Semaphore::new(max_in_flight.max(1)),
            emitter,
        }
    }

    pub(crate) fn client(&self) -> &Mt1Client {
        &self.client
    }

    pub(crate) fn token(&self) -> Token {
        self.token
            .lock()
            .map(|t| t.clone())
            .unwrap_or_else(|p| p.into_inner().clone())
    }

    pub(crate) fn watch_quota(&self) -> watch::Receiver<Option<(Instant, SystemTime)>> {
        self.quota.subscribe()
    }

    fn enter_quota(&self, pause: Duration) {
        let until = (Instant::now() + pause, SystemTime::now() + pause);
        self.quota.send_modify(|q| {
            if q.is_none_or(|(i, _)| i < until.0) {
                *q = Some(until);
            }
        });
    }

    async fn wait_quota(&self) {
        loop {
            let until = *self.quota.borrow();
            match until {
                Some((i, _)) if i > Instant::now() => tokio::time::sleep_until(i.into()).await,
                _ => return,
            }
        }
    }

    /// Runs one authorised REST call under the quota and re-login rules.
    pub(crate) async fn call<T, F, Fut>(&self, f: F) -> Result<T, ApiError>
    where
        F: Fn(Mt1Client, Token) -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        let mut renewed = false;
        loop {
            self.wait_quota().await;
            let Ok(_slot) = self.in_flight.acquire().await else {
                return Err(ApiError::Network("the session is ending".into()));
            };
            // A quota answer may have come while this call waited for its turn.
            if self.quota.borrow().is_some_and(|(i, _)| i > Instant::now()) {
                continue;
            }
            let token = self.token();
            match f(self.client.clone(), token.clone()).await {
                Ok(v) => {
                    self.proven.store(true, Ordering::Relaxed);
                    return Ok(v);
                }
                Err(ApiError::Quota { retry_after }) => self.enter_quota(retry_after),
                Err(e) if e.is_expired() && !renewed => {
                    self.renew(&token).await?;
                    renewed = true;
                }
                Err(e) => return Err(e),
            }
        }
    }

    fn take_token(&self, token: Token) {
        if let Ok(mut t) = self.token.lock() {
            *t = token.clone();
        }
        self.emitter.emit(SessionEvent::TokenRenewed(token));
    }

    /// The official signed in again at the prompt: one login. On success the token is taken
    /// and the password kept in memory for this run, so the next expiry renews silently. It
    /// is not proven until a call succeeds with it (a token refused at once signs out again
    /// instead of looping).
    pub(crate) async fn sign_in(&self, credentials: Credentials) -> Result<(), ApiError> {
        let _one_at_a_time = self.relogin.lock().await;
        self.wait_quota().await;
        let signed_in = match self
            .client
            .login(&credentials.username, &credentials.password)
            .await
        {
            Ok(s) => s,
            Err(e) => {
                // A quota answer silences REST, logins too: the next answer waits it out
                // instead of spending more of the quota.
                if let ApiError::Quota { retry_after } = e {
                    self.enter_quota(retry_after);
                }
                return Err(e);
            }
        };
        tracing::info!("signed in again at the prompt (token not shown)");
        self.proven.store(false, Ordering::Relaxed);
        if let Ok(mut c) = self.credentials.lock() {
            *c = Some(credentials);
        }
        self.take_token(signed_in.token);
        Ok(())
    }

    /// The server accepted the token elsewhere (a STOMP CONNECT): a later rejection of it is
    /// an expiry, which may renew it once, not a sign-in that never worked.
    pub(crate) fn token_works(&self, token: &Token) {
        let rejected = self
            .rejected
            .lock()
            .is_ok_and(|r| r.as_ref() == Some(token));
        if !rejected && self.token() == *token {
            self.proven.store(true, Ordering::Relaxed);
        }
    }

    /// One re-login for the token `stale`; concurrent callers share it.
    pub(crate) async fn renew(&self, stale: &Token) -> Result<(), ApiError> {
        let _one_at_a_time = self.relogin.lock().await;
        if self.token() != *stale {
            return Ok(()); // another call renewed it meanwhile
        }
        let credentials = self.credentials.lock().ok().and_then(|c| c.clone());
        let Some(credentials) = credentials else {
            return Err(ApiError::Expired("no saved password to renew it".into()));
        };
        if let Ok(mut r) = self.rejected.lock() {
            *r = Some(stale.clone());
        }
        if !self.proven.swap(false, Ordering::Relaxed) {
            return Err(ApiError::Expired(
                "the new sign-in was rejected too; sign in again".into(),
            ));
        }
        loop {
            self.wait_quota().await;
            match self
                .client
                .login(&credentials.username, &credentials.password)
                .await
            {
                Ok(signed_in) => {
                    tracing::info!("token expired; signed in again (token not shown)");
                    self.take_token(signed_in.token);
                    return Ok(());
                }
                // A quota answer is not a failed login: wait out the pause, try the same once more.
                Err(ApiError::Quota { retry_after }) => self.enter_quota(retry_after),
                Err(ApiError::BadCredentials) => {
                    return Err(ApiError::Expired(
                        "the password was not accepted; sign in again".into(),
                    ))
                }
                Err(e) => {
                    self.proven.store(true, Ordering::Relaxed); // not the token's fault: may try later
                    return Err(e);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{SimConfig, Simulator};

    /// The race behind a second failed login: the link's CONNECT, sent with the token before
    /// it expired, is acknowledged after the renewal with a changed password failed. That
    /// must not make the dead token worth another login.
    #[tokio::test]
    async fn a_late_connect_does_not_prove_a_rejected_token_again() {
        let sim = Simulator::start(SimConfig::default(), 0)
            .await
            .expect("simulator");
        let client = Mt1Client::new(&sim.base_url()).expect("client");
        let stale = client.login("demo", "demo").await.expect("login").token;
        let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
        let changed = Credentials {
            username: "demo".into(),
            password: "changed".into(),
        };
        let gate = Gate::new(
            client,
            stale.clone(),
            Some(changed),
            Emitter::new(tx, None),
            4,
        );
        sim.expire_tokens();
        let ask = || gate.call(|c, t| async move { c.current_user(&t).await });
        assert!(ask().await.is_err(), "the renewal is refused");
        assert_eq!(sim.login_attempts(), 2, "the sign-in and one re-login");
        gate.token_works(&stale); // the late CONNECT acknowledgement
        assert!(ask().await.is_err());
        assert_eq!(sim.login_attempts(), 2, "no second re-login");
    }
}
