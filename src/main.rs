//! The binary edge: the command line, logging and exit codes (anyhow lives here and in
//! `cli/`, the commands, one file each).
// Windows: a window app, without a console window of its own (see `attach_parent_console`).
#![cfg_attr(windows, windows_subsystem = "windows")]

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

mod cli;

use mt1_monitor::export::preset::Preset;
use mt1_monitor::export::CsvFormat;
use mt1_monitor::journal::listing::{self, SessionRef};
use mt1_monitor::mt1::account::Credentials;
use mt1_monitor::mt1::rest::DEFAULT_SERVER;
use mt1_monitor::record::RecordOptions;
use mt1_monitor::session::SessionTiming;
use mt1_monitor::support;
use mt1_monitor::ui::renderer::Renderer;
use mt1_monitor::ui::ReplayRequest;

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
    Sim {
        #[arg(long, default_value_t = 8480)]
        port: u16,
        /// Serve the API only; produce no triggers.
        #[arg(long)]
        quiet: bool,
        /// Play a journalled session's impulses as the race (`latest` or a session number):
        /// training on a real race.
        #[arg(long)]
        from_journal: Option<SessionRef>,
    },
    /// Record every trigger to a CSV without the GUI. The password comes from MT1_PASSWORD or a prompt.
    Record {
        #[arg(long, default_value = DEFAULT_SERVER)]
        server: String,
        #[arg(long)]
        username: String,
        #[arg(long)]
        csv: PathBuf,
        /// `all`, or device ids separated by commas.
        #[arg(long, default_value = "all")]
        devices: String,
        /// `now`, or an RFC 3339 time: history is read from then on.
        #[arg(long, default_value = "now")]
        since: String,
        /// Stop after this many seconds (default: until Ctrl-C).
        #[arg(long)]
        duration: Option<u64>,
        /// Continue the account's latest journal session instead of starting a new one
        /// (after a crash: the gap is read from history; nothing is announced twice).
        #[arg(long = "continue")]
        continue_session: bool,
    },
    /// Benchmark: sign in to a simulator, ask it for a burst of COUNT triggers and report the
    /// session's ingest rate (see BENCHMARKS.md).
    #[command(hide = true)]
    BenchSession {
        #[arg(long)]
        server: String,
        #[arg(long, default_value_t = 200_000)]
        count: usize,
    },
    /// Play the start tone, the finish tone and the alarm on this computer's audio output,
    /// and say whether they could play.
    SoundCheck,
    /// List the journal's sessions (all accounts, or one with --account USER@HOST).
    Sessions {
        #[arg(long)]
        account: Option<String>,
    },
    /// Export a journal session to CSV without the GUI.
    Export {
        /// `latest` or a session number from `sessions`.
        #[arg(long, default_value = "latest")]
        session: SessionRef,
        #[arg(long)]
        csv: PathBuf,
        #[arg(long)]
        account: Option<String>,
        /// `;`-separated with a UTF-8 BOM, for Excel in European locales (classic columns).
        #[arg(long)]
        excel: bool,
        /// `full`, `excel` or `race-horology` (see the README); without it, the classic
        /// columns of `record`. A manifest is written beside the file either way.
        #[arg(long)]
        preset: Option<String>,
        /// Also write the timing tape (PDF) beside the file.
        #[arg(long)]
        tape: bool,
    },
    /// Replay a journalled session in the window, read-only, through the same decoder and
    /// book as the live session: what the screen showed at any moment (time slider).
    Replay {
        /// `latest` or a session number from `sessions`.
        #[arg(long, default_value = "latest")]
        session: SessionRef,
        #[arg(long)]
        account: Option<String>,
        /// 1 for true speed, 10 for ten times faster.
        #[arg(long, default_value_t = 1.0)]
        speed: f32,
        /// Start at this local time of day (HH:MM:SS).
        #[arg(long)]
        from: Option<String>,
    },
    /// Panics on purpose: checks that the crash note is written and reported (tests, support).
    #[command(hide = true)]
    Crash,
    /// Check an exported file against its manifest: says what differs (exit 1), or that it
    /// is as exported.
    Verify { file: PathBuf },
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
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("mt1-monitor: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<ExitCode> {
    let started = std::time::Instant::now();
    #[cfg(windows)]
    attach_parent_console();
    let cli = Cli::parse();
    let log_dir = support::log_dir();
    // Commands that print their own answer keep the terminal to it.
    let quiet = !cli.verbose
        && matches!(
            cli.command,
            Some(
                Command::Verify { .. }
                    | Command::Sessions { .. }
                    | Command::Export { .. }
                    | Command::SoundCheck
            )
        );
    let _log_guard = init_logging(log_dir.as_deref(), quiet);
    if let Some(dir) = &log_dir {
        support::install_crash_hook(dir.clone());
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
    if cli.diagnose {
        let server = cli.server.as_deref().unwrap_or(DEFAULT_SERVER);
        return runtime.block_on(cli::diagnose::run(server, log_dir.as_deref(), cli.renderer));
    }
    let Some(command) = cli.command else {
        let gui = cli::gui::GuiStart {
            demo: cli.demo,
            replay: None,
            bench_startup: cli.bench_startup.then_some(started),
            crashed,
            server: cli.server,
            renderer: cli.renderer,
        };
        return cli::gui::run_gui(gui, &runtime);
    };
    if let Command::Replay {
        session,
        account,
        speed,
        from,
    } = command
    {
        let dir = mt1_monitor::journal::data_dir()?;
        let (journal, info) = listing::find(&dir, session, account.as_deref())?;
        let from_seconds = from.as_deref().map(cli::parse_time_of_day).transpose()?;
        let request = ReplayRequest {
            journal,
            session: info.id,
            account: info.username,
            server: info.server,
            speed,
            from_seconds,
        };
        let gui = cli::gui::GuiStart {
            demo: false,
            replay: Some(request),
            bench_startup: None,
            crashed,
            server: None,
            renderer: cli.renderer,
        };
        return cli::gui::run_gui(gui, &runtime);
    }
    runtime.block_on(async {
        match command {
            Command::Sim {
                port,
                quiet,
                from_journal,
            } => cli::sim::run_sim(port, quiet, from_journal)
                .await
                .map(|()| ExitCode::SUCCESS),
            Command::Record {
                server,
                username,
                csv,
                devices,
                since,
                duration,
                continue_session,
            } => {
                let opts = RecordOptions {
                    devices: cli::record::parse_devices(&devices)?,
                    since_ms: Some(cli::record::parse_since(&since)?),
                    credentials: Credentials {
                        password: cli::record::password(&username)?,
                        username,
                    },
                    server,
                    csv,
                    duration: duration.map(Duration::from_secs),
                    timing: SessionTiming::default(),
                    continue_session,
                };
                cli::record::run_record(opts).await
            }
            Command::Sessions { account } => cli::journal::list_sessions(account.as_deref()),
            Command::SoundCheck => cli::sound::sound_check().await,
            Command::BenchSession { server, count } => {
                cli::bench::bench_session(&server, count).await
            }
            Command::Export {
                session,
                csv,
                account,
                excel,
                preset,
                tape,
            } => {
                let format = if excel {
                    CsvFormat::EXCEL_EUROPE
                } else {
                    CsvFormat::STANDARD
                };
                let preset = match preset.as_deref() {
                    None => None,
                    Some(name) => Some(Preset::parse(name).ok_or_else(|| {
                        anyhow::anyhow!("unknown preset {name:?}: use full, excel or race-horology")
                    })?),
                };
                let dir = mt1_monitor::journal::data_dir()?;
                let (info, delivered) = listing::export(
                    &dir,
                    session,
                    account.as_deref(),
                    &csv,
                    format,
                    preset.as_ref(),
                    tape,
                )?;
                for (file, n) in &delivered.files {
                    println!(
                        "exported session {} ({}): {n} trigger(s) to {}",
                        info.id,
                        info.username,
                        file.display()
                    );
                }
                println!("manifest: {}", delivered.manifest.display());
                Ok(ExitCode::SUCCESS)
            }
            Command::Replay { .. } => Ok(ExitCode::SUCCESS), // handled above (the window)
            Command::Crash => panic!("a crash on purpose (mt1-monitor crash)"),
            Command::Verify { file } => {
                let differences = mt1_monitor::export::manifest::verify(&file)?;
                if differences.is_empty() {
                    println!(
                        "{} is as exported (its SHA-256 matches the manifest)",
                        file.display()
                    );
                    Ok(ExitCode::SUCCESS)
                } else {
                    for d in differences {
                        println!("{d}");
                    }
                    Ok(ExitCode::FAILURE)
                }
            }
        }
    })
}
