//! `mt1-monitor --diagnose`: what support needs in one paste — version, platform, folders,
//! whether a keychain and audio answer here, which graphics API draws the window, and whether
//! the server answers (one request without signing in). Never a token or a password.

use anyhow::Result;
use std::path::Path;
use std::process::ExitCode;

use mt1_monitor::mt1::account::Token;
use mt1_monitor::mt1::rest::{ApiError, Mt1Client};
use mt1_monitor::sound;
use mt1_monitor::storage::TokenStore;
use mt1_monitor::support;
use mt1_monitor::ui::app::renderer::{self, Renderer};

/// `server`: the one `--server` names (default: ALGE Results).
pub(crate) fn run(server: Option<&str>, env: &super::Env) -> Result<ExitCode> {
    let server = server.unwrap_or(mt1_monitor::mt1::rest::DEFAULT_SERVER);
    env.runtime
        .block_on(diagnose(server, env.log_dir.as_deref(), env.renderer))
}

async fn diagnose(
    server: &str,
    log_dir: Option<&Path>,
    pinned: Option<Renderer>,
) -> Result<ExitCode> {
    let show = |p: Option<&Path>| {
        p.map_or_else(
            || "(none on this computer)".to_owned(),
            |p| p.display().to_string(),
        )
    };
    println!("{}", support::build_line());
    println!(
        "platform: {} {} ({})",
        std::env::consts::OS,
        std::env::consts::ARCH,
        sys_locale::get_locale().unwrap_or_else(|| "no locale".into())
    );
    let data = mt1_monitor::journal::data_dir().ok();
    println!("data folder: {}", show(data.as_deref()));
    println!(
        "journal folder: {}",
        show(data.as_deref().map(|d| d.join("journal")).as_deref())
    );
    println!("log folder: {}", show(log_dir));
    let store = TokenStore::platform();
    match &store {
        Ok(s) => {
            println!("sign-in file: {}", s.file().display());
            let keychain = tokio::task::spawn_blocking({
                let s = s.clone();
                move || s.keychain_answers()
            })
            .await
            .unwrap_or(false);
            println!(
                "keychain: {}",
                if keychain {
                    "answers (the sign-in and a remembered password are kept there)"
                } else {
                    "does not answer (the sign-in is kept in the 0600 file; no password can be remembered)"
                }
            );
        }
        Err(e) => println!("sign-in storage: {e}"),
    }
    let audio = tokio::task::spawn_blocking(sound::probe)
        .await
        .unwrap_or_else(|e| Err(e.to_string()));
    match audio {
        Ok(a) => println!("audio: {a}"),
        Err(e) => println!("audio: none ({e}); the app works without sound"),
    }
    graphics(pinned).await;
    // One request without signing in: any answer from the server means it is reachable.
    let answer = match Mt1Client::new(server) {
        Err(e) => format!("cannot be used: {e}"),
        Ok(client) => match client.current_user(&Token::new(String::new())).await {
            Ok(_) => "answers".into(),
            Err(ApiError::Network(cause)) => format!("does not answer: {cause}"),
            Err(e) => format!("answers (without a sign-in it says: {e})"),
        },
    };
    println!("server {server}: {answer}");
    Ok(ExitCode::SUCCESS)
}

/// The graphics APIs the window would try, in order, and what each finds here (adapter, or
/// why not): the first that answers is the one the window uses.
async fn graphics(pinned: Option<Renderer>) {
    let mut chosen = None;
    for renderer in Renderer::attempts(pinned) {
        match renderer::probe(renderer).await {
            Ok(adapter) => {
                println!("graphics {renderer}: {adapter}");
                chosen.get_or_insert(renderer);
            }
            Err(e) => println!(
                "graphics {renderer}: cannot draw ({:#})",
                anyhow::Error::from(e)
            ),
        }
    }
    match chosen {
        Some(r) => println!("graphics: the window uses {r}"),
        None => println!("graphics: none of these can draw the window; update the graphics driver"),
    }
}
