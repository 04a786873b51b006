//! The binary's commands, one file each with its clap `Args`; `main.rs` parses the command
//! line, sets up and dispatches.

use std::path::PathBuf;

use mt1_monitor::ui::app::renderer::Renderer;

/// What every command may use: made once by `main`.
pub(crate) struct Env {
    pub runtime: tokio::runtime::Runtime,
    /// Where logs and crash notes go (`None`: the platform has no place for them).
    pub log_dir: Option<PathBuf>,
    /// The last run crashed: its note (said once, in the window too).
    pub crashed: Option<PathBuf>,
    /// The process start (the startup benchmark).
    pub started: std::time::Instant,
    /// Support's choice of graphics API (`--renderer`, `MT1_RENDERER`).
    pub renderer: Option<Renderer>,
    /// Flushes the log file when the process ends.
    pub _log_guard: Option<tracing_appender::non_blocking::WorkerGuard>,
}

pub(crate) mod bench;
pub(crate) mod diagnose;
pub(crate) mod gui;
pub(crate) mod journal;
pub(crate) mod record;
pub(crate) mod sim;
pub(crate) mod sound;

/// `HH:MM:SS` (or `HH:MM`) as seconds past midnight.
pub(crate) fn parse_time_of_day(s: &str) -> anyhow::Result<u32> {
    let parts: Vec<&str> = s.split(':').collect();
    let num = |i: usize, max: u32| -> anyhow::Result<u32> {
        let v: u32 = parts
            .get(i)
            .map_or(Ok(0), |p| p.parse())
            .map_err(|_| anyhow::anyhow!("{s:?} is not a time of day (HH:MM:SS)"))?;
        anyhow::ensure!(v < max, "{s:?} is not a time of day (HH:MM:SS)");
        Ok(v)
    };
    anyhow::ensure!(
        (2..=3).contains(&parts.len()),
        "{s:?} is not a time of day (HH:MM:SS)"
    );
    Ok(num(0, 24)? * 3600 + num(1, 60)? * 60 + num(2, 60)?)
}

#[derive(clap::Args)]
pub(crate) struct CrashArgs {
    /// Crash as native code does, with SIGSEGV (Linux and macOS), not with a Rust panic.
    #[arg(long)]
    signal: bool,
}

/// `mt1-monitor crash` (hidden): a panic, or a fatal signal, on purpose. The panic names
/// where the command was dispatched (`main.rs`), as before the commands had files.
#[track_caller]
pub(crate) fn crash(args: CrashArgs) -> anyhow::Result<std::process::ExitCode> {
    #[cfg(unix)]
    if args.signal {
        // SAFETY: raising a signal is defined; its handler writes the note and ends the process.
        unsafe {
            libc::raise(libc::SIGSEGV);
        }
    }
    #[cfg(not(unix))]
    anyhow::ensure!(!args.signal, "--signal is for Linux and macOS");
    panic!("a crash on purpose (mt1-monitor crash)")
}

/// Takes the one-monitor lock in the data folder (the window and `record`). An error only
/// when another monitor holds it; a lock that cannot be used at all (no data folder, a
/// read-only one) is logged and the monitor starts without it, as it did before there was
/// one: the journal then says what is wrong with the folder.
pub(crate) fn lock_instance() -> anyhow::Result<Option<mt1_monitor::support::InstanceLock>> {
    use mt1_monitor::support::{lock_instance, LockError};
    let dir = match mt1_monitor::journal::data_dir() {
        Ok(dir) => dir,
        Err(e) => {
            tracing::warn!("no data folder for the one-monitor lock: {e}");
            return Ok(None);
        }
    };
    match lock_instance(&dir) {
        Ok(lock) => Ok(Some(lock)),
        Err(LockError::AlreadyRunning) => Err(LockError::AlreadyRunning.into()),
        Err(e) => {
            tracing::warn!("{}", mt1_monitor::mt1::net_error::with_causes(&e));
            Ok(None)
        }
    }
}
