//! Where the sign-in token lives between runs: the OS keychain when one answers, otherwise a
//! file in the platform config dir readable only by the user (0600). Never the password.
//! Every call may block (D-Bus, disk): callers run it off the UI thread.

use serde::{Deserialize, Serialize};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use thiserror::Error;

use crate::mt1::account::Token;

const KEYRING_SERVICE: &str = "mt1-monitor";

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("cannot store the sign-in in {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no config directory for this user")]
    NoConfigDir,
}

#[derive(Debug, Clone)]
pub struct TokenStore {
    file: PathBuf,
    keyring: bool,
}

#[derive(Serialize, Deserialize)]
struct StoredSignIn {
    server: String,
    username: String,
    /// Empty when the token itself is in the keychain.
    #[serde(default)]
    token: String,
}

impl TokenStore {
    /// Keychain first, `<config dir>/mt1-monitor/sign-in.json` as the fallback.
    pub fn platform() -> Result<Self, StoreError> {
        let dirs = directories::ProjectDirs::from("com", "ALGE-Timing", "mt1-monitor")
            .ok_or(StoreError::NoConfigDir)?;
        Ok(Self {
            file: dirs.config_dir().join("sign-in.json"),
            keyring: true,
        })
    }

    /// A file only, no keychain (tests, and machines whose keychain misbehaves).
    pub fn file_only(file: impl Into<PathBuf>) -> Self {
        Self {
            file: file.into(),
            keyring: false,
        }
    }

    pub fn file(&self) -> &Path {
        &self.file
    }

    fn keyring_entry(&self, server: &str, username: &str) -> Option<keyring::Entry> {
        if !self.keyring {
            return None;
        }
        keyring::Entry::new(KEYRING_SERVICE, &format!("{username}@{server}")).ok()
    }

    fn io(&self, source: std::io::Error) -> StoreError {
        StoreError::Io {
            path: self.file.clone(),
            source,
        }
    }

    /// The stored token for this server and username, if any.
    pub fn load(&self, server: &str, username: &str) -> Result<Option<Token>, StoreError> {
        let text = match fs::read_to_string(&self.file) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(self.io(e)),
        };
        let Ok(stored) = serde_json::from_str::<StoredSignIn>(&text) else {
            tracing::warn!(
                "ignoring an unreadable stored sign-in at {}",
                self.file.display()
            );
            return Ok(None);
        };
        if stored.server != server || stored.username != username {
            return Ok(None);
        }
        if !stored.token.is_empty() {
            return Ok(Some(Token::new(stored.token)));
        }
        Ok(self
            .keyring_entry(server, username)
            .and_then(|e| e.get_password().ok())
            .map(Token::new))
    }

    /// Replaces whatever was stored with this sign-in.
    pub fn save(&self, server: &str, username: &str, token: &Token) -> Result<(), StoreError> {
        let in_keyring = self
            .keyring_entry(server, username)
            .is_some_and(|e| e.set_password(token.expose()).is_ok());
        let stored = StoredSignIn {
            server: server.into(),
            username: username.into(),
            token: if in_keyring {
                String::new()
            } else {
                token.expose().into()
            },
        };
        let json = serde_json::to_vec_pretty(&stored).map_err(|e| self.io(e.into()))?;
        self.write_private(&json)
    }

    /// Forgets the sign-in (Sign out).
    pub fn delete(&self, server: &str, username: &str) -> Result<(), StoreError> {
        if let Some(e) = self.keyring_entry(server, username) {
            let _ = e.delete_credential();
        }
        match fs::remove_file(&self.file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(self.io(e)),
            _ => Ok(()),
        }
    }

    /// Temp file created 0600 beside the target, then renamed over it.
    fn write_private(&self, bytes: &[u8]) -> Result<(), StoreError> {
        let dir = self.file.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(dir).map_err(|e| self.io(e))?;
        let mut builder = tempfile::Builder::new();
        builder.prefix(".sign-in");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(fs::Permissions::from_mode(0o600));
        }
        let mut tmp = builder.tempfile_in(dir).map_err(|e| self.io(e))?;
        tmp.write_all(bytes).map_err(|e| self.io(e))?;
        tmp.as_file().sync_all().map_err(|e| self.io(e))?;
        tmp.persist(&self.file).map_err(|e| self.io(e.error))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_is_private_and_keyed_by_server_and_user() {
        let dir = tempfile::tempdir().expect("tmp");
        let store = TokenStore::file_only(dir.path().join("cfg").join("sign-in.json"));
        let t = Token::new("F62FABC2F1619F9B98821D91339C0483");
        assert_eq!(store.load("https://x", "anna").expect("load"), None);
        store.save("https://x", "anna", &t).expect("save");
        assert_eq!(
            store.load("https://x", "anna").expect("load"),
            Some(t.clone())
        );
        assert_eq!(store.load("https://x", "bert").expect("load"), None);
        assert_eq!(store.load("https://y", "anna").expect("load"), None);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(store.file())
                .expect("meta")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        store.delete("https://x", "anna").expect("delete");
        assert_eq!(store.load("https://x", "anna").expect("load"), None);
        store
            .delete("https://x", "anna")
            .expect("deleting twice is fine");
    }

    #[test]
    fn a_corrupt_file_is_ignored_not_fatal() {
        let dir = tempfile::tempdir().expect("tmp");
        let store = TokenStore::file_only(dir.path().join("sign-in.json"));
        fs::write(store.file(), "{not json").expect("seed");
        assert_eq!(store.load("s", "u").expect("load"), None);
    }
}
