//! The completeness manifest beside every export: what was exported, from which account and
//! session, what the server counted against what was held per channel, the outages and what
//! history recovered, and the SHA-256 of each file. `mt1-monitor verify FILE` checks a file
//! against it: the proof for a jury that nothing was lost or changed since.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};
use thiserror::Error;

use crate::model::row::{Source, TriggerRow, TriggerState};
use crate::model::time::format_utc;
use crate::model::trigger::DeviceId;

#[derive(Debug, Error)]
pub enum ManifestError {
    #[error("cannot read {path}: {cause}")]
    Io {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("{path} is not a manifest: {cause}")]
    Json { path: PathBuf, cause: String },
    #[error("no manifest beside {0} (expected {1})")]
    Missing(PathBuf, PathBuf),
}

/// One device channel as exported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelCount {
    pub device_id: String,
    pub device_name: String,
    pub channel: u16,
    /// What ALGE Results counted at its last check (`None`: never counted, e.g. a journal export).
    pub server_count: Option<u64>,
    /// When this laptop learned that count (UTC).
    #[serde(default)]
    pub server_counted_utc: Option<String>,
    /// Triggers held here (not deleted, not missing on server).
    pub local: u64,
    pub recovered_from_history: u64,
    pub cleared: u64,
    pub deleted: u64,
    pub missing_on_server: u64,
    /// Hand times the officials added (standing): not the server's, so not in `local`.
    #[serde(default)]
    pub hand_times: u64,
}

impl ChannelCount {
    /// The channel's counts in one line (the manifest's summary, the jury's page).
    pub fn line(&self) -> String {
        let device = match self.device_name.as_str() {
            "" => self.device_id.clone(),
            name => format!("{name} ({})", self.device_id),
        };
        let hand = match self.hand_times {
            0 => String::new(),
            n => format!(" (and {n} hand time(s) added)"),
        };
        format!(
            "{device} C{}: {} here{hand}, {} from history, {} cleared, {} deleted, {} missing on server; {}",
            self.channel,
            self.local,
            self.recovered_from_history,
            self.cleared,
            self.deleted,
            self.missing_on_server,
            self.against_the_server()
        )
    }

    /// What the server's count says about the triggers here, in words a jury reads.
    fn against_the_server(&self) -> String {
        let (Some(server), Some(at)) = (self.server_count, self.server_counted_utc.as_deref())
        else {
            return "the server's count is not known here".into();
        };
        let counted = format!("the server counted {server} at {at}");
        match server.cmp(&self.local) {
            std::cmp::Ordering::Equal => format!("{counted}: the same"),
            std::cmp::Ordering::Greater => format!(
                "{counted}: {} it counted are not here (the app reads its history again until they are; if that stays so, the server holds triggers this laptop never received)",
                server - self.local
            ),
            std::cmp::Ordering::Less => format!(
                "{counted}: {} more are here (made after that count, or no longer listed by the server since)",
                self.local - server
            ),
        }
    }
}

/// A time the live link was down, and how many triggers of that time history recovered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outage {
    pub start_utc: String,
    /// `None`: still down when exported.
    pub end_utc: Option<String>,
    pub recovered: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedFile {
    /// The file name, beside the manifest.
    pub name: String,
    pub sha256: String,
    pub rows: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub manifest_version: u32,
    pub app_version: String,
    pub created_utc: String,
    pub account: String,
    pub server: String,
    pub journal_session: Option<i64>,
    /// The first and last trigger time exported (UTC).
    pub window_utc: Option<(String, String)>,
    pub preset: String,
    pub only_shown_rows: bool,
    pub files: Vec<ExportedFile>,
    pub channels: Vec<ChannelCount>,
    pub outages: Vec<Outage>,
    /// Why a figure is missing (e.g. outages are not recorded in a journal export).
    pub notes: Vec<String>,
}

/// The SHA-256 of a file, in lower-case hex.
pub fn sha256_of(path: &Path) -> Result<String, ManifestError> {
    let io = |cause| ManifestError::Io {
        path: path.to_owned(),
        cause,
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf).map_err(io)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        }))
}

/// `<dir>/<stem>.manifest.json` for an export at `base`.
pub fn manifest_path(base: &Path) -> PathBuf {
    let stem = base
        .file_stem()
        .map_or_else(|| "export".into(), |s| s.to_string_lossy().into_owned());
    base.with_file_name(format!("{stem}.manifest.json"))
}

impl ExportedFile {
    pub fn of(path: &Path, rows: usize) -> Result<Self, ManifestError> {
        Ok(Self {
            name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            sha256: sha256_of(path)?,
            rows,
        })
    }
}

impl Manifest {
    /// Writes `<stem>.manifest.json` and a short `<stem>.manifest.txt` beside `base`.
    pub fn write(&self, base: &Path) -> Result<PathBuf, ManifestError> {
        let json_path = manifest_path(base);
        let io = |path: &Path| {
            let path = path.to_owned();
            move |cause| ManifestError::Io { path, cause }
        };
        let json = serde_json::to_string_pretty(self).map_err(|e| ManifestError::Json {
            path: json_path.clone(),
            cause: e.to_string(),
        })?;
        std::fs::write(&json_path, json).map_err(io(&json_path))?;
        let txt_path = json_path.with_extension("txt");
        std::fs::write(&txt_path, self.summary()).map_err(io(&txt_path))?;
        Ok(json_path)
    }

    /// The human-readable summary (the `.txt`, and the timing tape's completeness section).
    pub fn summary(&self) -> String {
        let mut t = String::new();
        let _ = writeln!(
            t,
            "mt1-monitor export {} ({})",
            self.created_utc, self.preset
        );
        let _ = writeln!(t, "account {} on {}", self.account, self.server);
        if let Some(s) = self.journal_session {
            let _ = writeln!(t, "journal session {s}");
        }
        if let Some((a, b)) = &self.window_utc {
            let _ = writeln!(t, "triggers from {a} to {b} (UTC)");
        }
        for f in &self.files {
            let _ = writeln!(t, "file {}: {} rows, sha256 {}", f.name, f.rows, f.sha256);
        }
        for c in &self.channels {
            let _ = writeln!(t, "{}", c.line());
        }
        if self.outages.is_empty() {
            let _ = writeln!(t, "no outage of the live link was recorded");
        }
        for o in &self.outages {
            let end = o.end_utc.as_deref().unwrap_or("(still down)");
            let recovered = match o.recovered {
                1 => "1 trigger".to_owned(),
                n => format!("{n} triggers"),
            };
            let _ = writeln!(
                t,
                "link down {} to {end}: {recovered} of that time recovered from history",
                o.start_utc
            );
        }
        for n in &self.notes {
            let _ = writeln!(t, "note: {n}");
        }
        t
    }

    pub fn read(path: &Path) -> Result<Self, ManifestError> {
        let text = std::fs::read_to_string(path).map_err(|cause| ManifestError::Io {
            path: path.to_owned(),
            cause,
        })?;
        serde_json::from_str(&text).map_err(|e| ManifestError::Json {
            path: path.to_owned(),
            cause: e.to_string(),
        })
    }
}

/// The server's count of a device channel's triggers, as learned at `at` (ticks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerCount {
    pub triggers: u64,
    pub at: i64,
}

/// What the exporter knows besides the rows: who, where, and what the session saw.
pub struct ExportFacts<'a> {
    pub account: &'a str,
    pub server: &'a str,
    pub journal_session: Option<i64>,
    pub preset: &'a str,
    pub only_shown_rows: bool,
    pub names: &'a HashMap<DeviceId, String>,
    /// The server's last count per device channel, and when it came.
    pub server_counts: &'a HashMap<(DeviceId, u16), ServerCount>,
    /// When the live link was down (ticks; `None`: still down).
    pub outages: &'a [(i64, Option<i64>)],
    pub notes: Vec<String>,
    /// Race Horology's Start/Ziel and window, the doubles' time.
    pub options: super::preset::PresetOptions,
    /// The session's pre-race check report and its watchdogs' trips, as lines: the tape and
    /// the jury summary end with them.
    pub pre_race: Vec<String>,
    pub trips: Vec<String>,
}

impl Manifest {
    /// The manifest of `rows` exported as `files`.
    pub fn build(facts: &ExportFacts<'_>, rows: &[&TriggerRow], files: Vec<ExportedFile>) -> Self {
        let mut channels: Vec<ChannelCount> = Vec::new();
        for r in rows {
            let i = match channels
                .iter()
                .position(|c| c.channel == r.key.channel && c.device_id == r.key.device_id.as_str())
            {
                Some(i) => i,
                None => {
                    let key = (r.key.device_id.clone(), r.key.channel);
                    channels.push(ChannelCount {
                        device_id: r.key.device_id.to_string(),
                        device_name: facts
                            .names
                            .get(&r.key.device_id)
                            .cloned()
                            .unwrap_or_default(),
                        channel: r.key.channel,
                        server_count: facts.server_counts.get(&key).map(|c| c.triggers),
                        server_counted_utc: facts.server_counts.get(&key).map(|c| format_utc(c.at)),
                        local: 0,
                        recovered_from_history: 0,
                        cleared: 0,
                        deleted: 0,
                        missing_on_server: 0,
                        hand_times: 0,
                    });
                    channels.len() - 1
                }
            };
            let c = &mut channels[i];
            if r.source == Source::Hand {
                c.hand_times += u64::from(r.state == TriggerState::Active);
                continue;
            }
            match r.state {
                TriggerState::Active => c.local += 1,
                TriggerState::Cleared => {
                    c.local += 1;
                    c.cleared += 1;
                }
                TriggerState::Deleted => c.deleted += 1,
                TriggerState::MissingOnServer => c.missing_on_server += 1,
            }
            c.recovered_from_history += u64::from(r.source == Source::History);
        }
        channels.sort_by(|a, b| (&a.device_id, a.channel).cmp(&(&b.device_id, b.channel)));
        let outages = facts
            .outages
            .iter()
            .map(|&(start, end)| Outage {
                start_utc: format_utc(start),
                end_utc: end.map(format_utc),
                recovered: rows
                    .iter()
                    .filter(|r| {
                        r.source == Source::History
                            && r.key.timestamp >= start
                            && end.is_none_or(|e| r.key.timestamp <= e)
                    })
                    .count() as u64,
            })
            .collect();
        let first = rows.iter().map(|r| r.key.timestamp).min();
        let last = rows.iter().map(|r| r.key.timestamp).max();
        Self {
            manifest_version: 1,
            app_version: env!("CARGO_PKG_VERSION").into(),
            created_utc: format_utc(crate::model::time::now_ticks()),
            account: facts.account.into(),
            server: facts.server.into(),
            journal_session: facts.journal_session,
            window_utc: first.zip(last).map(|(a, b)| (format_utc(a), format_utc(b))),
            preset: facts.preset.into(),
            only_shown_rows: facts.only_shown_rows,
            files,
            channels,
            outages,
            notes: facts.notes.clone(),
        }
    }
}

/// What `verify` found: every difference, in words (empty: the file is as exported).
pub fn verify(file: &Path) -> Result<Vec<String>, ManifestError> {
    // The manifest of a file: beside it, by its own stem; for the timing tape by the stem
    // before `.tape`; for a file of a preset that writes several (Race Horology's
    // `-<device>-C<n>-Ziel`, Timy lines' `-<device>-<date>`) by a shorter stem, cut at a `-`,
    // the longest first.
    let mut candidates = vec![manifest_path(file)];
    if let Some(stem) = file.file_stem().map(|s| s.to_string_lossy().into_owned()) {
        if let Some(base) = stem.strip_suffix(".tape") {
            candidates.push(file.with_file_name(format!("{base}.manifest.json")));
        }
        for (cut, _) in stem.rmatch_indices('-') {
            candidates.push(file.with_file_name(format!("{}.manifest.json", &stem[..cut])));
        }
    }
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // The manifest that lists the file, else the first there is (which then says it does not).
    let existing: Vec<&PathBuf> = candidates.iter().filter(|p| p.exists()).collect();
    let listing = existing
        .iter()
        .find(|p| Manifest::read(p).is_ok_and(|m| m.files.iter().any(|f| f.name == name)));
    let Some(path) = listing.or(existing.first()).copied() else {
        return Err(ManifestError::Missing(
            file.to_owned(),
            candidates.swap_remove(0),
        ));
    };
    let manifest = Manifest::read(path)?;
    let mut differences = Vec::new();
    let Some(entry) = manifest.files.iter().find(|f| f.name == name) else {
        differences.push(format!("{name} is not listed in {}", path.display()));
        return Ok(differences);
    };
    let hash = sha256_of(file)?;
    if hash != entry.sha256 {
        differences.push(format!(
            "{name} changed since it was exported: sha256 {hash}, the manifest says {}",
            entry.sha256
        ));
        let lines = std::fs::read_to_string(file)
            .map(|t| t.lines().filter(|l| !l.trim().is_empty()).count())
            .unwrap_or(0);
        let header = usize::from(!name.ends_with(".txt"));
        if lines.saturating_sub(header) != entry.rows {
            differences.push(format!(
                "{name} holds {} rows, the manifest says {}",
                lines.saturating_sub(header),
                entry.rows
            ));
        }
    }
    Ok(differences)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(files: Vec<ExportedFile>) -> Manifest {
        Manifest {
            manifest_version: 1,
            app_version: "test".into(),
            created_utc: "2026-11-30T10:00:00Z".into(),
            account: "anna".into(),
            server: "https://x".into(),
            journal_session: Some(3),
            window_utc: None,
            preset: "full".into(),
            only_shown_rows: false,
            files,
            channels: Vec::new(),
            outages: Vec::new(),
            notes: Vec::new(),
        }
    }

    #[test]
    fn a_file_verifies_until_one_byte_changes() {
        let dir = tempfile::tempdir().expect("tmp");
        let file = dir.path().join("race.csv");
        std::fs::write(&file, "a,b\n1,2\n3,4\n").expect("write");
        let m = manifest(vec![ExportedFile::of(&file, 2).expect("hash")]);
        let written = m.write(&file).expect("manifest");
        assert!(written.ends_with("race.manifest.json"));
        assert!(dir.path().join("race.manifest.txt").exists());
        assert_eq!(verify(&file).expect("verify"), Vec::<String>::new());
        std::fs::write(&file, "a,b\n1,2\n").expect("tamper");
        let d = verify(&file).expect("verify");
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d[0].contains("changed since it was exported"));
        assert!(d[1].contains("holds 1 rows, the manifest says 2"));
    }

    #[test]
    fn sha256_matches_the_standard_vector() {
        let dir = tempfile::tempdir().expect("tmp");
        let file = dir.path().join("abc");
        std::fs::write(&file, "abc").expect("write");
        assert_eq!(
            sha256_of(&file).expect("hash"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_missing_manifest_is_named() {
        let dir = tempfile::tempdir().expect("tmp");
        let file = dir.path().join("x.csv");
        std::fs::write(&file, "a\n").expect("write");
        let e = verify(&file).expect_err("no manifest");
        assert!(e.to_string().contains("x.manifest.json"), "{e}");
    }

    #[test]
    fn the_summary_says_what_a_difference_with_the_server_means_and_when_it_counted() {
        let channel = |server: Option<u64>, local: u64| ChannelCount {
            device_id: "231203017".into(),
            device_name: "Finish".into(),
            channel: 1,
            server_count: server,
            server_counted_utc: server.map(|_| "2026-12-05T10:42:07.000Z".into()),
            local,
            recovered_from_history: 0,
            cleared: 0,
            deleted: 0,
            missing_on_server: 0,
            hand_times: 0,
        };
        let mut m = manifest(Vec::new());
        m.channels = vec![
            channel(Some(66), 65),
            channel(Some(64), 65),
            channel(Some(65), 65),
            channel(None, 65),
        ];
        m.outages = vec![Outage {
            start_utc: "2026-12-05T10:40:00.000Z".into(),
            end_utc: Some("2026-12-05T10:41:00.000Z".into()),
            recovered: 3,
        }];
        let text = m.summary();
        for wanted in [
            "the server counted 66 at 2026-12-05T10:42:07.000Z: 1 it counted are not here",
            "the server counted 64 at 2026-12-05T10:42:07.000Z: 1 more are here (made after that count",
            "the server counted 65 at 2026-12-05T10:42:07.000Z: the same",
            "the server's count is not known here",
            "link down 2026-12-05T10:40:00.000Z to 2026-12-05T10:41:00.000Z: 3 triggers of that time recovered",
        ] {
            assert!(text.contains(wanted), "{wanted:?} is missing from:\n{text}");
        }
    }
}
