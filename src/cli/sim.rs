//! `mt1-monitor sim`: the simulator on its own.

use anyhow::{Context, Result};

use mt1_monitor::journal::listing::{self, SessionRef};
use mt1_monitor::model::time::{now_ticks, TICKS_PER_SECOND};
use mt1_monitor::model::trigger::TriggerKind;
use mt1_monitor::sim::{Rhythm, SimConfig, SimTrigger, Simulator};

use super::record::ctrl_c;

#[derive(clap::Args)]
pub(crate) struct SimArgs {
    #[arg(long, default_value_t = 8480)]
    port: u16,
    /// Serve the API only; produce no triggers.
    #[arg(long)]
    quiet: bool,
    /// Play a journalled session's impulses as the race (`latest` or a session number):
    /// training on a real race.
    #[arg(long)]
    from_journal: Option<SessionRef>,
}

pub(crate) fn run(args: SimArgs, env: &super::Env) -> Result<std::process::ExitCode> {
    env.runtime
        .block_on(run_sim(args.port, args.quiet, args.from_journal))
        .map(|()| std::process::ExitCode::SUCCESS)
}

async fn run_sim(port: u16, quiet: bool, from_journal: Option<SessionRef>) -> Result<()> {
    let mut sim = Simulator::start(SimConfig::default(), port)
        .await
        .with_context(|| format!("cannot listen on 127.0.0.1:{port}"))?;
    if let Some(which) = from_journal {
        // Training on a real race: the journalled session's impulses again, at their pace,
        // starting now, on the demo devices' ids as they were recorded.
        let dir = mt1_monitor::journal::data_dir()?;
        let (info, rows) = listing::session_rows(&dir, which, None)?;
        let mut impulses: Vec<SimTrigger> = rows
            .iter()
            .filter(|r| r.facts.kind == TriggerKind::StartNumber)
            .map(|r| SimTrigger {
                device_id: r.key.device_id.to_string(),
                channel: r.key.channel,
                timestamp: r.key.timestamp,
                time_offset: r.facts.time_offset_min,
                kind: "StartNumberTrigger".into(),
                bib: r
                    .facts
                    .bib
                    .as_ref()
                    .map(|b| (b.number, b.kind.as_str().to_owned())),
                valid: r.facts.valid != Some(false),
            })
            .collect();
        impulses.sort_by_key(|t| t.timestamp);
        println!(
            "playing session {} ({} impulses) as the simulator's race",
            info.id,
            impulses.len()
        );
        let handle = sim.handle();
        tokio::spawn(async move {
            let Some(first) = impulses.first().map(|t| t.timestamp) else {
                return;
            };
            let start = now_ticks() + 3 * TICKS_PER_SECOND;
            for mut t in impulses {
                t.timestamp = start + (t.timestamp - first);
                let wait = (t.timestamp - now_ticks()).max(0) as u64 * 100;
                tokio::time::sleep(std::time::Duration::from_nanos(wait)).await;
                handle.add_trigger(&t);
            }
        });
    } else if !quiet {
        sim.start_rhythm(Rhythm::default());
    }
    println!(
        "MT1 simulator on {} (accounts demo/demo, basic/basic); Ctrl-C stops it",
        sim.base_url()
    );
    ctrl_c().await;
    Ok(())
}
