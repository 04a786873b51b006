//! Build facts for the About dialog and `--diagnose`: the git commit, the build date and the
//! target. Without git (a source tarball) the commit is "unknown".

use std::process::Command;

#[path = "src/model/civil.rs"]
mod civil;

fn main() {
    let commit = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".into());
    // Reproducible builds set SOURCE_DATE_EPOCH; otherwise the day of the build.
    let date = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .map_or_else(today, |secs| iso_date(secs.div_euclid(86_400)));
    println!("cargo:rustc-env=MT1_GIT_COMMIT={commit}");
    println!("cargo:rustc-env=MT1_BUILD_DATE={date}");
    println!(
        "cargo:rustc-env=MT1_TARGET={}",
        std::env::var("TARGET").unwrap_or_default()
    );
    println!("cargo:rerun-if-changed=.git/HEAD");
    println!("cargo:rerun-if-changed=.git/refs/heads");
    println!("cargo:rerun-if-changed=src/model/civil.rs");
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");
}

fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    iso_date(secs.div_euclid(86_400))
}

/// `YYYY-MM-DD` of a day number since 1970-01-01.
fn iso_date(days: i64) -> String {
    let (y, m, d) = civil::civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}
