//! The live link's outages, told by the session's connection states: one rule for the app's
//! exports and the journal (which keeps them with the session for exports made later).

use super::event::ConnectionState;

/// An outage: from when the live link was lost (UTC ticks) to when it was live again.
pub type Outage = (i64, Option<i64>);

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutageLog {
    outages: Vec<Outage>,
    ever_live: bool,
}

impl OutageLog {
    /// Goes on from outages kept earlier (a continued session).
    pub fn resume(outages: Vec<Outage>) -> Self {
        Self {
            outages,
            ever_live: false,
        }
    }

    /// Takes the link's new state at `now` (ticks). An outage starts when a link that was
    /// live at least once is lost (reconnecting, a sign-in needed, signed out) and ends when
    /// it is live again. Returns whether the outages changed.
    pub fn take(&mut self, state: &ConnectionState, now: i64) -> bool {
        let lost = matches!(
            state,
            ConnectionState::Reconnecting { .. }
                | ConnectionState::SignInNeeded { .. }
                | ConnectionState::SignedOut { .. }
        );
        let open = self.outages.last().is_some_and(|o| o.1.is_none());
        let mut changed = false;
        if lost && !open && self.ever_live {
            self.outages.push((now, None));
            changed = true;
        } else if open && matches!(state, ConnectionState::Live) {
            if let Some(o) = self.outages.last_mut() {
                o.1 = Some(now);
                changed = true;
            }
        }
        self.ever_live |= matches!(
            state,
            ConnectionState::Live
                | ConnectionState::QuotaPaused {
                    push_live: true,
                    ..
                }
        );
        changed
    }

    pub fn outages(&self) -> &[Outage] {
        &self.outages
    }

    /// Whether the link was ever live (a first connection that fails is no outage).
    pub fn ever_live(&self) -> bool {
        self.ever_live
    }

    /// As the journal keeps them: `[[start, end or null], …]`.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.outages).unwrap_or_else(|_| "[]".into())
    }

    /// The outages the journal kept, or none if its note is not what [`Self::to_json`] wrote.
    pub fn from_json(text: &str) -> Vec<Outage> {
        serde_json::from_str(text).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::SystemTime;

    #[test]
    fn an_outage_runs_from_lost_to_live_and_a_first_failure_is_none() {
        let mut log = OutageLog::default();
        let lost = ConnectionState::Reconnecting {
            retry_at: SystemTime::UNIX_EPOCH,
            attempt: 1,
        };
        assert!(!log.take(&lost, 5), "never live yet: no outage");
        assert!(!log.take(&ConnectionState::Live, 10));
        assert!(log.take(&lost, 20));
        assert!(!log.take(&lost, 25), "still the same outage");
        assert!(log.take(&ConnectionState::Live, 30));
        assert_eq!(log.outages(), &[(20, Some(30))]);
        assert!(log.take(&lost, 40));
        let kept = OutageLog::from_json(&log.to_json());
        assert_eq!(kept, vec![(20, Some(30)), (40, None)]);
        assert!(OutageLog::from_json("not json").is_empty());
    }
}
