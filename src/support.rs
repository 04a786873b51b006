//! Support for officials and whoever helps them: what this build is, where its files are, a
//! log file per day (kept 14 days), a crash note when the app panics or native code crashes
//! (a fatal signal on Linux and macOS), said at the next start, the one running monitor per
//! computer, and opening a folder. Nothing here ever writes a token or a password: the log carries what `tracing`
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

/// A panic's note is written: an abort that follows it (a panic while panicking) is that
/// same crash, not a native one, and writes no second note.
static PANIC_NOTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

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
            PANIC_NOTED.store(true, std::sync::atomic::Ordering::SeqCst);
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

/// The one running monitor of a data folder (the user's, or `MT1_DATA_DIR`): held while the
/// window or `record` runs, released by the system when the process ends however it ends
/// (a crash, kill -9; Windows may take a moment to release it after a crash).
#[derive(Debug)]
pub struct InstanceLock {
    _file: std::fs::File,
}

/// Why the monitor cannot start a second time.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "mt1-monitor is already running on this computer (its window, or `record`): use that \
         one, or close it first. Two copies would journal and export the same session twice"
    )]
    AlreadyRunning,
    #[error("the lock file {path} cannot be used")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// Takes the data folder's lock (`running.lock`, with the holder's process id in it).
pub fn lock_instance(data_dir: &Path) -> Result<InstanceLock, LockError> {
    use std::io::Write;
    let path = data_dir.join("running.lock");
    let io = |source| LockError::Io {
        path: path.display().to_string(),
        source,
    };
    std::fs::create_dir_all(data_dir).map_err(io)?;
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&path)
        .map_err(io)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => return Err(LockError::AlreadyRunning),
        Err(std::fs::TryLockError::Error(e)) => return Err(io(e)),
    }
    // For whoever looks (on Linux and macOS; Windows locks the file's bytes against readers
    // too): which process holds it. The lock is what counts, not the text.
    let _ = file
        .set_len(0)
        .and_then(|()| writeln!(file, "{}", std::process::id()));
    Ok(InstanceLock { _file: file })
}

/// Linux and macOS: a crash in native code (a driver, a C library) ends the process with a
/// signal, not a panic; the same crash note is written for it, then the signal takes its
/// course (the process ends as it would have, with a core dump where the system keeps them).
#[cfg(unix)]
pub fn install_signal_note(dir: PathBuf) {
    signal_note::install(dir);
}

#[cfg(unix)]
mod signal_note {
    use std::os::unix::ffi::OsStrExt;
    use std::path::PathBuf;
    use std::sync::OnceLock;

    /// What the handler writes with, made before any signal: a handler may not allocate.
    struct Note {
        dir: Vec<u8>,
        build: String,
    }

    static NOTE: OnceLock<Note> = OnceLock::new();

    const SIGNALS: [(libc::c_int, &str); 5] = [
        (
            libc::SIGSEGV,
            "SIGSEGV (a memory access that is not allowed: native code, or a stack overflow)",
        ),
        (
            libc::SIGBUS,
            "SIGBUS (native code accessed memory the hardware could not reach)",
        ),
        (
            libc::SIGILL,
            "SIGILL (an instruction this processor does not have)",
        ),
        (libc::SIGFPE, "SIGFPE (an arithmetic fault in native code)"),
        (libc::SIGABRT, "SIGABRT (the program aborted)"),
    ];

    pub(super) fn install(dir: PathBuf) {
        let _ = std::fs::create_dir_all(&dir);
        let note = Note {
            dir: dir.as_os_str().as_bytes().to_vec(),
            build: super::build_line(),
        };
        if NOTE.set(note).is_err() {
            return;
        }
        for (signal, _) in SIGNALS {
            // SAFETY: a zeroed sigaction is a valid "no flags, empty mask" value; the handler
            // has the SA_SIGINFO signature. SA_RESETHAND puts the default action back before
            // the handler runs, so raising the signal again ends the process as it would have.
            unsafe {
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = handler as *const () as usize;
                action.sa_flags = libc::SA_SIGINFO | libc::SA_RESETHAND | libc::SA_ONSTACK;
                libc::sigemptyset(&mut action.sa_mask);
                libc::sigaction(signal, &action, std::ptr::null_mut());
            }
        }
    }

    extern "C" fn handler(signal: libc::c_int, _: *mut libc::siginfo_t, _: *mut libc::c_void) {
        let after_panic = super::PANIC_NOTED.load(std::sync::atomic::Ordering::SeqCst);
        if let (Some(note), false) = (NOTE.get(), signal == libc::SIGABRT && after_panic) {
            write_note(note, signal);
        }
        // SAFETY: raise is async-signal-safe; the default action is back (SA_RESETHAND).
        unsafe {
            libc::raise(signal);
        }
    }

    /// A path of at most this many bytes: the handler may run on the small alternate signal
    /// stack Rust sets up for stack overflows, so it keeps its own stack use to about 1 KiB.
    const PATH_MAX: usize = 1024;

    /// Writes `bytes` to `fd` (async-signal-safe).
    fn put(fd: libc::c_int, bytes: &[u8]) {
        // SAFETY: fd is open; the slice is valid for its length.
        unsafe {
            libc::write(fd, bytes.as_ptr().cast(), bytes.len());
        }
    }

    /// `value` in `width` (≤ 4) digits, zero-padded, into `out`.
    fn digits(out: &mut [u8], value: i64, width: usize) {
        let mut v = value.unsigned_abs();
        for k in (0..width).rev() {
            out[k] = b'0' + (v % 10) as u8;
            v /= 10;
        }
    }

    /// Only async-signal-safe calls (time, open, write, close) and no allocation: the note
    /// `crash-YYYYMMDD-HHMMSS.txt` (UTC), named as a panic's note is, so the next start says it.
    fn write_note(note: &Note, signal: libc::c_int) {
        // SAFETY: time(NULL) only returns the time.
        let now = unsafe { libc::time(std::ptr::null_mut()) } as i64;
        let (year, month, day) = crate::model::civil::civil_from_days(now.div_euclid(86_400));
        let secs = now.rem_euclid(86_400);
        let mut stamp = *b"YYYYMMDD-HHMMSS";
        digits(&mut stamp[0..4], year, 4);
        digits(&mut stamp[4..6], i64::from(month), 2);
        digits(&mut stamp[6..8], i64::from(day), 2);
        digits(&mut stamp[9..11], secs / 3600, 2);
        digits(&mut stamp[11..13], secs / 60 % 60, 2);
        digits(&mut stamp[13..15], secs % 60, 2);
        let prefix = &note.dir;
        let mut path = [0u8; PATH_MAX + 32];
        if prefix.len() > PATH_MAX {
            return;
        }
        let mut len = 0;
        for part in [prefix.as_slice(), b"/crash-", &stamp, b".txt"] {
            path[len..len + part.len()].copy_from_slice(part);
            len += part.len();
        }
        // The byte after the path is still 0: it ends the C string.
        // SAFETY: a NUL-terminated path; the flags and mode are plain constants.
        let fd = unsafe {
            libc::open(
                path.as_ptr().cast(),
                // Never over a note already there (a panic's, the same second).
                libc::O_WRONLY | libc::O_CREAT | libc::O_EXCL,
                0o644,
            )
        };
        if fd < 0 {
            return;
        }
        let what = SIGNALS
            .iter()
            .find(|(s, _)| *s == signal)
            .map_or("a fatal signal", |(_, w)| w);
        for part in [
            b"mt1-monitor crashed\ntime: ".as_slice(),
            &stamp,
            b" UTC\nbuild: ",
            note.build.as_bytes(),
            b"\nwhat: the signal ",
            what.as_bytes(),
            b"\nwhere: native code (no Rust panic); see the log of that day\nlogs: ",
            prefix,
            b"\nPlease send this note and the log of that day to whoever supports you.\n",
        ] {
            put(fd, part);
        }
        // SAFETY: fd is open.
        unsafe {
            libc::close(fd);
        }
    }
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
