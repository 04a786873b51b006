//! Where journals live: one SQLite file per account in the data folder.

use std::path::{Path, PathBuf};

use super::error::JournalError;

/// `MT1_DATA_DIR` if set, else the platform data dir (e.g. `~/.local/share/mt1-monitor`).
pub fn data_dir() -> Result<PathBuf, JournalError> {
    if let Some(dir) = std::env::var_os("MT1_DATA_DIR") {
        return Ok(PathBuf::from(dir));
    }
    // The local (not roaming) data folder: on Windows a roaming profile would copy a live
    // SQLite journal between machines at logon and logoff. Elsewhere the two are the same.
    directories::ProjectDirs::from("com", "ALGE-Timing", "mt1-monitor")
        .map(|d| d.data_local_dir().to_owned())
        .ok_or(JournalError::NoDataDir)
}

/// One file per account: `<data>/journal/<username>@<host>.sqlite3`, unsafe characters replaced.
pub fn path_for(data_dir: &Path, server: &str, username: &str) -> PathBuf {
    let host = url::Url::parse(server)
        .ok()
        .and_then(|u| {
            u.host_str().map(|h| {
                format!(
                    "{h}{}",
                    u.port().map(|p| format!("_{p}")).unwrap_or_default()
                )
            })
        })
        .unwrap_or_else(|| server.to_owned());
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    data_dir
        .join("journal")
        .join(format!("{}@{}.sqlite3", clean(username), clean(&host)))
}

/// Every journal file in the data dir.
pub fn all_journals(data_dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(data_dir.join("journal"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "sqlite3"))
        .collect();
    out.sort();
    out
}
