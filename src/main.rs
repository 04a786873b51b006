//! The binary edge: command line, logging, password prompt, exit codes (anyhow lives here only).

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use mt1_monitor::export::CsvFormat;
use mt1_monitor::journal::listing::{self, SessionRef};
use mt1_monitor::model::time::{now_ticks, ticks_to_millis};
use mt1_monitor::model::trigger::is_device_id;
use mt1_monitor::mt1::account::Credentials;
use mt1_monitor::mt1::rest::DEFAULT_SERVER;
use mt1_monitor::record::{self, RecordError, RecordOptions};
use mt1_monitor::session::{DeviceSelection, SessionTiming};
use mt1_monitor::sim::{Rhythm, SimConfig, Simulator};
use mt1_monitor::storage::TokenStore;
use mt1_monitor::ui::{AppOptions, MonitorApp, Settings};

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
        /// `;`-separated with a UTF-8 BOM, for Excel in European locales.
        #[arg(long)]
        excel: bool,
    },
}

fn parse_devices(s: &str) -> Result<DeviceSelection> {
    if s.trim().eq_ignore_ascii_case("all") {
        return Ok(DeviceSelection::All);
    }
    let ids: Vec<String> = s
        .split(',')
        .map(|d| d.trim().to_owned())
        .filter(|d| !d.is_empty())
        .collect();
    if ids.is_empty() || !ids.iter().all(|d| is_device_id(d)) {
        bail!("--devices takes `all` or MT1 device ids (digits) separated by commas");
    }
    Ok(DeviceSelection::Only(ids))
}

fn parse_since(s: &str) -> Result<i64> {
    if s.trim().eq_ignore_ascii_case("now") {
        return Ok(ticks_to_millis(now_ticks()));
    }
    let t = chrono::DateTime::parse_from_rfc3339(s.trim())
        .with_context(|| format!("--since {s:?} is neither `now` nor an RFC 3339 time"))?;
    Ok(t.timestamp_millis())
}

fn password(username: &str) -> Result<String> {
    if let Ok(p) = std::env::var("MT1_PASSWORD") {
        return Ok(p);
    }
    rpassword::prompt_password(format!("ALGE Results password for {username}: "))
        .context("no password: set MT1_PASSWORD or run in a terminal")
}

async fn ctrl_c() {
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}

async fn run_sim(port: u16, quiet: bool) -> Result<()> {
    let mut sim = Simulator::start(SimConfig::default(), port)
        .await
        .with_context(|| format!("cannot listen on 127.0.0.1:{port}"))?;
    if !quiet {
        sim.start_rhythm(Rhythm::default());
    }
    println!(
        "MT1 simulator on {} (accounts demo/demo, basic/basic); Ctrl-C stops it",
        sim.base_url()
    );
    ctrl_c().await;
    Ok(())
}

async fn run_record(opts: RecordOptions) -> Result<ExitCode> {
    match record::run(opts, ctrl_c()).await {
        Ok(summary) => {
            println!(
                "recorded {} trigger(s), {} recovered from history, {} problem(s) reported",
                summary.triggers, summary.recovered, summary.problems
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(RecordError::MissingRole) => {
            eprintln!(
                "warning: {}",
                mt1_monitor::mt1::account::MISSING_ROLE_WARNING
            );
            Ok(ExitCode::from(3))
        }
        Err(e) => Err(e.into()),
    }
}

/// The desktop app; eframe owns the main thread, the runtime serves the background work.
fn run_gui(
    demo: bool,
    bench_startup: Option<std::time::Instant>,
    runtime: &tokio::runtime::Runtime,
) -> Result<ExitCode> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("MT1 Monitor")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([760.0, 480.0]),
        ..Default::default()
    };
    let handle = runtime.handle().clone();
    let token_store = match TokenStore::platform() {
        Ok(s) => Some(s),
        Err(e) => {
            tracing::warn!("sign-in will not be remembered: {e}");
            None
        }
    };
    eframe::run_native(
        "mt1-monitor",
        options,
        Box::new(move |cc| {
            let app_options = AppOptions {
                demo,
                token_store,
                export_path: None,
                settings: Settings::default(),
                journal_dir: None,
                bench_startup,
            };
            Ok(Box::new(MonitorApp::new(
                handle,
                app_options,
                cc.storage,
                &cc.egui_ctx,
            )))
        }),
    )
    .map_err(|e| anyhow::anyhow!("the window could not open: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

async fn bench_session(server: &str, count: usize) -> Result<ExitCode> {
    use mt1_monitor::session::{self, ConnectionState, SessionConfig, SessionEvent};
    let client = mt1_monitor::mt1::rest::Mt1Client::new(server)?;
    let signed_in = client.login("demo", "demo").await?;
    let config = SessionConfig {
        devices: DeviceSelection::Only(vec![mt1_monitor::sim::DEMO_FINISH.into()]),
        channels: vec![1],
        since_ms: Some(ticks_to_millis(now_ticks())),
        ..SessionConfig::new(server, signed_in.token, signed_in.user, None)
    };
    let mut h = session::spawn(config, None, &tokio::runtime::Handle::current())?;
    while let Some(e) = h.events.recv().await {
        if matches!(e, SessionEvent::Connection(ConnectionState::Live)) {
            break;
        }
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    reqwest::Client::new()
        .post(format!("{server}/sim/burst?count={count}"))
        .send()
        .await
        .context("asking the simulator for a burst")?;
    let (mut n, mut first) = (0usize, None);
    while n < count {
        match tokio::time::timeout(Duration::from_secs(60), h.events.recv()).await {
            Ok(Some(SessionEvent::Triggers(batch))) => {
                first.get_or_insert_with(std::time::Instant::now);
                n += batch.len();
            }
            Ok(Some(_)) => {}
            _ => bail!("only {n} of {count} triggers arrived"),
        }
    }
    let secs = first.map_or(0.0, |f| f.elapsed().as_secs_f64());
    println!(
        "mt1-monitor session: {count} triggers in {secs:.3} s = {:.0} triggers/s",
        (count - 1) as f64 / secs
    );
    h.shutdown().await;
    Ok(ExitCode::SUCCESS)
}

fn list_sessions(account: Option<&str>) -> Result<ExitCode> {
    let dir = mt1_monitor::journal::data_dir()?;
    let sessions = listing::list(&dir, account)?;
    if sessions.is_empty() {
        println!("no sessions in {}", dir.join("journal").display());
    }
    for (path, s) in sessions {
        let when = |t: i64| {
            chrono::DateTime::<chrono::Local>::from(mt1_monitor::model::time::ticks_to_system_time(
                t,
            ))
            .format("%Y-%m-%d %H:%M:%S")
            .to_string()
        };
        let account = path
            .file_stem()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let end = s
            .ended
            .map_or_else(|| "not closed (running, or killed)".to_owned(), when);
        println!(
            "{:>4}  {account}  started {}  ended {end}  {} trigger(s)",
            s.id,
            when(s.started),
            s.triggers
        );
    }
    Ok(ExitCode::SUCCESS)
}

// The live path allocates a few small blocks per trigger on one worker and frees them on
// another (the channel hands rows across); mimalloc's per-thread heaps take that without the
// arena locks and consolidation glibc's malloc spent ~15 % of the session's time in.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Whether log lines on stderr may carry ANSI colour: only on a terminal, and never when
/// `NO_COLOR` is set (<https://no-color.org>).
fn colour_on_stderr() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn main() -> Result<ExitCode> {
    let started = std::time::Instant::now();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,hyper=warn,reqwest=warn".into()),
        )
        .with_writer(std::io::stderr)
        // Colour only on a terminal: a pipe or a log file gets plain text.
        .with_ansi(colour_on_stderr())
        .init();
    let cli = Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let Some(command) = cli.command else {
        return run_gui(cli.demo, cli.bench_startup.then_some(started), &runtime);
    };
    runtime.block_on(async {
        match command {
            Command::Sim { port, quiet } => run_sim(port, quiet).await.map(|()| ExitCode::SUCCESS),
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
                    devices: parse_devices(&devices)?,
                    since_ms: Some(parse_since(&since)?),
                    credentials: Credentials {
                        password: password(&username)?,
                        username,
                    },
                    server,
                    csv,
                    duration: duration.map(Duration::from_secs),
                    timing: SessionTiming::default(),
                    continue_session,
                };
                run_record(opts).await
            }
            Command::Sessions { account } => list_sessions(account.as_deref()),
            Command::BenchSession { server, count } => bench_session(&server, count).await,
            Command::Export {
                session,
                csv,
                account,
                excel,
            } => {
                let format = if excel {
                    CsvFormat::EXCEL_EUROPE
                } else {
                    CsvFormat::STANDARD
                };
                let dir = mt1_monitor::journal::data_dir()?;
                let (info, n) = listing::export(&dir, session, account.as_deref(), &csv, format)?;
                println!(
                    "exported session {} ({}): {n} trigger(s) to {}",
                    info.id,
                    info.username,
                    csv.display()
                );
                Ok(ExitCode::SUCCESS)
            }
        }
    })
}
