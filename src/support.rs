//! Support for officials and whoever helps them: what this build is, where its files are, a
//! log file per day (kept 14 days), and a crash note when the app panics, said at the next
//! start. Nothing here ever writes a token or a password: the log carries what `tracing`
//! is given, and nothing in the app logs either.

use std::path::{Path, PathBuf};

/// This build: version, git commit, build date, target.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
pub const GIT_COMMIT: &str = env!("MT1_GIT_COMMIT");
pub const BUILD_DATE: &str = env!("MT1_BUILD_DATE");
pub const TARGET: &str = env!("MT1_TARGET");

/// The app's id (desktop entry, window class, macOS bundle id).
pub const APP_ID: &str = "com.alge-timing.mt1-monitor";

/// How many daily log files are kept.
pub const LOG_DAYS: usize = 14;

/// One line: `mt1-monitor 0.1.0 (abc123, 2026-11-30, x86_64-unknown-linux-gnu)`.
pub fn build_line() -> String {
    format!("mt1-monitor {VERSION} ({GIT_COMMIT}, {BUILD_DATE}, {TARGET})")
}

/// Where logs and crash notes go: `$MT1_DATA_DIR/logs` when set; otherwise the platform's
/// place for them (`~/Library/Logs/mt1-monitor` on macOS, the data folder's `logs` elsewhere).
pub fn log_dir() -> Option<PathBuf> {
    #[cfg(target_os = "macos")]
    if std::env::var_os("MT1_DATA_DIR").is_none() {
        return directories::BaseDirs::new().map(|d| d.home_dir().join("Library/Logs/mt1-monitor"));
    }
    crate::journal::data_dir().ok().map(|dir| dir.join("logs"))
}

/// Writes a crash note beside the log: time, version, what panicked and where, and the log
/// folder. Returns its path.
pub fn write_crash_note(dir: &Path, message: &str, location: &str) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let now = chrono::Utc::now();
    let path = dir.join(format!("crash-{}.txt", now.format("%Y%m%d-%H%M%S")));
    let text = format!(
        "mt1-monitor crashed\ntime: {}\nbuild: {}\nwhat: {message}\nwhere: {location}\nlogs: {}\n\
         Please send this note and the log of that day to whoever supports you.\n",
        now.to_rfc3339(),
        build_line(),
        dir.display()
    );
    std::fs::write(&path, text)?;
    Ok(path)
}

/// Installs the panic hook that writes the crash note (then the default hook runs as before).
pub fn install_crash_hook(dir: PathBuf) {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".into());
        let location = info.location().map_or_else(
            || "unknown".into(),
            |l| format!("{}:{}", l.file(), l.line()),
        );
        if let Ok(note) = write_crash_note(&dir, &message, &location) {
            eprintln!("mt1-monitor crashed; a note is at {}", note.display());
        }
        default(info);
    }));
}

/// The newest crash note not yet reported, and marks it reported: the next start says once
/// that the last run crashed and where the note is.
pub fn unreported_crash(dir: &Path) -> Option<PathBuf> {
    let newest = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("crash-") && n.ends_with(".txt"))
        })
        .max()?;
    let marker = dir.join("last-crash-reported");
    let name = newest.file_name()?.to_string_lossy().into_owned();
    if std::fs::read_to_string(&marker).is_ok_and(|m| m.trim() == name) {
        return None;
    }
    let _ = std::fs::write(&marker, &name);
    Some(newest)
}

/// Why a folder did not open in the file manager.
#[derive(Debug, thiserror::Error)]
pub enum FolderError {
    #[error("the folder could not be made")]
    Create(#[source] std::io::Error),
    #[error("no program that opens folders is installed ({0})")]
    NoOpener(&'static str, #[source] std::io::Error),
    #[error("no file manager answered ({0} ended with code {1})")]
    NoAnswer(&'static str, i32),
    #[error("the folder could not be opened")]
    Open(#[source] opener::OpenError),
}

/// How long `xdg-open` may take to say that nothing can open a folder. One still running
/// after this has handed the folder to a file manager (it may wait for that to close).
#[cfg(all(unix, not(target_os = "macos")))]
const OPENER_ANSWERS_WITHIN: std::time::Duration = std::time::Duration::from_secs(3);

/// Opens `dir` (made first if missing) in the file manager. Blocks for up to a few seconds:
/// call it off the UI thread. On Linux `xdg-open` is run and its answer read, since a
/// system without a file manager only says so in its exit code.
pub fn open_folder(dir: &Path) -> Result<(), FolderError> {
    std::fs::create_dir_all(dir).map_err(FolderError::Create)?;
    #[cfg(all(unix, not(target_os = "macos")))]
    return run_opener("xdg-open", dir);
    #[cfg(not(all(unix, not(target_os = "macos"))))]
    opener::open(dir).map_err(FolderError::Open)
}

/// Runs `program dir` and reads its answer for a few seconds.
#[cfg(all(unix, not(target_os = "macos")))]
fn run_opener(program: &'static str, dir: &Path) -> Result<(), FolderError> {
    let mut child = std::process::Command::new(program)
        .arg(dir)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| FolderError::NoOpener(program, e))?;
    let asked = std::time::Instant::now();
    while asked.elapsed() < OPENER_ANSWERS_WITHIN {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => {
                return Err(FolderError::NoAnswer(program, status.code().unwrap_or(-1)))
            }
            Ok(None) => std::thread::sleep(std::time::Duration::from_millis(50)),
            Err(_) => return Ok(()),
        }
    }
    // Still running: a file manager has it. Reaped when it ends.
    std::thread::spawn(move || child.wait());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crash_note_is_reported_once() {
        let dir = tempfile::tempdir().expect("tmp");
        assert_eq!(unreported_crash(dir.path()), None);
        let note = write_crash_note(dir.path(), "index out of bounds", "src/x.rs:3").expect("note");
        let text = std::fs::read_to_string(&note).expect("read");
        assert!(text.contains("index out of bounds") && text.contains("src/x.rs:3"));
        assert!(text.contains(VERSION));
        assert_eq!(unreported_crash(dir.path()), Some(note));
        assert_eq!(unreported_crash(dir.path()), None, "said once");
    }

    #[test]
    #[cfg(all(unix, not(target_os = "macos")))]
    fn a_folder_that_nothing_opens_says_why() {
        let dir = tempfile::tempdir().expect("tmp");
        assert!(run_opener("true", dir.path()).is_ok());
        let e = run_opener("false", dir.path()).expect_err("false ends with code 1");
        assert_eq!(
            e.to_string(),
            "no file manager answered (false ended with code 1)"
        );
        let e = run_opener("mt1-no-such-opener", dir.path()).expect_err("missing");
        assert!(matches!(e, FolderError::NoOpener(..)), "{e}");
        let e = open_folder(Path::new("/proc/mt1-cannot-make")).expect_err("made");
        assert!(matches!(e, FolderError::Create(_)), "{e}");
    }
}
