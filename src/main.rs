//! The binary edge, as ripgrep's: set up (command line, logging, crash note, runtime), then
//! one line per command into `cli/`, one file each with its own arguments. anyhow lives here
//! and in `cli/`.
// Windows: a window app, without a console window of its own (see `attach_parent_console`).
#![cfg_attr(windows, windows_subsystem = "windows")]

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use std::process::ExitCode;

mod cli;

use mt1_monitor::support;
use mt1_monitor::ui::app::renderer::Renderer;

/// Live monitor and recorder for ALGE-Timing MT1 device triggers (ALGE Results).
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// Open the app already following the built-in simulator (no account needed).
    #[arg(long)]
    demo: bool,
    /// Print the time from process start to the first painted frame, then exit.
    #[arg(long, hide = true)]
    bench_startup: bool,
    /// Print what support needs (version, platform, folders, keychain, audio, whether the
    /// server answers) and exit.
    #[arg(long)]
    diagnose: bool,
    /// The server `--diagnose` asks, and the one the sign-in form starts with (default:
    /// ALGE Results, or the last one signed in to).
    #[arg(long)]
    server: Option<String>,
    /// The graphics API that draws the window (default: the platform's order, each tried
    /// until one works: dx12, vulkan, gl on Windows; metal, gl on macOS; vulkan, gl elsewhere).
    #[arg(long, env = "MT1_RENDERER", value_enum)]
    renderer: Option<Renderer>,
    /// Log lines on the terminal for every command (`verify`, `sessions`, `export` and
    /// `sound-check` otherwise print only their answer; the log file has everything).
    #[arg(short, long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the MT1 simulator on 127.0.0.1 (accounts demo/demo and basic/basic).
    Sim(cli::sim::SimArgs),
    /// Record every trigger to a CSV without the GUI. The password comes from MT1_PASSWORD or a prompt.
    Record(cli::record::RecordArgs),
    /// Benchmark: sign in to a simulator, ask it for a burst of COUNT triggers and report the
    /// session's ingest rate (see BENCHMARKS.md).
    #[command(hide = true)]
    BenchSession(cli::bench::BenchArgs),
    /// Play the start tone, the finish tone and the alarm on this computer's audio output,
    /// and say whether they could play.
    SoundCheck,
    /// List the journal's sessions (all accounts, or one with --account USER@HOST).
    Sessions(cli::journal::SessionsArgs),
    /// Export a journal session to CSV without the GUI.
    Export(cli::journal::ExportArgs),
    /// Replay a journalled session in the window, read-only, through the same decoder and
    /// book as the live session: what the screen showed at any moment (time slider).
    Replay(cli::gui::ReplayArgs),
    /// Crashes on purpose: checks that the crash note is written and reported (tests, support).
    #[command(hide = true)]
    Crash(cli::CrashArgs),
    /// Check an exported file against its manifest: says what differs (exit 1), or that it
    /// is as exported.
    Verify(cli::journal::VerifyArgs),
}

impl Command {
    /// Commands that print their own answer keep the terminal to it (no log lines).
    fn prints_its_answer(&self) -> bool {
        matches!(
            self,
            Command::Verify(_) | Command::Sessions(_) | Command::Export(_) | Command::SoundCheck
        )
    }
}

// The live path allocates a few small blocks per trigger on one worker and frees them on
// another (the channel hands rows across); mimalloc's per-thread heaps take that without the
// arena locks and consolidation glibc's malloc spent ~15 % of the session's time in.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Logging to stderr and, when there is a log folder, to a file per day kept for
/// [`support::LOG_DAYS`] days. The guard flushes the file on exit. `quiet`: the terminal gets
/// errors only (a command that prints its own answer).
fn init_logging(
    dir: Option<&std::path::Path>,
    quiet: bool,
) -> Option<tracing_appender::non_blocking::WorkerGuard> {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    use tracing_subscriber::Layer;
    // The sound crate's reactor says "Client disconnected" at ERROR each time a sound's
    // connection closes, as every sound's does: not an error of this app.
    const NOT_ERRORS: &str = "pulseaudio::client::reactor=off";
    let filter = || {
        tracing_subscriber::EnvFilter::try_from_default_env()
            .unwrap_or_else(|_| format!("info,hyper=warn,reqwest=warn,{NOT_ERRORS}").into())
    };
    let stderr_filter = if quiet {
        tracing_subscriber::EnvFilter::new(format!("error,{NOT_ERRORS}"))
    } else {
        filter()
    };
    let stderr = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        // Colour only on a terminal: a pipe or a log file gets plain text.
        .with_ansi(colour_on_stderr())
        .with_filter(stderr_filter);
    let appender = dir.and_then(|dir| {
        std::fs::create_dir_all(dir).ok()?;
        tracing_appender::rolling::Builder::new()
            .rotation(tracing_appender::rolling::Rotation::DAILY)
            .filename_prefix("mt1-monitor")
            .filename_suffix("log")
            .max_log_files(support::LOG_DAYS)
            .build(dir)
            .ok()
    });
    let (file, guard) = match appender {
        Some(a) => {
            let (writer, guard) = tracing_appender::non_blocking(a);
            (
                Some(
                    tracing_subscriber::fmt::layer()
                        .with_ansi(false)
                        .with_writer(writer)
                        .with_filter(filter()),
                ),
                Some(guard),
            )
        }
        None => (None, None),
    };
    tracing_subscriber::registry()
        .with(stderr)
        .with(file)
        .init();
    guard
}

/// Whether log lines on stderr may carry ANSI colour: only on a terminal, and never when
/// `NO_COLOR` is set (<https://no-color.org>).
fn colour_on_stderr() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Windows: the commands' output goes to the terminal the app was started from, if any (a
/// window app has no console of its own; started from the Start menu it needs none).
#[cfg(windows)]
fn attach_parent_console() {
    use windows_sys::Win32::System::Console::{AttachConsole, ATTACH_PARENT_PROCESS};
    // SAFETY: plain Win32 call with a documented constant; failure (no parent console) is fine.
    unsafe {
        AttachConsole(ATTACH_PARENT_PROCESS);
    }
}

/// Errors end here, said once with their causes (`{:#}`), never as a backtrace.
fn main() -> ExitCode {
    match set_up().and_then(|(cli, env)| run(cli, &env)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("mt1-monitor: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The command line, logging, the crash hook and note, and the runtime.
fn set_up() -> Result<(Cli, cli::Env)> {
    let started = std::time::Instant::now();
    #[cfg(windows)]
    attach_parent_console();
    let cli = Cli::parse();
    let log_dir = support::log_dir();
    let quiet = !cli.verbose && cli.command.as_ref().is_some_and(Command::prints_its_answer);
    let log_guard = init_logging(log_dir.as_deref(), quiet);
    if let Some(dir) = &log_dir {
        support::install_crash_hook(dir.clone());
        #[cfg(unix)]
        support::install_signal_note(dir.clone());
    }
    tracing::info!("{}", support::build_line());
    // The last run crashed: said once, here and in the window.
    let crashed = log_dir.as_deref().and_then(support::unreported_crash);
    if let Some(note) = &crashed {
        eprintln!(
            "the last run of mt1-monitor crashed; its note is {}",
            note.display()
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let env = cli::Env {
        runtime,
        log_dir,
        crashed,
        started,
        renderer: cli.renderer,
        _log_guard: log_guard,
    };
    Ok((cli, env))
}

/// One line per command.
fn run(cli: Cli, env: &cli::Env) -> Result<ExitCode> {
    match cli.command {
        _ if cli.diagnose => cli::diagnose::run(cli.server.as_deref(), env),
        None => cli::gui::run(
            cli::gui::window(cli.demo, cli.bench_startup, cli.server, env),
            env,
        ),
        Some(Command::Replay(args)) => cli::gui::replay(args, env),
        Some(Command::Sim(args)) => cli::sim::run(args, env),
        Some(Command::Record(args)) => cli::record::run(args, env),
        Some(Command::BenchSession(args)) => cli::bench::run(args, env),
        Some(Command::SoundCheck) => cli::sound::run(env),
        Some(Command::Sessions(args)) => cli::journal::sessions(args),
        Some(Command::Export(args)) => cli::journal::export(args),
        Some(Command::Verify(args)) => cli::journal::verify(args),
        Some(Command::Crash(args)) => cli::crash(args),
    }
}
