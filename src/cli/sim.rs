//! `mt1-monitor sim`: the simulator on its own.

use anyhow::{Context, Result};

use mt1_monitor::sim::{Rhythm, SimConfig, Simulator};

use super::record::ctrl_c;

pub(crate) async fn run_sim(port: u16, quiet: bool) -> Result<()> {
    let mut sim = Simulator::start(SimConfig::default(), port)
        .await
        .with_context(|| format!("cannot listen on 127.0.0.1:{port}"))?;
    if !quiet {
        sim.start_rhythm(Rhythm::default());
    }
    println!(
        "MT1 simulator on {} (accounts demo/demo, basic/basic); Ctrl-C stops it",
        sim.base_url()
    );
    ctrl_c().await;
    Ok(())
}
