//! The jury's one page: after the race, what a jury asks of the timing — the race (date and
//! account), each device channel with its counts against the server's, the link's outages
//! and what was recovered, the officials' corrections, the watchdogs that tripped, the
//! pre-race check, and the SHA-256 of each exported file, so a file handed over later can be
//! checked against the page. Always one page: a long list is cut with a count of what the
//! manifest and the tape hold besides.

use super::manifest::Manifest;
use super::tape::{one_page, TapeError};

/// The page as PDF. `head`: the race's date and event (the tape's page head); `corrections`,
/// `trips`, `pre_race`: the session's lines (the tape's words).
pub fn jury_summary(
    manifest: &Manifest,
    head: &str,
    corrections: &[String],
    trips: &[String],
    pre_race: &[String],
) -> Result<Vec<u8>, TapeError> {
    let or_none = |lines: Vec<String>, none: &str| match lines.is_empty() {
        true => vec![none.to_owned()],
        false => lines,
    };
    let channels = manifest.channels.iter().map(|c| c.line()).collect();
    let outages = manifest
        .outages
        .iter()
        .map(|o| {
            format!(
                "link down {} to {}: {} recovered from history",
                o.start_utc,
                o.end_utc.as_deref().unwrap_or("(still down)"),
                o.recovered
            )
        })
        .collect();
    let files = manifest
        .files
        .iter()
        .map(|f| format!("{} ({} rows)\n    sha256 {}", f.name, f.rows, f.sha256))
        .collect();
    // The check's outcome lines, without its title block up to the first blank line (the
    // page has the account).
    let body = match pre_race.iter().position(|l| l.trim().is_empty()) {
        Some(blank) => &pre_race[blank..],
        None => pre_race,
    };
    let check: Vec<String> = body
        .iter()
        .filter(|l| !l.trim().is_empty())
        .cloned()
        .collect();
    let sections = [
        ("Devices and channels", or_none(channels, "no triggers")),
        (
            "Outages of the live link",
            or_none(outages, "none recorded"),
        ),
        ("Corrections", or_none(corrections.to_vec(), "none")),
        ("Watchdog trips", or_none(trips.to_vec(), "none")),
        ("Pre-race check", or_none(check, "not made in this session")),
        ("Files (SHA-256)", or_none(files, "none")),
    ];
    let title = format!(
        "Jury summary — export {} ({})",
        manifest.created_utc, manifest.preset
    );
    one_page(
        head,
        &title,
        &sections,
        "more: see the manifest and the tape",
    )
}
