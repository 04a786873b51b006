//! What the app remembers of a sign-in between runs, off the UI thread: whether a keychain
//! answers, forgetting a sign-in, and storing a renewed token.

use tokio::sync::oneshot;

use super::{MonitorApp, Screen};

impl MonitorApp {
    pub(super) fn poll_keychain_probe(&mut self) {
        let Some(rx) = &mut self.keychain_probe else {
            return;
        };
        match rx.try_recv() {
            Ok(answers) => self.keychain = answers,
            Err(oneshot::error::TryRecvError::Empty) => return,
            Err(oneshot::error::TryRecvError::Closed) => {}
        }
        self.keychain_probe = None;
        let keychain = self.keychain;
        if let Some(l) = self.login_mut() {
            l.keychain = keychain;
        }
    }

    pub(super) fn forget_sign_in(&self, server: String, username: String) {
        if let Some(store) = self.options.token_store.clone() {
            self.runtime.spawn_blocking(move || {
                if let Err(e) = store.delete(&server, &username) {
                    tracing::warn!("could not forget the sign-in: {e}");
                }
            });
        }
    }

    pub(super) fn store_renewed_token(&mut self) {
        let Screen::Monitor(m) = &mut self.screen else {
            return;
        };
        let (Some(token), Some(store)) = (m.renewed_token.take(), self.options.token_store.clone())
        else {
            return;
        };
        if m.demo {
            return;
        }
        let (server, username) = (m.server.clone(), m.username.clone());
        self.runtime.spawn_blocking(move || {
            if let Err(e) = store.save(&server, &username, &token) {
                tracing::warn!("renewed sign-in not remembered: {e}");
            }
        });
    }
}
