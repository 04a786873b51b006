//! `mt1-monitor bench-session` (hidden): the session's ingest rate against a simulator
//! burst, for `benches/peer/run.sh` (see BENCHMARKS.md).

use anyhow::{bail, Context, Result};
use std::process::ExitCode;
use std::time::Duration;

use mt1_monitor::model::time::{now_ticks, ticks_to_millis};
use mt1_monitor::session::DeviceSelection;

#[derive(clap::Args)]
pub(crate) struct BenchArgs {
    #[arg(long)]
    server: String,
    #[arg(long, default_value_t = 200_000)]
    count: usize,
}

pub(crate) fn run(args: BenchArgs, env: &super::Env) -> Result<ExitCode> {
    env.runtime
        .block_on(bench_session(&args.server, args.count))
}

async fn bench_session(server: &str, count: usize) -> Result<ExitCode> {
    use mt1_monitor::session::{self, ConnectionState, SessionConfig, SessionEvent};
    let client = mt1_monitor::mt1::rest::Mt1Client::new(server)?;
    let signed_in = client.login("demo", "demo").await?;
    let config = SessionConfig {
        devices: DeviceSelection::Only(vec![mt1_monitor::sim::DEMO_FINISH.into()]),
        channels: vec![1],
        since_ms: Some(ticks_to_millis(now_ticks())),
        ..SessionConfig::new(server, signed_in.token, signed_in.user, None)
    };
    let mut h = session::spawn(config, None, &tokio::runtime::Handle::current())?;
    while let Some(e) = h.events.recv().await {
        if matches!(e, SessionEvent::Connection(ConnectionState::Live)) {
            break;
        }
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    reqwest::Client::new()
        .post(format!("{server}/sim/burst?count={count}"))
        .send()
        .await
        .context("asking the simulator for a burst")?;
    let (mut n, mut first) = (0usize, None);
    while n < count {
        match tokio::time::timeout(Duration::from_secs(60), h.events.recv()).await {
            Ok(Some(SessionEvent::Triggers(batch))) => {
                first.get_or_insert_with(std::time::Instant::now);
                n += batch.len();
            }
            Ok(Some(_)) => {}
            _ => bail!("only {n} of {count} triggers arrived"),
        }
    }
    let secs = first.map_or(0.0, |f| f.elapsed().as_secs_f64());
    println!(
        "mt1-monitor session: {count} triggers in {secs:.3} s = {:.0} triggers/s",
        (count - 1) as f64 / secs
    );
    h.shutdown().await;
    Ok(ExitCode::SUCCESS)
}
