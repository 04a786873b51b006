//! What the app remembers of a sign-in between runs, off the UI thread: whether a keychain
//! answers, forgetting a sign-in, and storing a renewed token.

use crate::ui::pending;
use crate::ui::MonitorApp;

use super::Screen;

impl MonitorApp {
    pub(in crate::ui) fn poll_keychain_probe(&mut self) {
        let Some(answer) = pending::take(&mut self.keychain_probe) else {
            return;
        };
        if let Some(answers) = answer {
            self.keychain = answers;
        }
        let keychain = self.keychain;
        if let Some(l) = self.login_mut() {
            l.keychain = keychain;
        }
    }

    pub(in crate::ui) fn forget_sign_in(&self, server: String, username: String) {
        if let Some(store) = self.options.token_store.clone() {
            self.runtime.spawn_blocking(move || {
                if let Err(e) = store.delete(&server, &username) {
                    tracing::warn!("could not forget the sign-in: {e}");
                }
            });
        }
    }

    pub(in crate::ui) fn store_renewed_token(&mut self) {
        let Screen::Monitor(m) = &mut self.screen else {
            return;
        };
        let (Some(token), Some(store)) = (m.take_renewed_token(), self.options.token_store.clone())
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
