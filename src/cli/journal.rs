//! The local journal from the command line: `sessions` lists them, `export` writes one to
//! CSV (a preset, the tape, the manifest), `verify` checks an exported file.

use anyhow::{bail, Result};
use std::path::PathBuf;
use std::process::ExitCode;

use mt1_monitor::export::hand_times::HandTimes;
use mt1_monitor::export::preset::{Preset, PresetOptions};
use mt1_monitor::export::CsvFormat;
use mt1_monitor::journal::listing::{self, SessionRef};
use mt1_monitor::model::trigger::{is_device_id, parse_channel};

#[derive(clap::Args)]
pub(crate) struct SessionsArgs {
    #[arg(long)]
    account: Option<String>,
}

#[derive(clap::Args)]
pub(crate) struct ExportArgs {
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
    /// `full`, `excel`, `race-horology`, `timy` or `timy-merged` (see the README); without
    /// it, the classic columns of `record`. A manifest is written beside the file either way.
    #[arg(long)]
    preset: Option<String>,
    /// Race Horology: device time window `FROM-TO` (`09:00-12:30`); impulses outside stay out.
    #[arg(long, value_name = "FROM-TO")]
    window: Option<String>,
    /// Race Horology: a channel whose file is for the start (`DEVICE:C1`); C0 is by default.
    #[arg(long, value_name = "DEVICE:CHANNEL")]
    start: Vec<String>,
    /// Race Horology: a channel whose file is for the finish, Ziel (`DEVICE:C0`).
    #[arg(long, value_name = "DEVICE:CHANNEL")]
    ziel: Vec<String>,
    /// Also write the timing tape (PDF) beside the file.
    #[arg(long)]
    tape: bool,
    /// The tape adds the device printer's view: each device's lines on their own (implies
    /// --tape).
    #[arg(long)]
    tape_printer: bool,
    /// Also write the one-page jury summary (PDF) beside the file.
    #[arg(long)]
    summary: bool,
}

#[derive(clap::Args)]
pub(crate) struct VerifyArgs {
    file: PathBuf,
}

pub(crate) fn sessions(args: SessionsArgs) -> Result<ExitCode> {
    let dir = mt1_monitor::journal::data_dir()?;
    let sessions = listing::list(&dir, args.account.as_deref())?;
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

pub(crate) fn export(args: ExportArgs) -> Result<ExitCode> {
    let format = if args.excel {
        CsvFormat::EXCEL_EUROPE
    } else {
        CsvFormat::STANDARD
    };
    let preset = match args.preset.as_deref() {
        None => None,
        Some(name) => Some(Preset::parse(name).ok_or_else(|| {
            anyhow::anyhow!(
                "unknown preset {name:?}: use full, excel, race-horology, timy or timy-merged"
            )
        })?),
    };
    let options = PresetOptions {
        hand_times: hand_times(&args)?,
        ..PresetOptions::default()
    };
    let dir = mt1_monitor::journal::data_dir()?;
    let (info, delivered) = listing::export(
        &dir,
        args.session,
        args.account.as_deref(),
        &args.csv,
        format,
        preset.as_ref().map(|p| (p, &options)),
        mt1_monitor::export::package::Papers {
            tape: args.tape || args.tape_printer,
            printer: args.tape_printer,
            summary: args.summary,
        },
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
    if let Some(summary) = &delivered.summary {
        println!("jury summary: {}", summary.display());
    }
    for notice in &delivered.notices {
        println!("note: {notice}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Race Horology's Start/Ziel and window from the command line.
fn hand_times(args: &ExportArgs) -> Result<HandTimes> {
    let mut hand = HandTimes::default();
    if let Some(w) = &args.window {
        let (from, to) = w
            .split_once('-')
            .ok_or_else(|| anyhow::anyhow!("--window {w:?}: write FROM-TO, e.g. 09:00-12:30"))?;
        (hand.from, hand.to) = (from.trim().to_owned(), to.trim().to_owned());
        if let Err(bad) = hand.window() {
            bail!("--window: {bad:?} is not a time of day (09:00 or 09:00:30)");
        }
    }
    for (list, start) in [(&args.start, true), (&args.ziel, false)] {
        for item in list {
            let channel = item
                .split_once(':')
                .filter(|(d, _)| is_device_id(d))
                .and_then(|(d, c)| Some((d, parse_channel(c)?)));
            let Some((device, channel)) = channel else {
                bail!("{item:?}: write DEVICE:CHANNEL, e.g. 231203016:C1");
            };
            hand.set_start(device, channel, start);
        }
    }
    Ok(hand)
}

pub(crate) fn verify(args: VerifyArgs) -> Result<ExitCode> {
    let file = args.file;
    let differences = mt1_monitor::export::manifest::verify(&file)?;
    if differences.is_empty() {
        println!(
            "{} is as exported (its SHA-256 matches the manifest)",
            file.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    for d in differences {
        println!("{d}");
    }
    Ok(ExitCode::FAILURE)
}
