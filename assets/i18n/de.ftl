# mt1-monitor — Deutsch. Alle Meldungen der App; eine Datei pro Sprache, gleiche Schlüssel.
# Argumente werden als { $name } geschrieben. Schlüssel in der Reihenfolge der englischen Datei halten.

app-title = MT1 Monitor

## Menus and commands (the shortcut list of the help overlay)
menu-file = Datei
menu-view = Ansicht
menu-help = Hilfe
command-focus-filter = Zum Filter springen
command-jump-to-bib = Zur Startnummer
command-clear-filter = Filter leeren
command-export = Exportieren…
command-reconnect-now = Jetzt neu verbinden
command-resume-following = Wieder den neuesten folgen
command-big-clock = Große Uhr
command-mute = Töne stummschalten
command-pre-race-check = Vorstart-Prüfung…
pre-race-title = Vorstart-Prüfung
command-settings = Einstellungen
command-zoom-in = Vergrößern
command-zoom-out = Verkleinern
command-zoom-reset = Zoom zurücksetzen
command-help = Tastenkürzel
command-about = Über MT1 Monitor
command-sign-out = Abmelden…
command-quit = Beenden
help-title = Tastenkürzel
help-typing-note = Während Sie in ein Textfeld tippen, sind die Tastenkürzel wirkungslos.
help-menu-only = ohne Tastenkürzel
help-close = Schließen

## Background work
busy-demo = Demo-Simulator wird gestartet…
busy-restore = Gespeicherte Anmeldung wird geprüft…
busy-sign-in = Anmeldung läuft…
busy-journal = Journal wird geöffnet…
busy-replay = Journal-Sitzung wird für die Wiedergabe geöffnet…

## Sign-in screen
login-tagline = Live-Impulse Ihrer ALGE-Timing MT1-Geräte (ALGE Results)
login-username = Benutzername
login-password = Passwort
login-remember = Passwort auf diesem Computer speichern
login-remember-hint = Wird im Schlüsselbund dieses Computers aufbewahrt (nie in einer Datei), damit sich eine abgelaufene Anmeldung von selbst erneuert, auch nach einem Neustart. Beim Abmelden wird es gelöscht.
login-advanced = Erweitert
login-server = Server
login-sign-in = Anmelden
login-quota-wait = Kontingent: { $seconds } s warten
login-no-account = Kein Konto zur Hand?
login-demo = Demo ausprobieren

## Errors, named once, in words an official can act on
error-bad-credentials = Benutzername oder Passwort falsch.
error-untrusted = Keine sichere Verbindung zum Server: { $cause }.
error-network = Keine Verbindung zum Server ({ $cause }). Prüfen Sie das Netzwerk und die Serveradresse unter „Erweitert“.
error-quota = Das API-Kontingent von ALGE Results ist erreicht. Versuchen Sie es um { $at } erneut (in { $seconds } s).
error-server-address = Serveradresse: { $cause }
error-expired = Ihre Anmeldung ist abgelaufen. Bitte melden Sie sich erneut an.
error-server = Der Server hat einen Fehler gemeldet: { $cause }
error-demo = Die Demo konnte nicht gestartet werden: { $cause }
error-task-stopped = Der Hintergrundprozess wurde unerwartet beendet.
error-journal-task-stopped = Der Journal-Prozess wurde unerwartet beendet.
password-not-remembered = { $cause }; nach einem Neustart fragt eine abgelaufene Anmeldung nach dem Passwort.

## Missing Timekeeper role
role-title = Zeitnehmer-Funktion nicht aktiviert
role-signed-in-as = Angemeldet als { $username }.
role-warning = Dieses ALGE Results-Konto hat die Zeitnehmer-Funktion nicht (Rolle TIMING_POINT_ACCOUNT). Impulse der Geräte werden möglicherweise abgelehnt. Aktivieren Sie sie im Bereich „Konto“ von ALGE Results und melden Sie sich dann erneut an.
role-continue = Trotzdem fortfahren
role-back = Zurück zur Anmeldung

## Continue the last session?
session-choice-title = Letzte Sitzung fortsetzen?
session-choice-summary = Sitzung { $session } von { $username } wurde am { $started } gestartet und enthält { $triggers ->
        [one] einen Impuls
       *[other] { $triggers } Impulse
    } (einschließlich derer, die beim Schließen der App eintrafen).
session-choice-unclean = mt1-monitor wurde beim letzten Mal nicht sauber beendet (abgebrochen oder abgestürzt). Beim Fortsetzen der Sitzung wird die Lücke aus dem Verlauf gelesen.
session-continue = Sitzung { $session } fortsetzen
session-new = Neue Sitzung starten
session-unclean = Sitzung { $session } wurde nicht sauber beendet (abgebrochen oder abgestürzt); ihre Lücke wird aus dem Verlauf gelesen

## Journal
journal-open-failed = das Journal konnte nicht geöffnet werden, Impulse werden nicht lokal gespeichert: { $cause }
journal-prepare-failed = die Journal-Sitzung konnte nicht vorbereitet werden, Impulse werden nicht lokal gespeichert: { $cause }
journal-recovered = das Journal schreibt wieder; { $written ->
        [one] { $written } zurückgehaltene Änderung gespeichert
       *[other] { $written } zurückgehaltene Änderungen gespeichert
    }
## The monitor
monitor-sign-out = Abmelden…
monitor-leave-demo = Demo verlassen…
sign-out-title = Abmelden?
sign-out-explain = Die Live-Verbindung wird beendet und die gespeicherte Anmeldung gelöscht. Alles bisher Empfangene bleibt im Journal und kann weiterhin exportiert werden.
sign-out-confirm = Abmelden
sign-out-cancel = Abbrechen
link-connecting = verbinde…
link-live = live
link-quiet = Verbindung still
link-quiet-detail = seit { $seconds } s nichts empfangen, neue Verbindung in { $left } s, falls nichts kommt
link-reconnecting = Verbindung verloren, neuer Verbindungsversuch in { $seconds } s (Versuch { $attempt })
link-quota = API-Kontingent erreicht: Verlauf für { $seconds } s pausiert; verpasste Impulse werden danach nachgeholt
link-quota-live = API-Kontingent erreicht: Verlauf für { $seconds } s pausiert, Live-Impulse laufen weiter; verpasste Impulse werden danach nachgeholt
link-sign-in-needed = Anmeldung erforderlich; nach der Anmeldung werden verpasste Impulse aus dem Verlauf gelesen
link-signed-out = abgemeldet: { $reason }
link-stopped = gestoppt
banner-link-lost = Live-Verbindung verloren — { $state }. Zwischenzeitliche Impulse werden aus dem Verlauf nachgeholt.
banner-link-quiet = Die Live-Verbindung ist still: seit { $seconds } s nichts von ALGE Results empfangen. Sie verbindet sich in { $left } s selbst neu, falls nichts kommt; zwischenzeitliche Impulse werden aus dem Verlauf nachgeholt.
banner-sign-in-needed = Kein Impulsempfang — Anmeldung erforderlich. Melden Sie sich im Fenster unten erneut an; zwischenzeitliche Impulse werden aus dem Verlauf gelesen.
banner-signed-out = Kein Impulsempfang — abgemeldet: { $reason }. Melden Sie sich erneut an.
banner-journal = Journal schreibt nicht — Impulse bleiben im Speicher und werden gespeichert, sobald es möglich ist: { $cause }
prompt-title = Erneut anmelden
prompt-expired = Ihre Anmeldung bei ALGE Results ist abgelaufen. Live-Impulse sind angehalten, bis Sie sich anmelden.
prompt-reason = Grund: { $reason }
prompt-nothing-lost = Nichts geht verloren: Nach der Anmeldung werden die zwischenzeitlichen Impulse aus dem Verlauf in diese Sitzung gelesen.

## Export
export-button = Exportieren…
export-only-shown = Nur angezeigte Zeilen
export-only-shown-hint = Exportiert, was der Filter anzeigt, statt aller Impulse
export-progress = Exportiere { $done }/{ $total }
export-written = { $rows ->
        [one] { $rows } Impuls
       *[other] { $rows } Impulse
    } exportiert nach { $path } ({ $files ->
        [one] { $files } Datei
       *[other] { $files } Dateien
    } und ein Manifest)
export-failed = Export fehlgeschlagen: { $cause } — nichts geht verloren; versuchen Sie einen anderen Speicherort
export-no-dialog = Der Speichern-Dialog konnte auf diesem Computer nicht geöffnet werden.
export-cancelled = Keine Datei gewählt
export-save-documents = In „Dokumente“ speichern
export-open-folder = Ordner öffnen
export-to-documents = Der Speichern-Dialog kann auf diesem Computer nicht öffnen. Die Dateien kommen nach { $folder }
export-ask-again = Speicherort erfragen
export-task-stopped = der Export-Prozess wurde unerwartet beendet
export-title = Export
export-write = Dateien schreiben
export-tape = Zeitstreifen (PDF)
export-tape-hint = Jeder Impuls in Eingangsreihenfolge, auch gelöschte, entfernte und fehlende, mit der Vollständigkeitsübersicht und der Vorstart-Prüfung: der Ausdruck, der neben dem Gerät aufbewahrt wird.
export-tape-printer = mit der Druckeransicht der Geräte
export-tape-printer-hint = Fügt die Zeilen jedes Geräts an, wie sein Drucker sie druckt, Gerät für Gerät (die Werte der Geräte).
printer-menu = Drucker
printer-title = Gerätedrucker
printer-device = Gerät
printer-channel = Kanal
printer-all-channels = alle
printer-hint = Was der Drucker des Geräts gedruckt hätte, älteste zuerst: die Werte des Geräts (ohne Korrektur, ohne Handzeit); c markiert einen zurückgenommenen Impuls.
printer-empty = Noch nichts gedruckt.
export-summary = Zusammenfassung für die Jury (PDF, eine Seite)
export-summary-hint = Eine Seite für die Jury: Geräte und Kanäle mit ihren Zahlen, Ausfälle und was nachgeholt wurde, Korrekturen, ausgelöste Wächter, der Vorstart-Test und der SHA-256 jeder Datei.
export-manifest-note = Ein Manifest (.manifest.json und .txt) mit den Anzahlen, den Ausfällen und dem SHA-256 jeder Datei wird neben den Export geschrieben; „mt1-monitor verify FILE“ prüft eine Datei dagegen.
export-preview = Vorschau (erste Zeilen, wie geschrieben)
preset-label = Format:
preset-full = Vollständig
preset-excel = Excel
preset-race-horology = Race Horology
preset-custom = Benutzerdefiniert
preset-full-hint = Alle Spalten, mit dem Gerätenamen, kommagetrennt.
preset-excel-hint = Für Excel mit europäischen Ländereinstellungen: Semikolons, eine UTF-8-Kennung, Dezimalkommas, Zeiten als Text und seconds_of_day als Zahl.
preset-race-horology-hint = Handzeit-Import von Race Horology: eine Gerätezeit pro Zeile (hh:mm:ss,ffff), eine Datei pro Gerätekanal; nur gültige, noch aktive Impulse.
preset-custom-hint = Ihre Spalten in Ihrer Reihenfolge, Ihr Trennzeichen und Ihr Zeitformat (wird gespeichert).
preset-custom-columns = Spalten, in Reihenfolge:
preset-move-up = Nach oben
preset-move-down = Nach unten
preset-separator = Trennzeichen
preset-time-format = Zeit:

## Devices
devices-title = Geräte
devices-waiting = warte auf die Geräteliste…
devices-unticked-note = Nicht angehakte Geräte werden weiterhin aufgezeichnet und mit „alles“ exportiert.
device-no-trigger = noch kein Impuls
device-last-trigger = letzter Impuls { $age }
device-channel-held = { $channel }  hier { $here }
device-channel-counts = { $channel }  hier { $here } · Server { $server }
device-counts-hint = Hier: Impulse, die diese App live hält. Server: was ALGE Results bei der letzten Prüfung gezählt hat (jede Minute).
device-mismatch-hint = Der Server zählt auch nach vollständigem Lesen des Verlaufs eine andere Anzahl Impulse.
age-seconds = vor { $n } s
age-minutes = vor { $n } min
age-hours = vor { $n } h

## Filter and following
filter-label = Filter
filter-hint = Startnummer, Gerät, Zeit, Status…
jump-hint = Nr.
jump-none = keine Startnummer { $bib } in der Tabelle
filter-channel = Kanal
filter-all-channels = alle
filter-shown = { $shown } von { $total } angezeigt
follow-on = folgt den neuesten
follow-paused = Angehalten — { $n } neu · Wieder folgen
follow-sorted = Nach anderer Spalte sortiert · Neueste zuerst

## Status bar
status-history = Verlauf wird gelesen: { $read } von ~{ $expected }
status-history-window = Verlauf wird gelesen: { $read }
status-counts = { $triggers } Impulse · { $recovered } aus dem Verlauf nachgeholt
status-last-problem = letztes Problem ({ $age }): { $problem }
status-problems = { $n ->
        [one] { $n } Problem seit dem Start
       *[other] { $n } Probleme seit dem Start
    }
## Table
column-device = Gerät
column-channel = Kanal
column-device-time = Gerätezeit (Geräteuhr)
column-device-time-hint = Die eigene Uhr des Geräts, in seiner Ortszeit (die am MT1 eingestellte Zeitzone).
column-bib = Startnr.
column-bib-entry = Startnr.-Eingabe
column-type = Typ
column-valid = Gültig
column-state = Status
column-source = Quelle
column-received = Empfangen (Laptop, UTC{ $zone })
column-received-hint = Wann dieser Laptop ihn empfangen hat, nach der Uhr dieses Laptops (UTC{ $zone }).
column-latency = Latenz
column-latency-hint = Von der Gerätezeit bis zu diesem Laptop, für gepushte Impulse. Aus dem Verlauf gelesene Impulse wurden später nachgeholt.
column-sort-hint = Klicken zum Sortieren
state-active = aktiv
state-cleared = gelöscht
state-deleted = entfernt
state-missing = fehlt auf Server
source-push = Push
source-history = Verlauf
source-hand = Handzeit
bib-typed = eingetippt
bib-sequential = fortlaufend
kind-impulse = Impuls
kind-clear = Löschung
valid-yes = ja
valid-no = NEIN
latency-ms = { $ms } ms
latency-recovered = nachgeholt

## Settings
settings-theme = Design
theme-system = System folgen
theme-light = Hell (Tageslicht)
theme-dark = Dunkel
settings-language = Sprache
settings-language-system = System ({ $language })
settings-zoom = Zoom
settings-columns = Tabellenspalten
settings-data-folder = Datenordner
settings-open-folder = Ordner öffnen
settings-no-data-folder = Kein Datenordner auf diesem Computer (MT1_DATA_DIR setzen).
settings-sign-in = Anmeldung
settings-remembered = Gespeichert für { $who }
settings-forget = Vergessen
settings-nothing-remembered = Nichts gespeichert.
settings-saved-note = Einstellungen werden beim Schließen der App gespeichert. CSV-Spaltennamen und die Kommandozeile bleiben auf Englisch.
settings-close = Schließen

## Sound
settings-sound = Ton
settings-volume = Lautstärke
settings-beeps-hint = Wählen Sie die Kanäle, die piepen sollen, mit 🔔 neben dem jeweiligen Kanal in der Geräteliste.
status-muted = Töne stummgeschaltet
sound-unavailable = Kein Ton auf diesem Computer ({ $cause }); alles andere funktioniert.
device-beep-hint = Bei jedem Impuls dieses Kanals piepen (jeder Kanal hat einen eigenen Ton)

## Link health and clocks
link-heard = Verbindung: letzte Daten { $age }
link-heard-hint = Das letzte Datenpaket oder Lebenszeichen, das die Live-Verbindung geliefert hat (Lebenszeichen kommen alle 10 s).
device-latency = letzte Verzögerung { $ms } ms ({ $word })
device-add-channel = + Kanal
device-clock-ahead = Geräteuhr { $ms } ms voraus
device-latency-link-down = letzte Verzögerung { $ms } ms (bevor die Verbindung abbrach)
device-latency-hint = Von der Uhr des Geräts bis zu diesem Laptop, für seinen letzten gepushten Impuls: unter 2 s gut, unter 10 s langsam, darüber schlecht (schwache Mobilfunkverbindung oder die Uhr des Geräts geht falsch).
latency-good = gut
latency-slow = langsam
latency-bad = schlecht
warn-offsets-differ = Die Geräte melden unterschiedliche Zeitzonen: { $devices }. Prüfen Sie die an jedem MT1 eingestellte Zeitzone.
warn-wrong-date = { $n ->
        [one] { $n } Impuls trägt ein Gerätedatum, das nicht seinem Empfangsdatum entspricht
       *[other] { $n } Impulse tragen ein Gerätedatum, das nicht dem Empfangsdatum entspricht
    }: Prüfen Sie Datum und Uhrzeit am Gerät. Sie sind in der Tabelle mit ⚠ markiert.
## Watchdogs
settings-watchdog = Neue Überwachungen
settings-clock-ahead = Geräteuhr voraus
settings-clock-ahead-above = warnen ab
watchdog-title = Überwachung: { $device } { $channel }
watchdog-silence = Einen Impuls erwarten, mindestens alle
watchdog-seconds = Sekunden
watchdog-silence-hint = Das Startintervall plus etwas Reserve: Der Alarm ertönt, wenn der Kanal länger still bleibt.
watchdog-pair = Zielimpulse dürfen hinter den Starts zurückliegen um höchstens
watchdog-behind = Impulse
watchdog-start-channel = Startkanal
watchdog-arm = Aktivieren
watchdog-disarm = Deaktivieren
watchdog-cancel = Abbrechen
watchdog-arm-hint = Überwachung für diesen Kanal aktivieren
watchdog-armed-hint = Eine Überwachung prüft diesen Kanal (klicken zum Ändern oder Deaktivieren)
watchdog-tripped-mark = ausgelöst
watchdog-silent = Überwachung — { $channel }: kein Impuls seit { $seconds } s (erwartet mindestens alle { $expected } s).
watchdog-behind-starts = Überwachung — { $channel } liegt { $behind } Impulse hinter seinem Start zurück.
watchdog-link-down = Die Live-Verbindung ist unterbrochen: Das könnte der Grund sein.
watchdog-acknowledge = Quittieren

## Big clock
settings-big-clock = Große Uhr zeigt
big-clock-hundredths = 1/100 s
big-clock-thousandths = 1/1000 s
big-clock-channels = Kanäle:
big-clock-own-window = Eigenes Fenster
big-clock-fullscreen = Vollbild
big-clock-leave-fullscreen = Vollbild verlassen
big-clock-back-to-panel = Zurück ins Hauptfenster
big-clock-waiting = warte auf einen Impuls…
big-clock-before = davor:
big-clock-bib = Startnr. { $bib }
big-clock-running-choice = Laufzeit (erster Kanal bis zweiter)
big-clock-running = Laufzeit
big-clock-on-course = unterwegs
big-clock-finished = im Ziel

## Pre-race check
pre-race-hint = Eine geführte Prüfung vor dem Rennen: Drücken Sie nacheinander jeden Kanal jedes Geräts; jeder Druck wird live bestätigt, und ein Bericht wird mit der Sitzung gespeichert.
pre-race-devices = Geräte und wann sie sich zuletzt gemeldet haben:
pre-race-last-seen = letzter Impuls vor { $seconds } s
pre-race-press = Drücken Sie { $channel } an { $device }
pre-race-waiting = warte auf den Tastendruck…
pre-race-skip = Überspringen
pre-race-confirmed = { $channel }: empfangen, Verzögerung { $latency } ms, Gerätedatum { $date }, Zeitzone { $offset } min
pre-race-skipped = { $channel }: übersprungen
pre-race-done = Prüfung abgeschlossen.
pre-race-saved = Bericht gespeichert: { $path }
pre-race-saved-demo = Bericht im Demo-Ordner gespeichert, der mit der Demo verschwindet: { $path }
pre-race-demo-press = Drücken (Demo)
pre-race-not-saved = Der Bericht konnte nicht gespeichert werden: { $cause }
pre-race-no-journal = kein Journal für diese Sitzung
pre-race-close = Schließen
pre-race-report-title = mt1-monitor — Vorstart-Prüfung
pre-race-report-header = Konto { $account } auf { $server }, geprüft am { $at }
pre-race-report-press = { $channel }: gedrückt, Gerätezeit { $time } am { $date }, Zeitzone { $offset } min, Verzögerung { $latency } ms
pre-race-report-skipped = { $channel }: übersprungen
pre-race-report-not-done = { $channel }: nicht geprüft
pre-race-report-clock = { $device }: Geräteuhr { $ms } ms hinter diesem Laptop (kleinste Verzögerung; enthält die Verzögerung der Verbindung selbst)
pre-race-report-clock-ahead = { $device }: Geräteuhr { $ms } ms vor diesem Laptop (kleinste Verzögerung; enthält die Verzögerung der Verbindung selbst)
pre-race-report-between = { $second } liegt { $ms } ms hinter { $first }
pre-race-report-between-ahead = { $second } liegt { $ms } ms vor { $first }
pre-race-report-offsets-differ = Warnung: Die Geräte melden unterschiedliche Zeitzonen.

## Replay
replay-banner = Wiedergabe der Journal-Sitzung { $session } — schreibgeschützt
replay-play = ▶ Abspielen
replay-pause = ⏸ Pause
replay-speed = Geschwindigkeit
replay-at = um { $time }
replay-close = Wiedergabe schließen
replay-status = Wiedergabe (schreibgeschützt): was der Bildschirm damals zeigte
replay-empty = Die Journal-Sitzung { $session } enthält keinen Impuls zur Wiedergabe.

## About and support
about-version = Version
about-commit = Git-Commit
about-built = Erstellt
about-target = Zielplattform
about-renderer = Grafik
about-log-folder = Protokollordner
crash-title = Die App ist beim letzten Mal abgestürzt
crash-explain = mt1-monitor wurde beim letzten Mal unerwartet beendet. Nichts, was im Journal stand, ist verloren. Ein Hinweis für den Support liegt unter { $note }, neben dem Protokoll jenes Tages.
folder-title = Der Ordner wurde nicht geöffnet
folder-no-opener = Auf diesem Computer ist kein Programm installiert, das Ordner öffnet.
folder-no-answer = Auf diesem Computer hat kein Dateimanager geantwortet.
folder-failed = Der Dateimanager konnte den Ordner nicht öffnen.
folder-path = Die Dateien liegen in diesem Ordner:
folder-copy = Pfad kopieren
already-running-title = MT1 Monitor läuft bereits
already-running-text = Sein Fenster ist auf diesem Computer offen (oder `record` läuft). Nutzen Sie dieses oder schließen Sie es zuerst: Zwei Kopien würden dieselbe Sitzung doppelt aufzeichnen und exportieren.

# Screen readers: what a symbol-only control is for.
a11y-beep = Signalton bei { $channel } von { $device }
a11y-watchdog = Wächter von { $device } { $channel }
a11y-watchdog-tripped = ausgelöst (im Banner bestätigen)
a11y-add-channel = Einen Kanal von { $device } hinzufügen

# Key names as printed on the keyboard (shortcuts in menus, tooltips and help).
key-ctrl = Strg
key-alt = Alt
key-shift = Umschalt
key-home = Pos1
key-escape = Esc

settings-timy = Zeitmessprogramm (ALGE-Timy-Zeilen)
settings-timy-outputs-hint = Ein Ausgang pro Zeile: eine serielle Schnittstelle (COM3, /dev/ttyUSB0,38400,crlf) oder tcp:0.0.0.0:7000 für Programme, die sich verbinden.
settings-timy-map-hint = Kanalzuordnung, MT1=ALGE (1=0, oder 231203016:C2=C1 für ein Gerät); andere Kanäle behalten ihre Nummer.
settings-timy-none = Kein Ausgang: das Zeitmessprogramm erhält nichts.
settings-timy-ok = { $count } Ausgang/Ausgänge in Gebrauch; jeder Impuls wird einmal gesendet.
settings-timy-bad = Nicht verwendet: { $error }
feed-status = Timy { $name }: { $state }, { $written } gesendet
feed-waiting = { $count } wartend
feed-opening = wird geöffnet
feed-open = offen
feed-readers = { $count } Programm(e) verbunden
feed-down = nicht offen, neuer Versuch folgt
feed-stopped = beendet
preset-timy = ALGE-Timy-Zeilen
preset-timy-merged = ALGE-Timy-Zeilen, zusammengeführt
preset-timy-hint = Die Zeilen, die ein ALGE-Zeitmessgerät druckt (" 0012 C1  09:00:38.7600 00"), eine Datei pro Gerät mit dem Datum im Namen; auf einen gelöschten Impuls folgt seine c-Zeile. Für OpenSkiTime und andere Programme, die eine Gerätedatei lesen.
preset-timy-merged-hint = Die Zeilen, die ein ALGE-Zeitmessgerät druckt, alle Geräte in einer Datei nach Zeit geordnet, das Datum im Namen.
hand-roles = Die Datei jedes Kanals ist für
hand-from = von
hand-to = bis
hand-window-hint = Gerätezeit (leer: der ganze Tag); Trainingsimpulse außerhalb bleiben draußen
hand-window-bad = „{ $text }“ ist keine Uhrzeit: schreiben Sie 09:00 oder 09:00:30.
hand-clock-gap = Die Zeiten von { $device } liegen { $seconds } s neben der Ortszeit dieses Laptops. Race Horology paart Handzeiten mit elektronischen nur innerhalb 1 s: prüfen Sie Zeitzone und Uhr des Geräts, sonst paaren diese Zeiten mit nichts.
state-double = Doppel?
settings-double = Doppelimpulse
settings-double-within = einen zweiten Impuls auf einem Kanal innerhalb von
settings-double-hint = als „Doppel?“ markieren (eine prellende Startschranke); nie verworfen. 0: nie.
settings-timy-apply = Übernehmen
settings-timy-not-yet = Erst nach „Übernehmen“ verwendet.
column-running-time = Laufzeit
column-running-time-hint = Start/Ziel-Paare nach Startnummer: das Ziel jeder Startnummer minus ihren Start, beide wie von den Geräten erfasst (1/10 000 s), das Ergebnis auf 1/100 s abgeschnitten (FIS IWO 611.3.5). Zwei Starts oder zwei Ziele werden markiert, nie geraten.
pair-menu = Laufzeit…
pair-menu-on = Laufzeit ✔
pair-hint = Paare nach Startnummer: ein Start auf einem Kanal, ein Ziel auf einem anderen.
pair-start = Start
pair-finish = Ziel
pair-off = Aus
pair-two-starts = 2 Starts?
pair-two-finishes = 2 Ziele?
pair-finish-first = Ziel vor Start?
command-correct-bib = Startnummer korrigieren…
command-mark-invalid = Ungültig markieren…
command-mark-valid = Wieder gültig…
command-note = Notiz…
command-undo-correction = Korrektur zurücknehmen
command-add-hand-time = Handzeit hinzufügen…
correction-hand-channel = Kanal (C0, C1, …)
correction-hand-time = Gerätezeit (hh:mm:ss.ffff)
correction-hand-bib = Startnummer (leer: keine)
correction-hand-time-wrong = Die Zeit ist hh:mm:ss mit bis zu vier Dezimalen, etwa 09:14:03.25.
correction-hand-channel-wrong = Der Kanal ist C0 bis C99.
correction-hand-taken = Ein Auslöser hat genau diese Zeit auf diesem Kanal.
correction-line = { $what }: { $old } → { $new } · { $by } · { $at } · { $reason }
correction-undone = zurückgenommen
correction-device-changed = ⚠ das Gerät meldet jetzt Startnummer { $bib } (nach der Korrektur geändert)
correction-new-bib = Neue Startnummer (leer: keine)
correction-note = Notiz für die Jury
correction-reason = Grund (bleibt bei der Korrektur)
correction-ok = Korrigieren
correction-reason-needed = Bitte einen Grund angeben: jede Korrektur behält ihren Grund.
correction-bib-digits = Eine Startnummer ist eine Zahl (nur Ziffern).
correction-not-kept = Eine Korrektur wird angezeigt, konnte aber nicht im Journal gespeichert werden ({ $cause }); sie geht beim Schließen verloren.
