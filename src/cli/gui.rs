//! The desktop app (no subcommand, or `--demo`): eframe owns the main thread.

use anyhow::Result;
use std::process::ExitCode;

use mt1_monitor::storage::TokenStore;
use mt1_monitor::support;
use mt1_monitor::ui::{AppOptions, MonitorApp, ReplayRequest, Settings};

/// The desktop app; eframe owns the main thread, the runtime serves the background work.
pub(crate) fn run_gui(
    demo: bool,
    replay: Option<ReplayRequest>,
    bench_startup: Option<std::time::Instant>,
    crashed: Option<std::path::PathBuf>,
    runtime: &tokio::runtime::Runtime,
) -> Result<ExitCode> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("MT1 Monitor")
            .with_app_id(support::APP_ID)
            .with_icon(icon())
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([760.0, 480.0]),
        ..Default::default()
    };
    let handle = runtime.handle().clone();
    let token_store = match TokenStore::platform() {
        Ok(s) => Some(s),
        Err(e) => {
            tracing::warn!("sign-in will not be remembered: {e}");
            None
        }
    };
    eframe::run_native(
        "mt1-monitor",
        options,
        Box::new(move |cc| {
            let app_options = AppOptions {
                demo,
                token_store,
                export_path: None,
                settings: Settings::default(),
                journal_dir: None,
                bench_startup,
                sound: None,
                replay,
                crashed,
            };
            Ok(Box::new(MonitorApp::new(
                handle,
                app_options,
                cc.storage,
                &cc.egui_ctx,
            )))
        }),
    )
    .map_err(|e| anyhow::anyhow!("the window could not open: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

/// The window's icon (assets/icons, made from assets/icon.svg).
fn icon() -> egui::IconData {
    eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icons/mt1-monitor-256.png"))
        .unwrap_or_default()
}
