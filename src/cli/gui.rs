//! The desktop app (no subcommand, or `--demo`): eframe owns the main thread.

use anyhow::Result;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use mt1_monitor::journal::listing::{self, SessionRef};
use mt1_monitor::storage::TokenStore;
use mt1_monitor::support;
use mt1_monitor::ui::app::renderer::{self, Renderer};
use mt1_monitor::ui::AppOptions;
use mt1_monitor::ui::MonitorApp;
use mt1_monitor::ui::ReplayRequest;
use mt1_monitor::ui::Settings;

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

#[derive(clap::Args)]
pub(crate) struct ReplayArgs {
    /// `latest` or a session number from `sessions`.
    #[arg(long, default_value = "latest")]
    session: SessionRef,
    #[arg(long)]
    account: Option<String>,
    /// 1 for true speed, 10 for ten times faster.
    #[arg(long, default_value_t = 1.0)]
    speed: f32,
    /// Start at this local time of day (HH:MM:SS).
    #[arg(long)]
    from: Option<String>,
}

/// The window as the command line opens it (no subcommand): the demo, the startup
/// benchmark, the server the sign-in form starts with.
pub(crate) fn window(
    demo: bool,
    bench_startup: bool,
    server: Option<String>,
    env: &super::Env,
) -> GuiStart {
    GuiStart {
        demo,
        replay: None,
        bench_startup: bench_startup.then_some(env.started),
        crashed: env.crashed.clone(),
        server,
        renderer: env.renderer,
    }
}

/// `mt1-monitor replay`: the window, replaying a journalled session.
pub(crate) fn replay(args: ReplayArgs, env: &super::Env) -> Result<ExitCode> {
    let dir = mt1_monitor::journal::data_dir()?;
    let (journal, info) = listing::find(&dir, args.session, args.account.as_deref())?;
    let from_seconds = args
        .from
        .as_deref()
        .map(super::parse_time_of_day)
        .transpose()?;
    let request = ReplayRequest {
        journal,
        session: info.id,
        account: info.username,
        server: info.server,
        speed: args.speed,
        from_seconds,
    };
    let start = GuiStart {
        replay: Some(request),
        ..window(false, false, None, env)
    };
    run(start, env)
}

/// The desktop app; eframe owns the main thread, the runtime serves the background work.
/// Each graphics API of the platform's order is tried until one makes its device: a failure
/// before the app exists (no adapter, no device, a device lost at once) moves on to the next.
pub(crate) fn run(start: GuiStart, env: &super::Env) -> Result<ExitCode> {
    // One monitor per computer journals; the demo and a replay touch no live journal.
    let _running = if start.demo || start.replay.is_some() {
        None
    } else {
        match super::lock_instance() {
            Ok(lock) => lock,
            Err(e)
                if matches!(
                    e.downcast_ref::<support::LockError>(),
                    Some(support::LockError::AlreadyRunning)
                ) =>
            {
                return already_running(env);
            }
            Err(e) => return Err(e),
        }
    };
    let runtime = &env.runtime;
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

/// A second start: said on the terminal, and in a small window for whoever started it from
/// the desktop (there is no terminal there); the first window goes on undisturbed.
fn already_running(env: &super::Env) -> Result<ExitCode> {
    let said = support::LockError::AlreadyRunning.to_string();
    eprintln!("mt1-monitor: {said}");
    mt1_monitor::ui::look::i18n::set_language(mt1_monitor::ui::look::i18n::Language::from_system());
    let title = mt1_monitor::tr!("already-running-title");
    let text = mt1_monitor::tr!("already-running-text");
    for renderer in Renderer::attempts(env.renderer) {
        let options = eframe::NativeOptions {
            viewport: egui::ViewportBuilder::default()
                .with_title(&title)
                .with_app_id(support::APP_ID)
                .with_icon(icon())
                .with_inner_size([520.0, 200.0]),
            wgpu_options: renderer.wgpu_options(),
            ..Default::default()
        };
        let (title, text) = (title.clone(), text.clone());
        let shown = eframe::run_ui_native("mt1-monitor", options, move |ui, _| {
            egui::CentralPanel::default().show(ui, |ui| {
                ui.heading(&title);
                ui.add_space(8.0);
                ui.label(&text);
                ui.add_space(12.0);
                let close = ui.button(mt1_monitor::tr!("help-close"));
                if close.clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
        });
        if shown.is_ok() {
            break;
        }
    }
    Ok(ExitCode::FAILURE)
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
