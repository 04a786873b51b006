#!/usr/bin/env bash
# Make the AppImage from a built binary. An AppImage is the AppImage "type 2" runtime (a small
# ELF that mounts what follows it with FUSE, or extracts it, and starts its AppRun) with a
# squashfs of an AppDir appended. The AppDir holds AppRun (the binary), the desktop entry,
# the icons and the AppStream metadata; Debian's mksquashfs squashes it.
#
# The runtime: by default AppImageKit's (build 8bbf694, MIT), as published inside the crates.io
# crate `appimage` 0.4.0 (github.com/cloudpeers/x). crates.io is reachable from the machines
# that build and test here, the AppImage project's GitHub releases are not; the crate and the
# runtime are both pinned by SHA-256 below. That runtime loads libfuse.so.2 to mount itself.
# APPIMAGE_RUNTIME=FILE uses another runtime instead: the release workflow passes the static
# runtime of AppImage/type2-runtime, which needs no libfuse2 on the laptop.
#
#   packaging/appimage.sh BINARY OUT_DIR      prints the AppImage's path last
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${1:?usage: packaging/appimage.sh BINARY OUT_DIR}"
out="${2:?usage: packaging/appimage.sh BINARY OUT_DIR}"
app_id="com.alge-timing.mt1-monitor"

arch=$(uname -m)
[[ "$arch" == "x86_64" || -n "${APPIMAGE_RUNTIME:-}" ]] \
    || { echo "appimage.sh: only x86_64 has a pinned runtime here; set APPIMAGE_RUNTIME=FILE" >&2; exit 1; }
command -v mksquashfs >/dev/null || { echo "appimage.sh: mksquashfs is missing (apt-get install squashfs-tools)" >&2; exit 1; }
[[ -x "$binary" ]] || { echo "appimage.sh: no binary at $binary" >&2; exit 1; }
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

runtime="${APPIMAGE_RUNTIME:-}"
if [[ -z "$runtime" ]]; then
    crate_sha256="567a4da6b94a2ac20a27620933c80fc14cf475b5fe7d7b137d20eb237d6b1920"
    runtime_sha256="328e0d745c5c6817048c27bc3e8314871703f8f47ffa81a37cb06cd95a94b323"
    cache="${CARGO_TARGET_DIR:-target}/appimage-runtime"
    mkdir -p "$cache"
    crate="$cache/appimage-0.4.0.crate"
    if ! echo "$crate_sha256  $crate" | sha256sum --check --status 2>/dev/null; then
        curl --fail --silent --show-error --location --retry 3 --output "$crate" \
            https://static.crates.io/crates/appimage/appimage-0.4.0.crate
    fi
    echo "$crate_sha256  $crate" | sha256sum --check --quiet
    tar -xzf "$crate" -C "$work" appimage-0.4.0/assets/runtime-x86_64
    runtime="$work/appimage-0.4.0/assets/runtime-x86_64"
    echo "$runtime_sha256  $runtime" | sha256sum --check --quiet
fi
# An AppImage runtime says so in its ELF header: "AI" and the type, 2, at offset 8.
[[ "$(od -An -tx1 -j8 -N3 "$runtime" | tr -d ' \n')" == "414902" ]] \
    || { echo "appimage.sh: $runtime is not an AppImage type 2 runtime" >&2; exit 1; }

# The AppDir.
app="$work/AppDir"
mkdir -p "$app/usr/bin" "$app/usr/share/applications" "$app/usr/share/metainfo"
cp "$binary" "$app/usr/bin/mt1-monitor"
strip "$app/usr/bin/mt1-monitor"
ln -s usr/bin/mt1-monitor "$app/AppRun"
cp packaging/mt1-monitor.desktop "$app/usr/share/applications/$app_id.desktop"
ln -s "usr/share/applications/$app_id.desktop" "$app/$app_id.desktop"
cp "packaging/$app_id.metainfo.xml" "$app/usr/share/metainfo/"
for icon in assets/icons/mt1-monitor-*.png; do
    size=${icon##*-}
    size=${size%.png}
    mkdir -p "$app/usr/share/icons/hicolor/${size}x${size}/apps"
    cp "$icon" "$app/usr/share/icons/hicolor/${size}x${size}/apps/mt1-monitor.png"
done
cp assets/icons/mt1-monitor-256.png "$app/mt1-monitor.png"
ln -s mt1-monitor.png "$app/.DirIcon"

# gzip: every runtime reads it, and it unpacks fastest at start.
version=$("$binary" --version | awk '{print $2}')
image="$out/MT1_Monitor-$version-$arch.AppImage"
mksquashfs "$app" "$work/app.squashfs" -root-owned -noappend -comp gzip -quiet -no-progress >/dev/null
cat "$runtime" "$work/app.squashfs" >"$image"
chmod 755 "$image"
echo "$image"
