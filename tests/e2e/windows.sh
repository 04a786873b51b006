#!/usr/bin/env bash
# The Windows app, built here and run as an official runs it, under Wine. Most officials use
# Windows; this is where it is proven in every test run.
#
#   tests/e2e/windows.sh [OUT_DIR]   (default: target/e2e-windows)
#
# Build: Debian's rustc-web (a current Rust) with its std sources (-Zbuild-std) and mingw-w64
# make x86_64-pc-windows-gnu's mt1-monitor.exe (dev profile without debug info, target folder
# target/windows). Then, in a fresh Wine prefix whose user is "Müller" (a non-ASCII profile
# path: C:\users\Müller, data under %LOCALAPPDATA%):
#   --version; the .exe's own simulator; --diagnose against it (graphics and server);
#   record against it: sign-in, pushes, a dropped link with a trigger made meanwhile (read
#     from history), every token expired (signed in again), the CSV in Documents;
#   record killed (kill -9), then record --continue: the gap read, one session;
#   export in every preset (classic, full, excel, race-horology) with the tape, and verify;
#   the window (--demo) under Xvfb with no WGPU_BACKEND: it opens (the renderer falls back
#     from DX12, which fails under Wine), a screenshot, Ctrl+Q, exit 0, no crash note;
#   the installer (packaging/windows/mt1-monitor.nsi, Debian's makensis): installed silently
#     (/S), Start-menu entry, uninstaller and Apps & features entry checked, the installed app
#     run (--version, record), uninstalled: the program gone, the data folder kept.
# Wine 8 lacks bcryptprimitives.dll (ProcessPrng, which Rust's std imports): a stand-in built
# from tests/e2e/windows/bcryptprimitives.c is put beside the .exe here, never in the installer.
# Needs root or sudo without a password only to install what is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
E2E_NAME="tests/e2e/windows.sh"
# shellcheck source=tests/e2e/lib.sh
. tests/e2e/lib.sh

out="${1:-target/e2e-windows}"
mkdir -p "$out"
out=$(realpath "$out")
need_commands /usr/lib/rustlib/src/rust/library/Cargo.lock:rust-web-src /usr/bin/cargo:cargo-web \
    x86_64-w64-mingw32-gcc:gcc-mingw-w64-x86-64 /usr/lib/wine/wine64:wine64 makensis:nsis \
    Xvfb:xvfb import:imagemagick xdotool:xdotool curl:curl setsid:util-linux ps:procps \
    /usr/share/vulkan/icd.d/lvp_icd.x86_64.json:mesa-vulkan-drivers
[[ "$(/usr/bin/rustc --version 2>/dev/null)" == rustc\ 1.9* ]] || need_commands /nonexistent/rustc-web:rustc-web

echo "== build x86_64-pc-windows-gnu"
target="$PWD/target/windows"
RUSTC_BOOTSTRAP=1 RUSTC=/usr/bin/rustc CARGO_PROFILE_DEV_DEBUG=0 \
    CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc \
    /usr/bin/cargo build --quiet -Zbuild-std=std,panic_abort --target x86_64-pc-windows-gnu \
    --target-dir "$target" --bin mt1-monitor
exe="$target/x86_64-pc-windows-gnu/debug/mt1-monitor.exe"
version=$(awk -F'"' '/^version/ {print $2; exit}' Cargo.toml)

work=$(mktemp -d)
cleanup() {
    stop_all
    WINEPREFIX="$work/prefix" /usr/lib/wine/wineserver -k 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
mkdir "$work/app"
cp "$exe" "$work/app/"
x86_64-w64-mingw32-gcc -shared -O2 -o "$work/app/bcryptprimitives.dll" \
    tests/e2e/windows/bcryptprimitives.c -ladvapi32

echo "== a Wine prefix for the user Müller"
# Every Wine process gets the display: Wine's desktop process starts with the first of them,
# and one started without a display leaves the later windows none.
start_xvfb 1400x900x24
# MT1_PASSWORD: record's password for the simulator's demo account.
wine_env=(env -i "PATH=$PATH" "HOME=$work/home" "USER=Müller" "WINEPREFIX=$work/prefix" WINEDEBUG=-all
    "WINEDLLOVERRIDES=mscoree,mshtml=" LANG=C.UTF-8 "TMPDIR=$work" MT1_PASSWORD=demo "DISPLAY=:$display")
mkdir -m 700 "$work/home"
wine=("${wine_env[@]}" /usr/lib/wine/wine64)
"${wine[@]}" wineboot -i >"$work/wineboot.log" 2>&1 || fail "wineboot failed" "$work/wineboot.log"
"${wine_env[@]}" /usr/lib/wine/wineserver -w
profile="$work/prefix/drive_c/users/Müller"
[[ -d "$profile" ]] || fail "Wine made no profile C:\\users\\Müller"
data="$profile/AppData/Local/ALGE-Timing/mt1-monitor/data"
mkdir -p "$profile/Documents"
docs='C:\users\Müller\Documents'
app=("${wine[@]}" "$work/app/mt1-monitor.exe")

echo "-- --version"
[[ "$("${app[@]}" --version | tr -d '\r')" == "mt1-monitor $version" ]] || fail "--version is not $version"

echo "-- the simulator, --diagnose"
start_sim "$work" "${app[@]}"
"${app[@]}" --diagnose --server "$server" >"$work/diagnose.txt" 2>"$work/diagnose.log"
tr -d '\r' <"$work/diagnose.txt" >"$out/diagnose.txt"
grep -q "^server $server: answers" "$out/diagnose.txt" || fail "--diagnose did not reach $server" "$out/diagnose.txt"
grep -q "^data folder: C:\\\\users\\\\Müller\\\\AppData\\\\Local\\\\" "$out/diagnose.txt" \
    || fail "the data folder is not under %LOCALAPPDATA% of Müller" "$out/diagnose.txt"

echo "-- record: sign-in, pushes, a dropped link, expired tokens"
since=$(date -u -d '-2 hours' +%Y-%m-%dT%H:%M:%SZ)
spawn "${app[@]}" record --server "$server" --username demo --csv "$docs\\race.csv" --since "$since" \
    --duration 25 >"$work/record.out" 2>"$work/record.log"
recorder=$spawned
sim_post() { curl -fsS -X POST "$server/sim/$1" >/dev/null || fail "the simulator refused /sim/$1"; }
# Waits until the record log has $1 lines matching $2.
wait_count() {
    timeout 30 bash -c "until (( \$(grep -c -- '$2' '$work/record.log') >= $1 )); do sleep 0.3; done" \
        || fail "record: fewer than $1 lines '$2'" "$work/record.log"
}
wait_line "$work/record.log" "live link connected" 60 || fail "record: no live link" "$work/record.log"
sim_post "press?device=231203016&channel=0"
sim_post "press?device=231203016&channel=0"
wait_count 2 "(push)"
sim_post "drop?refuse_ms=3000"
sleep 0.5
sim_post "press?device=231203017&channel=1" # made while the link is down
wait_line "$work/record.log" "231203017 C1: 1 trigger(s) recovered from history" 30 \
    || fail "record: the trigger made during the outage was not read from history" "$work/record.log"
sim_post expire-tokens
sim_post "drop?refuse_ms=500"
wait_line "$work/record.log" "token expired; signed in again" 30 || fail "record: no new sign-in after the tokens expired" "$work/record.log"
wait_count 3 "live link connected"
sim_post "press?device=231203016&channel=0"
wait_count 3 "(push)"
wait_exit "$recorder" 60 || fail "record did not end after --duration" "$work/record.log"
((exited == 0)) || fail "record exited with $exited" "$work/record.log"
rows=$(($(wc -l <"$profile/Documents/race.csv") - 1))
((rows >= 4)) || fail "record wrote $rows trigger(s), not the 4 made" "$work/record.log"
[[ -f "$data/journal/demo@127.0.0.1_${server##*:}.sqlite3" ]] || fail "no journal under %LOCALAPPDATA%" "$work/record.log"
echo "   $rows triggers in C:\\users\\Müller\\Documents\\race.csv, journal under %LOCALAPPDATA%"

echo "-- record killed, then record --continue"
spawn "${app[@]}" record --server "$server" --username demo --csv "$docs\\killed.csv" \
    --duration 60 >"$work/killed.out" 2>"$work/killed.log"
killed=$spawned
wait_line "$work/killed.log" "live link connected" 60 || fail "record (to be killed): no live link" "$work/killed.log"
# The Windows process is the Unix process Wine runs it in: kill -9 ends it without a word.
kill -9 -- "-$killed"
wait "$killed" 2>/dev/null || true
forget "$killed"
"${app[@]}" record --server "$server" --username demo --csv "$docs\\continued.csv" --duration 8 \
    --continue >"$work/continued.out" 2>"$work/continued.log" || fail "record --continue failed" "$work/continued.log"
grep -q "did not end cleanly" "$work/continued.log" || fail "record --continue did not see the killed session" "$work/continued.log"
grep -q "continuing journal session" "$work/continued.log" || fail "record --continue started a new session" "$work/continued.log"
"${app[@]}" sessions 2>/dev/null | tr -d '\r' >"$work/sessions.txt"
! grep -q "not closed" "$work/sessions.txt" || fail "a session was left open" "$work/sessions.txt"
[[ $(grep -c "demo@" "$work/sessions.txt") == 2 ]] || fail "record and the continued one: two sessions" "$work/sessions.txt"
echo "   the killed session found, continued and closed"

echo "-- export in every preset, with the tape, and verify"
for preset in classic full excel race-horology; do
    args=(export --csv "$docs\\export-$preset.csv" --tape)
    [[ "$preset" == classic ]] || args+=(--preset "$preset")
    "${app[@]}" "${args[@]}" >"$work/export-$preset.out" 2>"$work/export-$preset.log" \
        || fail "export $preset failed" "$work/export-$preset.log"
    files=$(tr -d '\r' <"$work/export-$preset.out" | sed -n 's/^exported .* to \(.*\)$/\1/p')
    [[ -n "$files" ]] || fail "export $preset names no file" "$work/export-$preset.out"
    while IFS= read -r file; do
        "${app[@]}" verify "$file" >"$work/verify.out" 2>&1 || fail "verify $file failed" "$work/verify.out"
        grep -q "is as exported" "$work/verify.out" || fail "verify $file" "$work/verify.out"
    done <<<"$files"
    ls "$profile/Documents/"export-"$preset"*.pdf >/dev/null 2>&1 || fail "export $preset wrote no tape"
done
echo "   classic, full, excel and race-horology exported, each verified, each with its tape"
stop "$sim"

echo "-- the window: --demo under Xvfb, no WGPU_BACKEND"
spawn "${wine[@]}" "$work/app/mt1-monitor.exe" --demo >"$work/demo.log" 2>&1
demo=$spawned
wait_window "MT1 Monitor" 90 || fail "the window did not open" "$work/demo.log"
wait_line "$work/demo.log" "live link connected" 60 || fail "the demo's live link did not connect" "$work/demo.log"
sleep 3 # the table fills from history
screenshot "$out/windows-demo.png"
renderer=$(sed -n 's/.*graphics: \([a-z0-9]*\) on .*/\1/p' "$work/demo.log" | head -n 1)
[[ -n "$renderer" ]] || fail "the log does not say which renderer draws" "$work/demo.log"
keys ctrl+q
wait_exit "$demo" 30 || fail "the window did not quit on Ctrl+Q" "$work/demo.log"
((exited == 0)) || fail "the window exited with $exited" "$work/demo.log"
if compgen -G "$data/logs/crash-*" >/dev/null; then fail "a crash note was written" "$(compgen -G "$data/logs/crash-*" | head -n 1)"; fi
echo "   opened with $renderer (fallback from: $(grep -o 'the [a-z0-9]* renderer could not start' "$work/demo.log" | awk '{print $2}' | paste -sd, -)), Ctrl+Q exit 0; screenshot $out/windows-demo.png ($colours colours)"

echo "== the installer"
stripped="$work/mt1-monitor.exe"
x86_64-w64-mingw32-strip -o "$stripped" "$work/app/mt1-monitor.exe"
setup="$out/MT1-Monitor-$version-x64-setup.exe"
makensis -V2 -DVERSION="$version" -DBINARY="$stripped" -DOUTFILE="$setup" packaging/windows/mt1-monitor.nsi \
    >"$work/makensis.log" 2>&1 || fail "makensis failed" "$work/makensis.log"
"${wine[@]}" "$setup" /S >"$work/setup.log" 2>&1 || fail "the silent install failed" "$work/setup.log"
"${wine_env[@]}" /usr/lib/wine/wineserver -w
installed="$work/prefix/drive_c/Program Files/MT1 Monitor"
for file in mt1-monitor.exe Uninstall.exe mt1-monitor.ico; do
    [[ -f "$installed/$file" ]] || fail "installer: C:\\Program Files\\MT1 Monitor\\$file is missing"
done
[[ -f "$work/prefix/drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs/MT1 Monitor.lnk" ]] \
    || fail "installer: no Start-menu entry"
"${wine[@]}" reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\com.alge-timing.mt1-monitor' \
    >"$work/reg.txt" 2>&1 || fail "installer: no Apps & features entry" "$work/reg.txt"
grep -q "QuietUninstallString" "$work/reg.txt" || fail "installer: the entry has no uninstaller" "$work/reg.txt"
# The installed app runs (the Wine stand-in for bcryptprimitives.dll goes beside it only here).
cp "$work/app/bcryptprimitives.dll" "$installed/"
installed_app=("${wine[@]}" 'C:\Program Files\MT1 Monitor\mt1-monitor.exe')
[[ "$("${installed_app[@]}" --version | tr -d '\r')" == "mt1-monitor $version" ]] || fail "the installed app's --version"
start_sim "$work" "${installed_app[@]}"
"${installed_app[@]}" record --server "$server" --username demo --csv "$docs\\installed.csv" --since "$since" \
    --duration 5 >"$work/installed.out" 2>"$work/installed.log" || fail "the installed app's record failed" "$work/installed.log"
grep -q "live link connected" "$work/installed.log" || fail "the installed app's record had no live link" "$work/installed.log"
stop "$sim"
rm "$installed/bcryptprimitives.dll"
"${wine_env[@]}" /usr/lib/wine/wineserver -w
"${wine[@]}" 'C:\Program Files\MT1 Monitor\Uninstall.exe' /S >"$work/uninstall.log" 2>&1 || fail "the silent uninstall failed" "$work/uninstall.log"
"${wine_env[@]}" /usr/lib/wine/wineserver -w # the uninstaller runs on from a copy of itself
[[ ! -e "$installed" ]] || fail "uninstall left $(ls "$installed")"
[[ ! -e "$work/prefix/drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs/MT1 Monitor.lnk" ]] || fail "uninstall left the Start-menu entry"
! "${wine[@]}" reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\com.alge-timing.mt1-monitor' >/dev/null 2>&1 \
    || fail "uninstall left the Apps & features entry"
[[ -d "$data/journal" && -f "$profile/Documents/installed.csv" ]] || fail "uninstall removed the official's data"
echo "   installed silently ($(du -h "$setup" | cut -f1)), Start-menu entry, ran, uninstalled; data folder kept"
echo "windows tests passed under $("${wine[@]}" --version)"
