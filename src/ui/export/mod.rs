//! An export from the app: the job and its outcome, and the dialog and toolbar controls.

pub mod state;
pub mod view;
