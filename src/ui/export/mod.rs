//! An export from the app: the job and its outcome, and the dialog and toolbar controls
//! (`hand_times`: Race Horology's options in the dialog).

pub mod hand_times;
pub mod state;
pub mod view;
