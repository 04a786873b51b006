//! What can go wrong with the journal.

use std::path::PathBuf;
use thiserror::Error;

/// The cause is part of the text and deliberately not a `source` (a field of that name would
/// be one): error reports that print the chain would otherwise say it twice.
#[derive(Debug, Error)]
pub enum JournalError {
    #[error("journal {path}: {cause}")]
    Sql {
        path: PathBuf,
        cause: rusqlite::Error,
    },
    #[error("journal folder {path}: {cause}")]
    Io {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("no data folder for this user; set MT1_DATA_DIR")]
    NoDataDir,
    #[error("journal has no session {0}")]
    NoSession(i64),
}
