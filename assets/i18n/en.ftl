# mt1-monitor — English. Every message the app shows; one file per language, same keys.
# Arguments are written { $name }. Keep the keys in the order of the English file.

app-title = MT1 Monitor

## Menus and commands (the shortcut list of the help overlay)
menu-file = File
menu-view = View
menu-help = Help
command-focus-filter = Focus the filter
command-jump-to-bib = Jump to bib
command-clear-filter = Clear filter
command-export = Export…
command-reconnect-now = Reconnect now
command-resume-following = Resume following
command-big-clock = Big clock
command-mute = Mute sounds
command-pre-race-check = Pre-race check…
pre-race-title = Pre-race check
command-settings = Settings
command-zoom-in = Zoom in
command-zoom-out = Zoom out
command-zoom-reset = Reset zoom
command-help = Keyboard shortcuts
command-about = About MT1 Monitor
command-sign-out = Sign out…
command-quit = Quit
help-title = Keyboard shortcuts
help-typing-note = Shortcuts do nothing while you type in a text field.
help-menu-only = no shortcut
help-close = Close

## Background work
busy-demo = Starting the demo simulator…
busy-restore = Checking the saved sign-in…
busy-sign-in = Signing in…
busy-journal = Opening the journal…
busy-replay = Opening the journalled session for replay…

## Sign-in screen
login-tagline = Live triggers from your ALGE-Timing MT1 devices (ALGE Results)
login-username = Username
login-password = Password
login-remember = Remember password on this computer
login-remember-hint = Kept in this computer's keychain (never in a file), so an expired sign-in renews by itself, also after a restart. Sign out forgets it.
login-advanced = Advanced
login-server = Server
login-sign-in = Sign in
login-quota-wait = quota: wait { $seconds } s
login-no-account = No account at hand?
login-demo = Try the demo

## Errors, named once, in words an official can act on
error-bad-credentials = Wrong username or password.
error-untrusted = No secure connection to the server: { $cause }.
error-network = No connection to the server ({ $cause }). Check the network, and the server address under Advanced.
error-quota = The ALGE Results API quota is reached. Try again at { $at } (in { $seconds } s).
error-server-address = Server address: { $cause }
error-expired = Your sign-in has expired. Please sign in again.
error-server = The server reported an error: { $cause }
error-demo = The demo could not start: { $cause }
error-task-stopped = The background task stopped unexpectedly.
error-journal-task-stopped = The journal task stopped unexpectedly.
password-not-remembered = { $cause }; after a restart, an expired sign-in asks for the password.

## Missing Timekeeper role
role-title = Timekeeper feature not enabled
role-signed-in-as = Signed in as { $username }.
role-warning = This ALGE Results account does not have the Timekeeper feature (role TIMING_POINT_ACCOUNT). Device triggers may be refused. Enable it in the Account section of ALGE Results, then sign in again.
role-continue = Continue anyway
role-back = Back to sign-in

## Continue the last session?
session-choice-title = Continue the last session?
session-choice-summary = Session { $session } of { $username } started { $started } and holds { $triggers ->
        [one] one trigger
       *[other] { $triggers } triggers
    } (including any that arrived as the app closed).
session-choice-unclean = mt1-monitor did not close cleanly last time (it was killed or crashed). Continuing the session reads the gap from history.
session-continue = Continue session { $session }
session-new = Start a new session
session-unclean = session { $session } was not closed cleanly (killed or crashed); its gap is read from history

## Journal
journal-open-failed = the journal could not be opened, triggers are not saved locally: { $cause }
journal-prepare-failed = the journal session could not be prepared, triggers are not saved locally: { $cause }
journal-recovered = the journal writes again; { $written ->
        [one] { $written } held change saved
       *[other] { $written } held changes saved
    }
## The monitor
monitor-sign-out = Sign out…
monitor-leave-demo = Leave demo…
sign-out-title = Sign out?
sign-out-explain = The live link stops and the saved sign-in is forgotten. Everything received so far stays in the journal and can still be exported.
sign-out-confirm = Sign out
sign-out-cancel = Cancel
link-connecting = connecting…
link-live = live
link-quiet = link quiet
link-quiet-detail = nothing heard for { $seconds } s, reconnecting in { $left } s unless data comes
link-reconnecting = link lost, reconnecting in { $seconds } s (attempt { $attempt })
link-quota = API quota reached: history paused for { $seconds } s; missed triggers are recovered afterwards
link-quota-live = API quota reached: history paused for { $seconds } s, live triggers continue; missed triggers are recovered afterwards
link-sign-in-needed = sign-in needed; after signing in, missed triggers are read from history
link-signed-out = signed out: { $reason }
link-stopped = stopped
banner-link-lost = Live link lost — { $state }. Triggers made meanwhile will be recovered from history.
banner-link-quiet = The live link is quiet: nothing heard from ALGE Results for { $seconds } s. It reconnects by itself in { $left } s unless data comes; triggers made meanwhile will be read from history.
banner-sign-in-needed = Not receiving triggers — sign-in needed. Sign in again in the window below; triggers made meanwhile will be read from history.
banner-signed-out = Not receiving triggers — signed out: { $reason }. Sign in again.
banner-journal = Journal not writing — triggers are kept in memory and saved when it can: { $cause }
prompt-title = Sign in again
prompt-expired = Your ALGE Results sign-in has expired. Live triggers have stopped until you sign in.
prompt-reason = Reason: { $reason }
prompt-nothing-lost = Nothing is lost: after signing in, the triggers made meanwhile are read from history into this session.

## Export
export-button = Export…
export-only-shown = Only shown rows
export-only-shown-hint = Export what the filter shows instead of every trigger
export-progress = Exporting { $done }/{ $total }
export-written = Exported { $rows ->
        [one] { $rows } trigger
       *[other] { $rows } triggers
    } to { $path } ({ $files ->
        [one] { $files } file
       *[other] { $files } files
    } and a manifest)
export-failed = Export failed: { $cause } — nothing is lost; try another place
export-no-dialog = The save dialog could not open on this computer.
export-cancelled = No file chosen
export-save-documents = Save to Documents
export-open-folder = Open folder
export-to-documents = The save dialog cannot open on this computer. The files go to { $folder }
export-ask-again = Ask where to save
export-task-stopped = the export task stopped unexpectedly
export-title = Export
export-write = Write the files
export-tape = Timing tape (PDF)
export-tape-hint = Every impulse in arrival order, cleared, deleted and missing ones too, with the completeness summary and the pre-race check: the printout to keep beside the device.
export-tape-printer = with the device printer's view
export-tape-printer-hint = Adds each device's lines as its printer prints them, device after device (the devices' own values).
printer-menu = Printer
printer-title = Device printer
printer-device = Device
printer-channel = Channel
printer-all-channels = all
printer-hint = What the device's printer would have printed, oldest first: the device's own values (no correction, no hand time); c marks an impulse taken back.
printer-empty = Nothing printed yet.
export-summary = Jury summary (PDF, one page)
export-summary-hint = One page for the jury: devices and channels with their counts, outages and what was recovered, corrections, watchdog trips, the pre-race check and the SHA-256 of each file.
export-manifest-note = A manifest (.manifest.json and .txt) with the counts, outages and the SHA-256 of each file is written beside the export; "mt1-monitor verify FILE" checks a file against it.
export-preview = Preview (first rows, as written)
preset-label = Format:
preset-full = Full
preset-excel = Excel
preset-race-horology = Race Horology
preset-custom = Custom
preset-full-hint = Every column, with the device name, comma-separated.
preset-excel-hint = For Excel in European locales: semicolons, a UTF-8 mark, decimal commas, times kept as text, and seconds_of_day as a number.
preset-race-horology-hint = Race Horology's hand-time import: one device time per line (hh:mm:ss,ffff), one file per device channel; only valid impulses still standing.
preset-custom-hint = Your columns in your order, your separator and time format (remembered).
preset-custom-columns = Columns, in order:
preset-move-up = Move up
preset-move-down = Move down
preset-separator = Separator
preset-time-format = Time:

## Devices
devices-title = Devices
devices-waiting = waiting for the device list…
devices-unticked-note = Unticked devices are still recorded and exported with “everything”.
device-no-trigger = no trigger yet
device-last-trigger = last trigger { $age }
device-channel-held = { $channel }  here { $here }
device-channel-counts = { $channel }  here { $here } · server { $server }
device-counts-hint = Here: triggers this app holds, live. Server: what ALGE Results counted at its last check (every minute).
device-mismatch-hint = The server counts a different number of triggers even after a full history read.
age-seconds = { $n } s ago
age-minutes = { $n } min ago
age-hours = { $n } h ago

## Filter and following
filter-label = Filter
filter-hint = bib, device, time, state…
jump-hint = bib
jump-none = no bib { $bib } in the table
filter-channel = Channel
filter-all-channels = all
filter-shown = { $shown } of { $total } shown
follow-on = following newest
follow-paused = Paused — { $n } new · Resume following
follow-sorted = Sorted by another column · Newest first

## Status bar
status-history = reading history: { $read } of ~{ $expected }
status-history-window = reading history: { $read }
status-counts = { $triggers } triggers · { $recovered } recovered from history
status-last-problem = last problem ({ $age }): { $problem }
status-problems = { $n ->
        [one] { $n } problem since start
       *[other] { $n } problems since start
    }
## Table
column-device = Device
column-channel = Channel
column-device-time = Device time (device clock)
column-device-time-hint = The device's own clock, in its local time (the zone set on the MT1).
column-bib = Bib
column-bib-entry = Bib entry
column-type = Type
column-valid = Valid
column-state = State
column-source = Source
column-received = Received (laptop, UTC{ $zone })
column-received-hint = When this laptop received it, by this laptop's clock (UTC{ $zone }).
column-latency = Latency
column-latency-hint = From the device's time to this laptop, for pushed triggers. Triggers read from history were recovered later.
column-sort-hint = Click to sort
state-active = active
state-cleared = cleared
state-deleted = deleted
state-missing = missing on server
source-push = push
source-history = history
source-hand = hand time
bib-typed = typed
bib-sequential = sequential
kind-impulse = impulse
kind-clear = clear
valid-yes = yes
valid-no = NO
latency-ms = { $ms } ms
latency-recovered = recovered

## Settings
settings-theme = Theme
theme-system = Follow the system
theme-light = Light (daylight)
theme-dark = Dark
settings-language = Language
settings-language-system = System ({ $language })
settings-zoom = Zoom
settings-columns = Table columns
settings-data-folder = Data folder
settings-open-folder = Open folder
settings-no-data-folder = No data folder on this computer (set MT1_DATA_DIR).
settings-sign-in = Sign-in
settings-remembered = Remembered for { $who }
settings-forget = Forget
settings-nothing-remembered = Nothing remembered.
settings-saved-note = Settings are saved when the app closes. CSV column names and the command line stay in English.
settings-close = Close

## Sound
settings-sound = Sound
settings-volume = Volume
settings-beeps-hint = Choose the channels that beep with 🔔 beside each channel in the device list.
status-muted = sounds muted
sound-unavailable = No sound on this computer ({ $cause }); everything else works.
device-beep-hint = Beep on each trigger of this channel (each channel has its own tone)

## Link health and clocks
link-heard = link: last data { $age }
link-heard-hint = The last frame or heart-beat the live link delivered (heart-beats come every 10 s).
device-latency = last delay { $ms } ms ({ $word })
device-add-channel = + channel
device-clock-ahead = device clock ahead by { $ms } ms
device-latency-link-down = last delay { $ms } ms (before the link went down)
device-latency-hint = From the device's clock to this laptop for its last pushed trigger: under 2 s good, under 10 s slow, beyond that bad (a poor mobile link, or the device's clock is off).
latency-good = good
latency-slow = slow
latency-bad = bad
warn-offsets-differ = The devices report different time zones: { $devices }. Check the time zone set on each MT1.
warn-wrong-date = { $n ->
        [one] { $n } trigger carries a device date that is not the date it arrived on
       *[other] { $n } triggers carry a device date that is not the date they arrived on
    }: check the date and time set on the device. They are marked ⚠ in the table.
## Watchdogs
settings-watchdog = New watchdogs
settings-clock-ahead = Device clock ahead
settings-clock-ahead-above = warn above
watchdog-title = Watchdog: { $device } { $channel }
watchdog-silence = Expect a trigger at least every
watchdog-seconds = seconds
watchdog-silence-hint = The start interval plus some grace: the alarm sounds when the channel stays quiet longer.
watchdog-pair = Finishes may fall behind the starts by at most
watchdog-behind = triggers
watchdog-start-channel = Start channel
watchdog-arm = Arm
watchdog-disarm = Disarm
watchdog-cancel = Cancel
watchdog-arm-hint = Arm a watchdog on this channel
watchdog-armed-hint = A watchdog watches this channel (click to change or disarm it)
watchdog-tripped-mark = tripped
watchdog-silent = Watchdog — { $channel }: no trigger for { $seconds } s (expected at least every { $expected } s).
watchdog-behind-starts = Watchdog — { $channel } is { $behind } triggers behind its start.
watchdog-link-down = The live link is down: that may be why.
watchdog-acknowledge = Acknowledge

## Big clock
settings-big-clock = Big clock shows
big-clock-hundredths = 1/100 s
big-clock-thousandths = 1/1000 s
big-clock-channels = Channels:
big-clock-own-window = Own window
big-clock-fullscreen = Full screen
big-clock-leave-fullscreen = Leave full screen
big-clock-back-to-panel = Back into the main window
big-clock-waiting = waiting for a trigger…
big-clock-before = before:
big-clock-bib = Bib { $bib }
big-clock-running-choice = Running time (first channel to second)
big-clock-running = Running time
big-clock-on-course = on course
big-clock-finished = finished

## Pre-race check
pre-race-hint = A guided check before the race: press each channel of each device in turn; each press is confirmed live, and a report is kept with the session.
pre-race-devices = Devices and when each was last heard:
pre-race-last-seen = last trigger { $seconds } s ago
pre-race-press = Press { $channel } on { $device }
pre-race-waiting = waiting for the press…
pre-race-skip = Skip
pre-race-confirmed = { $channel }: received, delay { $latency } ms, device date { $date }, zone { $offset } min
pre-race-skipped = { $channel }: skipped
pre-race-done = Check complete.
pre-race-saved = Report saved: { $path }
pre-race-saved-demo = Report saved in the demo's folder, which goes away with the demo: { $path }
pre-race-demo-press = Press it (demo)
pre-race-not-saved = The report could not be saved: { $cause }
pre-race-no-journal = no journal for this session
pre-race-close = Close
pre-race-report-title = mt1-monitor — pre-race check
pre-race-report-header = Account { $account } on { $server }, checked { $at }
pre-race-report-press = { $channel }: pressed, device time { $time } on { $date }, zone { $offset } min, delay { $latency } ms
pre-race-report-skipped = { $channel }: skipped
pre-race-report-not-done = { $channel }: not checked
pre-race-report-clock = { $device }: device clock { $ms } ms behind this laptop (smallest delay; includes the link's own delay)
pre-race-report-clock-ahead = { $device }: device clock { $ms } ms ahead of this laptop (smallest delay; includes the link's own delay)
pre-race-report-between = { $second } is { $ms } ms behind { $first }
pre-race-report-between-ahead = { $second } is { $ms } ms ahead of { $first }
pre-race-report-offsets-differ = Warning: the devices report different time zones.

## Replay
replay-banner = Replay of journal session { $session } — read-only
replay-play = ▶ Play
replay-pause = ⏸ Pause
replay-speed = Speed
replay-at = at { $time }
replay-close = Close replay
replay-status = replay (read-only): what the screen showed then
replay-empty = Journal session { $session } holds no trigger to replay.

## About and support
about-version = Version
about-commit = Git commit
about-built = Built
about-target = Target
about-renderer = Graphics
about-log-folder = Log folder
crash-title = The last run crashed
crash-explain = mt1-monitor stopped unexpectedly last time. Nothing the journal had is lost. A note for support is at { $note }, beside the log of that day.
folder-title = The folder did not open
folder-no-opener = No program that opens folders is installed on this computer.
folder-no-answer = No file manager answered on this computer.
folder-failed = The file manager could not open the folder.
folder-path = The files are in this folder:
folder-copy = Copy the path
already-running-title = MT1 Monitor is already running
already-running-text = Its window is open on this computer (or `record` runs). Use that one, or close it first: two copies would journal and export the same session twice.

# Screen readers: what a symbol-only control is for.
a11y-beep = Beep on { $channel } of { $device }
a11y-watchdog = Watchdog of { $device } { $channel }
a11y-watchdog-tripped = tripped (acknowledge it in the banner)
a11y-add-channel = Add a channel of { $device }

# Key names as printed on the keyboard (shortcuts in menus, tooltips and help).
key-ctrl = Ctrl
key-alt = Alt
key-shift = Shift
key-home = Home
key-escape = Esc

settings-timy = Timing software (ALGE Timy lines)
settings-timy-outputs-hint = One output per line: a serial port (COM3, /dev/ttyUSB0,38400,crlf) or tcp:0.0.0.0:7000 for programs that connect.
settings-timy-map-hint = Channel map, MT1=ALGE (1=0, or 231203016:C2=C1 for one device); other channels keep their number.
settings-timy-none = No output: timing software gets nothing.
settings-timy-ok = { $count } output(s) in use; every trigger sent once.
settings-timy-bad = Not used: { $error }
feed-status = Timy { $name }: { $state }, { $written } sent
feed-waiting = { $count } waiting
feed-opening = opening
feed-open = open
feed-readers = { $count } program(s) connected
feed-down = not open, trying again
feed-stopped = stopped
preset-timy = ALGE Timy lines
preset-timy-merged = ALGE Timy lines, merged
preset-timy-hint = The lines an ALGE timer prints (" 0012 C1  09:00:38.7600 00"), one file per device with its date in the name; a cleared impulse is followed by its c line. For OpenSkiTime and other programs that read a timer's file.
preset-timy-merged-hint = The lines an ALGE timer prints, every device in one file in time order, the date in the name.
hand-roles = Each channel's file is for
hand-from = from
hand-to = to
hand-window-hint = device time (empty: the whole day); training impulses outside stay out
hand-window-bad = "{ $text }" is not a time of day: write it as 09:00 or 09:00:30.
hand-clock-gap = { $device }'s times are { $seconds } s from this laptop's local time. Race Horology pairs hand times with electronic ones only within 1 s: check the device's time zone and clock, or these times pair with nothing.
state-double = double?
settings-double = Double impulses
settings-double-within = mark a second impulse on a channel within
settings-double-hint = as "double?" (a bouncing gate); never dropped. 0: never.
settings-timy-apply = Apply
settings-timy-not-yet = Not used until applied.
column-running-time = Running time
column-running-time-hint = Start/finish pairs by bib: each bib's finish minus its start, both as the devices recorded them (1/10 000 s), the result truncated to 1/100 s (FIS ICR 611.3.5). Two starts or two finishes are flagged, never guessed.
pair-menu = Running time…
pair-menu-on = Running time ✔
pair-hint = Pairs by bib: a start on one channel, a finish on another.
pair-start = Start
pair-finish = Finish
pair-off = Off
pair-two-starts = 2 starts?
pair-two-finishes = 2 finishes?
pair-finish-first = finish before start?
command-correct-bib = Correct bib…
command-mark-invalid = Mark invalid…
command-mark-valid = Valid again…
command-note = Note…
command-undo-correction = Undo correction
command-add-hand-time = Add hand time…
correction-hand-channel = Channel (C0, C1, …)
correction-hand-time = Device time of day (hh:mm:ss.ffff)
correction-hand-bib = Bib (empty: none)
correction-hand-time-wrong = The time is hh:mm:ss with up to four decimals, such as 09:14:03.25.
correction-hand-channel-wrong = The channel is C0 to C99.
correction-hand-taken = A trigger already has exactly this time on this channel.
correction-line = { $what }: { $old } → { $new } · { $by } · { $at } · { $reason }
correction-undone = undone
correction-device-changed = ⚠ the device now says bib { $bib } (changed after the correction)
correction-new-bib = New bib (empty: none)
correction-note = Note for the jury
correction-reason = Reason (kept with the correction)
correction-ok = Correct
correction-reason-needed = Say why: every correction keeps its reason.
correction-bib-digits = A bib is a number (digits only).
correction-not-kept = A correction is shown but could not be kept in the journal ({ $cause }); it is lost when the app closes.
