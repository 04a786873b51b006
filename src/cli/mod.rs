//! The binary's commands, one file each; `main.rs` parses the command line and dispatches.

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
