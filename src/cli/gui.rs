//! The desktop app (no subcommand, or `--demo`): eframe owns the main thread.

use anyhow::Result;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use mt1_monitor::storage::TokenStore;
use mt1_monitor::support;
use mt1_monitor::ui::renderer::{self, Renderer};
use mt1_monitor::ui::{AppOptions, MonitorApp, ReplayRequest, Settings};

/// How the window starts: from the command line.
pub(crate) struct GuiStart {
    pub demo: bool,
    pub replay: Option<ReplayRequest>,
    pub bench_startup: Option<std::time::Instant>,
    pub crashed: Option<PathBuf>,
    pub server: Option<String>,
    /// Support's choice (`--renderer`, `MT1_RENDERER`); `None`: the platform's order.
    pub renderer: Option<Renderer>,
}

/// The desktop app; eframe owns the main thread, the runtime serves the background work.
/// Each graphics API of the platform's order is tried until one makes its device: a failure
/// before the app exists (no adapter, no device, a device lost at once) moves on to the next.
pub(crate) fn run_gui(start: GuiStart, runtime: &tokio::runtime::Runtime) -> Result<ExitCode> {
    let attempts = Renderer::attempts(start.renderer);
    // The start goes into the app when it is made; until then it is kept for the next try.
    let held = Arc::new(Mutex::new(Some(start)));
    let mut failures = Vec::new();
    for renderer in attempts {
        match open_window(renderer, runtime, held.clone()) {
            Ok(()) => return Ok(ExitCode::SUCCESS),
            Err(e) if app_made(&held) => {
                anyhow::bail!("the window closed with an error ({renderer}): {e}")
            }
            Err(e) => {
                tracing::warn!("the {renderer} renderer could not start: {e}; trying the next");
                failures.push(format!("{renderer}: {e}"));
            }
        }
    }
    anyhow::bail!(
        "the window could not open: no graphics API of this computer could draw it ({}). \
         Updating the graphics driver usually helps; support can choose one with --renderer",
        failures.join("; ")
    )
}

fn app_made(held: &Mutex<Option<GuiStart>>) -> bool {
    held.lock().map_or(true, |s| s.is_none())
}

fn open_window(
    renderer: Renderer,
    runtime: &tokio::runtime::Runtime,
    held: Arc<Mutex<Option<GuiStart>>>,
) -> Result<(), eframe::Error> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("MT1 Monitor")
            .with_app_id(support::APP_ID)
            .with_icon(icon())
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([760.0, 480.0]),
        wgpu_options: renderer.wgpu_options(),
        ..Default::default()
    };
    let handle = runtime.handle().clone();
    eframe::run_native(
        "mt1-monitor",
        options,
        Box::new(move |cc| {
            let start = held
                .lock()
                .ok()
                .and_then(|mut s| s.take())
                .ok_or("the window was made twice")?;
            let running = cc
                .wgpu_render_state
                .as_ref()
                .map(|s| renderer::describe(&s.adapter.get_info()));
            tracing::info!(
                "graphics: {}",
                running.as_deref().unwrap_or("no wgpu state")
            );
            let token_store = match TokenStore::platform() {
                Ok(s) => Some(s),
                Err(e) => {
                    tracing::warn!("sign-in will not be remembered: {e}");
                    None
                }
            };
            let app_options = AppOptions {
                demo: start.demo,
                token_store,
                export_path: None,
                settings: Settings::default(),
                journal_dir: None,
                bench_startup: start.bench_startup,
                sound: None,
                replay: start.replay,
                crashed: start.crashed,
                server: start.server,
                renderer: running,
            };
            Ok(Box::new(MonitorApp::new(
                handle,
                app_options,
                cc.storage,
                &cc.egui_ctx,
            )))
        }),
    )
}

/// The window's icon (assets/icons, made from assets/icon.svg).
fn icon() -> egui::IconData {
    eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icons/mt1-monitor-256.png"))
        .unwrap_or_default()
}
