//! `mt1-monitor sessions`: the local journal's sessions.

use anyhow::Result;
use std::process::ExitCode;

use mt1_monitor::journal::listing;

pub(crate) fn list_sessions(account: Option<&str>) -> Result<ExitCode> {
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
