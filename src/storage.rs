//! Where the sign-in token lives between runs: the OS keychain when one answers, otherwise a
//! file in the platform config dir readable only by the user (0600). The password only if the
//! official opts in, and then only in the keychain, never in a file.
//! Every call may block (D-Bus, disk): callers run it off the UI thread.

use serde::{Deserialize, Serialize};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
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
    #[error("no keychain answers on this computer, so the password cannot be remembered")]
    NoKeychain,
    #[error("the keychain refused to remember the password: {0}")]
    Keychain(String),
}

/// The credential store behind the keychain entries.
#[derive(Clone)]
enum Keychain {
    /// The operating system's (Keychain, Credential Manager, Secret Service), if it answers.
    Platform,
    Off,
    /// A given keyring-core store (its mock store in tests).
    Store(Arc<keyring_core::CredentialStore>),
}

impl std::fmt::Debug for Keychain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Platform => "Platform",
            Self::Off => "Off",
            Self::Store(_) => "Store",
        })
    }
}

impl Keychain {
    fn store(&self) -> Option<Arc<keyring_core::CredentialStore>> {
        match self {
            // keyring sets the platform store as keyring-core's default on first use.
            Self::Platform => keyring::Entry::store_status()
                .as_ref()
                .ok()
                .and_then(|()| keyring_core::get_default_store()),
            Self::Off => None,
            Self::Store(s) => Some(s.clone()),
        }
    }
}

#[derive(Debug, Clone)]
pub struct TokenStore {
    file: PathBuf,
    keychain: Keychain,
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
            keychain: Keychain::Platform,
        })
    }

    /// A file only, no keychain (tests, and machines whose keychain misbehaves).
    pub fn file_only(file: impl Into<PathBuf>) -> Self {
        Self {
            file: file.into(),
            keychain: Keychain::Off,
        }
    }

    /// The file and a keychain of the caller's choosing (keyring-core's mock store in tests).
    pub fn with_keychain(
        file: impl Into<PathBuf>,
        keychain: Arc<keyring_core::CredentialStore>,
    ) -> Self {
        Self {
            file: file.into(),
            keychain: Keychain::Store(keychain),
        }
    }

    pub fn file(&self) -> &Path {
        &self.file
    }

    fn keyring_entry(&self, server: &str, username: &str) -> Option<keyring_core::Entry> {
        self.entry(&format!("{username}@{server}"))
    }

    /// The remembered password's entry: beside the token's, under a name of its own.
    fn password_entry(&self, server: &str, username: &str) -> Option<keyring_core::Entry> {
        self.entry(&format!("password:{username}@{server}"))
    }

    fn entry(&self, name: &str) -> Option<keyring_core::Entry> {
        self.keychain
            .store()?
            .build(KEYRING_SERVICE, name, None)
            .ok()
    }

    /// Whether a keychain answers here (a read of an entry that need not exist succeeds or
    /// says there is none). Only then is *Remember password* offered.
    pub fn keychain_answers(&self) -> bool {
        self.entry("probe")
            .is_some_and(|e| matches!(e.get_password(), Ok(_) | Err(keyring_core::Error::NoEntry)))
    }

    /// Remembers the password in the keychain (never in a file), for the one re-login an
    /// expired token allows after a restart.
    pub fn save_password(
        &self,
        server: &str,
        username: &str,
        password: &str,
    ) -> Result<(), StoreError> {
        let entry = self
            .password_entry(server, username)
            .ok_or(StoreError::NoKeychain)?;
        entry
            .set_password(password)
            .map_err(|e| StoreError::Keychain(e.to_string()))
    }

    /// The remembered password, if the official opted in on this computer.
    pub fn load_password(&self, server: &str, username: &str) -> Option<String> {
        self.password_entry(server, username)?.get_password().ok()
    }

    /// Forgets a remembered password (unticked at sign-in, or Sign out).
    pub fn forget_password(&self, server: &str, username: &str) {
        if let Some(e) = self.password_entry(server, username) {
            let _ = e.delete_credential();
        }
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

    /// Forgets the sign-in (Sign out): the token and a remembered password.
    pub fn delete(&self, server: &str, username: &str) -> Result<(), StoreError> {
        if let Some(e) = self.keyring_entry(server, username) {
            let _ = e.delete_credential();
        }
        self.forget_password(server, username);
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
    fn a_remembered_password_lives_in_the_keychain_only_and_sign_out_forgets_it() {
        let dir = tempfile::tempdir().expect("tmp");
        let file = dir.path().join("sign-in.json");
        let keychain: Arc<keyring_core::CredentialStore> =
            keyring_core::mock::Store::new().expect("mock keychain");
        let store = TokenStore::with_keychain(&file, keychain);
        assert!(store.keychain_answers());
        let token = Token::new("F62FABC2F1619F9B98821D91339C0483");
        store.save("https://x", "anna", &token).expect("token");
        store
            .save_password("https://x", "anna", "Zq7-secret")
            .expect("password");
        assert_eq!(
            store.load_password("https://x", "anna").as_deref(),
            Some("Zq7-secret")
        );
        assert_eq!(store.load_password("https://x", "bert"), None);
        let on_disk = fs::read_to_string(&file).expect("file");
        assert!(!on_disk.contains("Zq7-secret") && !on_disk.contains(token.expose()));
        assert_eq!(store.load("https://x", "anna").expect("load"), Some(token));
        store.delete("https://x", "anna").expect("sign out");
        assert_eq!(store.load_password("https://x", "anna"), None);

        let no_keychain = TokenStore::file_only(dir.path().join("other.json"));
        assert!(!no_keychain.keychain_answers());
        assert!(matches!(
            no_keychain.save_password("https://x", "anna", "Zq7-secret"),
            Err(StoreError::NoKeychain)
        ));
    }

    #[test]
    fn a_corrupt_file_is_ignored_not_fatal() {
        let dir = tempfile::tempdir().expect("tmp");
        let store = TokenStore::file_only(dir.path().join("sign-in.json"));
        fs::write(store.file(), "{not json").expect("seed");
        assert_eq!(store.load("s", "u").expect("load"), None);
    }
}
