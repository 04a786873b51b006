//! Which graphics API draws the window. Cheap laptops with old drivers (and Wine) offer a first
//! choice that fails when its device is made, so the window tries the platform's choices in
//! order (Windows DX12 → Vulkan → GL; macOS Metal → GL; elsewhere Vulkan → GL) and says which
//! one runs. Support can pin one with `--renderer` or `MT1_RENDERER`.

use eframe::egui_wgpu::{self, wgpu};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Renderer {
    Dx12,
    Vulkan,
    Metal,
    /// OpenGL (WGL on Windows, EGL/GLX elsewhere): the oldest drivers have it.
    Gl,
}

impl Renderer {
    /// The platform's order of preference.
    pub fn platform_order() -> &'static [Renderer] {
        if cfg!(windows) {
            &[Renderer::Dx12, Renderer::Vulkan, Renderer::Gl]
        } else if cfg!(target_os = "macos") {
            &[Renderer::Metal, Renderer::Gl]
        } else {
            &[Renderer::Vulkan, Renderer::Gl]
        }
    }

    /// What to try: the one support pinned, else the platform's order.
    pub fn attempts(pinned: Option<Renderer>) -> Vec<Renderer> {
        pinned.map_or_else(|| Self::platform_order().to_vec(), |r| vec![r])
    }

    pub fn name(self) -> &'static str {
        match self {
            Renderer::Dx12 => "dx12",
            Renderer::Vulkan => "vulkan",
            Renderer::Metal => "metal",
            Renderer::Gl => "gl",
        }
    }

    pub fn backends(self) -> wgpu::Backends {
        match self {
            Renderer::Dx12 => wgpu::Backends::DX12,
            Renderer::Vulkan => wgpu::Backends::VULKAN,
            Renderer::Metal => wgpu::Backends::METAL,
            Renderer::Gl => wgpu::Backends::GL,
        }
    }

    /// eframe's wgpu settings with this API alone.
    pub fn wgpu_options(self) -> egui_wgpu::WgpuConfiguration {
        let mut setup = egui_wgpu::WgpuSetupCreateNew::without_display_handle();
        setup.instance_descriptor.backends = self.backends();
        egui_wgpu::WgpuConfiguration {
            wgpu_setup: setup.into(),
            ..Default::default()
        }
    }
}

impl fmt::Display for Renderer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The adapter that draws, in words for About, the log and support: API, GPU, driver.
pub fn describe(info: &wgpu::AdapterInfo) -> String {
    let driver = [info.driver.as_str(), info.driver_info.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let backend = match info.backend {
        wgpu::Backend::Dx12 => "dx12",
        wgpu::Backend::Vulkan => "vulkan",
        wgpu::Backend::Metal => "metal",
        wgpu::Backend::Gl => "gl",
        _ => "other",
    };
    if driver.is_empty() {
        format!("{backend} on {}", info.name)
    } else {
        format!("{backend} on {} ({driver})", info.name)
    }
}

/// Why an API cannot draw here.
#[derive(Debug, thiserror::Error)]
pub enum RendererError {
    #[error("no adapter")]
    NoAdapter(#[source] wgpu::RequestAdapterError),
    #[error("{adapter}: no device")]
    NoDevice {
        adapter: String,
        #[source]
        cause: wgpu::RequestDeviceError,
    },
}

/// Whether this API can make a device here, without a window (`--diagnose`): the adapter in
/// words.
pub async fn probe(renderer: Renderer) -> Result<String, RendererError> {
    let instance = wgpu::Instance::new(wgpu::InstanceDescriptor {
        backends: renderer.backends(),
        ..wgpu::InstanceDescriptor::new_without_display_handle()
    });
    let adapter = instance
        .request_adapter(&wgpu::RequestAdapterOptions::default())
        .await
        .map_err(RendererError::NoAdapter)?;
    let adapter_words = describe(&adapter.get_info());
    match adapter
        .request_device(&wgpu::DeviceDescriptor::default())
        .await
    {
        Ok(_) => Ok(adapter_words),
        Err(cause) => Err(RendererError::NoDevice {
            adapter: adapter_words,
            cause,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pinned_renderer_is_tried_alone_and_the_platform_order_ends_with_gl() {
        assert_eq!(Renderer::attempts(Some(Renderer::Gl)), vec![Renderer::Gl]);
        let order = Renderer::attempts(None);
        assert_eq!(order.last(), Some(&Renderer::Gl));
        assert!(order.len() >= 2, "a fallback exists: {order:?}");
        if cfg!(windows) {
            assert_eq!(order[0], Renderer::Dx12);
        }
    }
}
