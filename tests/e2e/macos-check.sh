#!/usr/bin/env bash
# macOS, checked here: `cargo check` of the app for Apple silicon and Intel Macs, with Debian's
# rustc-web and its std sources (-Zbuild-std; no macOS std is shipped for Linux).
#
#   tests/e2e/macos-check.sh [TARGET ...]   (default: aarch64-apple-darwin x86_64-apple-darwin)
#
# What it proves: every line of Rust, ours and our dependencies', type-checks and borrow-checks
# for macOS with macOS's cfg (Metal, CoreAudio through cpal, the keychain, the Library/Logs
# folder, objc2's AppKit) against the versions in Cargo.lock.
# What it does not: the build scripts' C (ring, SQLite, mimalloc) is not compiled for macOS
# (no macOS SDK here: tests/e2e/macos/no-cc stands in for the compiler and writes empty
# objects); nothing is linked or run; no .app, DMG, signing or notarisation. Those are the
# release workflow's (its macOS job runs `cargo test` on a Mac, then packages).
set -euo pipefail
cd "$(dirname "$0")/../.."
E2E_NAME="tests/e2e/macos-check.sh"
# shellcheck source=tests/e2e/lib.sh
. tests/e2e/lib.sh
need_commands /usr/lib/rustlib/src/rust/library/Cargo.lock:rust-web-src /usr/bin/cargo:cargo-web clang:clang
[[ "$(/usr/bin/rustc --version 2>/dev/null)" == rustc\ 1.9* ]] || need_commands /nonexistent/rustc-web:rustc-web
targets=("$@")
((${#targets[@]})) || targets=(aarch64-apple-darwin x86_64-apple-darwin)
for t in "${targets[@]}"; do
    echo "== cargo check --target $t"
    env RUSTC_BOOTSTRAP=1 RUSTC=/usr/bin/rustc "CC_${t//-/_}=$PWD/tests/e2e/macos/no-cc" \
        /usr/bin/cargo check --quiet -Zbuild-std=std,panic_abort --target "$t" \
        --target-dir target/macos --bin mt1-monitor
done
echo "macOS type-checks: ${targets[*]}"
