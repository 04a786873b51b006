//! Shared by the benchmarks: realistic MT1 messages, and an allocator that counts.
#![allow(dead_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering};

/// Counts allocations and live bytes, to report allocations per trigger and memory per row.
pub struct Counting;

pub static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
pub static LIVE_BYTES: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        LIVE_BYTES.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE_BYTES.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        LIVE_BYTES.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

pub const BASE_TICKS: i64 = 17_911_336_041_234_567;

/// A realistic push body (the reference's reconstructed example, varied by `n`).
pub fn body(n: i64) -> String {
    let (device, channel, kind) = match n % 3 {
        0 => ("231203016", 0, "MANUAL"),
        1 => ("231203017", 1, "SEQUENTIAL"),
        _ => ("190801013", 2, "SEQUENTIAL"),
    };
    format!(
        r#"{{"type":"ENTITY_ADD","dto":{{"deviceId":"{device}","timestamp":{},"timeOffset":60,"timingChannel":"C{channel}","type":"StartNumberTrigger","startNumber":{{"startNumber":{},"type":"{kind}"}},"valid":true,"blocked":false,"fallingEdge":true}},"entityType":"TriggerDto"}}"#,
        BASE_TICKS + n * 12_345,
        n % 5000
    )
}

/// A STOMP MESSAGE frame as the server sends it.
pub fn stomp_message(n: i64) -> String {
    let b = body(n);
    format!(
        "MESSAGE\ndestination:/topic/device/231203016/trigger\ncontent-type:application/json\nsubscription:sub-0\nmessage-id:m-{n}\ncontent-length:{}\n\n{b}\0",
        b.len()
    )
}

/// One SockJS `a[...]` websocket message with `count` MESSAGE frames starting at `first`.
pub fn sockjs_frame(first: i64, count: i64) -> String {
    let frames: Vec<String> = (first..first + count).map(stomp_message).collect();
    mt1_monitor::mt1::sockjs::encode_messages(&frames)
}

/// Signs `user` in on the simulator (its password is its name, as the demo accounts have) and
/// returns the session's configuration, with the password kept for the one re-login.
pub async fn signed_in(
    sim: &mt1_monitor::sim::Simulator,
    user: &str,
) -> mt1_monitor::session::SessionConfig {
    let client = mt1_monitor::mt1::rest::Mt1Client::new(&sim.base_url()).expect("client");
    let signed_in = client.login(user, user).await.expect("login");
    let credentials = mt1_monitor::mt1::account::Credentials {
        username: user.into(),
        password: user.into(),
    };
    mt1_monitor::session::SessionConfig::new(
        &sim.base_url(),
        signed_in.token,
        signed_in.user,
        Some(credentials),
    )
}
