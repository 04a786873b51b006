//! History reconciliation, run beside the live link so heart-beats never wait on REST. It reads
//! each (device, channel) through the gate and hands the triggers to the session loop, which
//! deduplicates them against what push already delivered.

use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::mpsc;

use super::gate::Gate;
use crate::mt1::rest::{ApiError, TimeRange, HISTORY_CAP, HISTORY_PAGE};
use crate::mt1::trigger::{channel_label, TriggerMessage};

pub(crate) type Target = (String, u16);

pub(crate) enum Internal {
    History {
        target: Target,
        triggers: Vec<TriggerMessage>,
    },
    Reconciled {
        target: Target,
        server_count: Option<u64>,
        fetched: usize,
    },
    Problem(String),
    SignedOut(String),
}

pub(crate) struct Plan {
    pub targets: Vec<Target>,
    pub range: TimeRange,
    /// `timestampFrom_ms` for counts (the session's lower bound).
    pub count_from: Option<i64>,
    /// Periodic check: read history only where the server count is none of these (what is
    /// held, in both readings, and a count already read in full and still unequal).
    pub settled: Option<HashMap<Target, Vec<u64>>>,
}

pub(crate) async fn run(gate: Arc<Gate>, plan: Plan, tx: mpsc::UnboundedSender<Internal>) {
    for target in plan.targets {
        let (device, channel) = (target.0.clone(), target.1);
        let label = format!("{device} {}", channel_label(channel));
        let count = gate
            .call(|c, t| {
                let device = device.clone();
                async move { c.trigger_count(&t, &device, channel, plan.count_from).await }
            })
            .await;
        let server_count = match count {
            Ok(n) => Some(n),
            Err(e) if e.is_expired() => {
                let _ = tx.send(Internal::SignedOut(e.to_string()));
                return;
            }
            Err(e) => {
                let _ = tx.send(Internal::Problem(format!(
                    "{label}: trigger count failed: {e}"
                )));
                None
            }
        };
        let unchanged = plan.settled.as_ref().is_some_and(|settled| {
            server_count.is_some_and(|n| settled.get(&target).is_some_and(|ok| ok.contains(&n)))
        });
        let fetched = if unchanged {
            0
        } else {
            match read_history(&gate, &target, plan.range, &tx).await {
                Ok(n) => n,
                Err(e) if e.is_expired() => {
                    let _ = tx.send(Internal::SignedOut(e.to_string()));
                    return;
                }
                Err(e) => {
                    let _ = tx.send(Internal::Problem(format!("{label}: history not read: {e}")));
                    0
                }
            }
        };
        let _ = tx.send(Internal::Reconciled {
            target,
            server_count,
            fetched,
        });
    }
}

async fn read_history(
    gate: &Gate,
    target: &Target,
    range: TimeRange,
    tx: &mpsc::UnboundedSender<Internal>,
) -> Result<usize, ApiError> {
    let (device, channel) = (&target.0, target.1);
    let mut offset = 0;
    loop {
        let page = gate
            .call(|c, t| async move { c.trigger_page(&t, device, channel, range, offset).await })
            .await?;
        for e in &page.rejected {
            let _ = tx.send(Internal::Problem(format!(
                "{device} {}: skipped a history item that did not decode: {e}",
                channel_label(channel)
            )));
        }
        let items = page.items;
        let _ = tx.send(Internal::History {
            target: target.clone(),
            triggers: page.triggers,
        });
        offset += items;
        if items < HISTORY_PAGE {
            return Ok(offset);
        }
        if offset >= HISTORY_CAP {
            let _ = tx.send(Internal::Problem(format!(
                "{device} {}: history has over {HISTORY_CAP} triggers; choose a later start time",
                channel_label(channel)
            )));
            return Ok(offset);
        }
    }
}
