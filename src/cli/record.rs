//! `mt1-monitor record`: the headless recorder's command line (the recorder itself is the
//! library's `record`).

use anyhow::{bail, Context, Result};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use mt1_monitor::mt1::account::Credentials;
use mt1_monitor::mt1::rest::DEFAULT_SERVER;
use mt1_monitor::session::SessionTiming;

use mt1_monitor::feed::FeedConfig;
use mt1_monitor::model::time::{now_ticks, ticks_to_millis};
use mt1_monitor::model::trigger::is_device_id;
use mt1_monitor::record::{self, RecordError, RecordOptions};
use mt1_monitor::session::DeviceSelection;

pub(crate) fn parse_devices(s: &str) -> Result<DeviceSelection> {
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

pub(crate) fn parse_since(s: &str) -> Result<i64> {
    if s.trim().eq_ignore_ascii_case("now") {
        return Ok(ticks_to_millis(now_ticks()));
    }
    let t = chrono::DateTime::parse_from_rfc3339(s.trim())
        .with_context(|| format!("--since {s:?} is neither `now` nor an RFC 3339 time"))?;
    Ok(t.timestamp_millis())
}

pub(crate) fn password(username: &str) -> Result<String> {
    if let Ok(p) = std::env::var("MT1_PASSWORD") {
        return Ok(p);
    }
    rpassword::prompt_password(format!("ALGE Results password for {username}: "))
        .context("no password: set MT1_PASSWORD or run in a terminal")
}

pub(crate) async fn ctrl_c() {
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}

#[derive(clap::Args)]
pub(crate) struct RecordArgs {
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
    /// Send every trigger as an ALGE Timy line to timing software: a serial port (`COM3`,
    /// `/dev/ttyUSB0,38400,crlf`) or `tcp:ADDRESS:PORT` (a listener). Repeatable.
    #[arg(long = "timy-out", value_name = "SPEC")]
    timy_out: Vec<String>,
    /// Send an MT1 channel as another ALGE channel: `1=0`, or `DEVICE:C2=C1`. Repeatable.
    #[arg(long = "timy-map", value_name = "MT1=ALGE")]
    timy_map: Vec<String>,
}

pub(crate) fn run(args: RecordArgs, env: &super::Env) -> Result<ExitCode> {
    let _running = super::lock_instance()?;
    let opts = RecordOptions {
        devices: parse_devices(&args.devices)?,
        since_ms: Some(parse_since(&args.since)?),
        credentials: Credentials {
            password: password(&args.username)?,
            username: args.username,
        },
        server: args.server,
        csv: args.csv,
        duration: args.duration.map(Duration::from_secs),
        timing: SessionTiming::default(),
        continue_session: args.continue_session,
        feed: FeedConfig::parse(
            args.timy_out.iter().map(String::as_str),
            args.timy_map.iter().map(String::as_str),
        )?,
    };
    env.runtime.block_on(run_record(opts))
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
