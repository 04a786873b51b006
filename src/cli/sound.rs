//! `mt1-monitor sound-check`: the sounds the app makes, played on this computer's output.

use anyhow::Result;
use std::process::ExitCode;
use std::time::Duration;

use mt1_monitor::sound::{system_sink, Player, Sound};

pub(crate) fn run(env: &super::Env) -> Result<ExitCode> {
    env.runtime.block_on(sound_check())
}

async fn sound_check() -> Result<ExitCode> {
    let player = Player::new(system_sink(&tokio::runtime::Handle::current()));
    for (what, sound) in [
        ("start tone (C0)", Sound::Trigger { channel: 0 }),
        ("finish tone (C1)", Sound::Trigger { channel: 1 }),
        ("alarm", Sound::Alarm),
    ] {
        println!("playing the {what}");
        player.play(sound, 0.8, false);
        tokio::time::sleep(Duration::from_millis(1200)).await;
        if let Some(why) = player.unavailable() {
            println!("no sound on this computer: {why}");
            return Ok(ExitCode::FAILURE);
        }
    }
    println!("the sounds played (if nothing was heard, check the volume and the output device)");
    Ok(ExitCode::SUCCESS)
}
