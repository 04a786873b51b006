//! A result that work on the runtime will send back, polled once a frame: the UI thread
//! never waits for it. A job that stopped without sending (it panicked, the runtime is
//! shutting down) is an answer too, [`Poll::Stopped`], never a panic.

use tokio::sync::oneshot;

/// What a job will send.
#[derive(Debug)]
pub struct Pending<T>(oneshot::Receiver<T>);

/// Where a pending job stands.
#[derive(Debug, PartialEq, Eq)]
pub enum Poll<T> {
    Waiting,
    Done(T),
    /// The job ended without an answer.
    Stopped,
}

impl<T> Pending<T> {
    /// A job's sender, and what the UI polls.
    pub fn channel() -> (oneshot::Sender<T>, Self) {
        let (tx, rx) = oneshot::channel();
        (tx, Self(rx))
    }

    /// Runs `job` on the runtime's blocking threads; `then` runs once its answer is sent (a
    /// repaint, so that the frame that polls it comes).
    pub fn spawn_blocking(
        runtime: &tokio::runtime::Handle,
        job: impl FnOnce() -> T + Send + 'static,
        then: impl FnOnce() + Send + 'static,
    ) -> Self
    where
        T: Send + 'static,
    {
        let (tx, pending) = Self::channel();
        runtime.spawn_blocking(move || {
            let _ = tx.send(job());
            then();
        });
        pending
    }

    pub fn poll(&mut self) -> Poll<T> {
        match self.0.try_recv() {
            Ok(value) => Poll::Done(value),
            Err(oneshot::error::TryRecvError::Empty) => Poll::Waiting,
            Err(oneshot::error::TryRecvError::Closed) => Poll::Stopped,
        }
    }
}

/// Polls the job in `slot`, if any: its answer once, and the slot emptied when it is done
/// or stopped (`Some(None)`: it stopped without one).
pub fn take<T>(slot: &mut Option<Pending<T>>) -> Option<Option<T>> {
    let answer = match slot.as_mut()?.poll() {
        Poll::Waiting => return None,
        Poll::Done(value) => Some(value),
        Poll::Stopped => None,
    };
    *slot = None;
    Some(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_taken_once_and_a_stopped_job_is_an_answer_too() {
        let (tx, pending) = Pending::channel();
        let mut slot = Some(pending);
        assert_eq!(take(&mut slot), None, "still waiting");
        tx.send(7).expect("sent");
        assert_eq!(take(&mut slot), Some(Some(7)));
        assert!(slot.is_none(), "taken");
        let (tx, pending) = Pending::<u8>::channel();
        drop(tx);
        let mut slot = Some(pending);
        assert_eq!(take(&mut slot), Some(None), "stopped, not a panic");
        assert_eq!(take(&mut slot), None);
    }
}
