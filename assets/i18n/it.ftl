# mt1-monitor — Italiano. Every message the app shows; one file per language, same keys.
# Arguments are written { $name }. Keep the keys in the order of the English file.

app-title = MT1 Monitor

## Menus and commands (the shortcut list of the help overlay)
menu-file = File
menu-view = Visualizza
menu-help = Aiuto
command-focus-filter = Vai al filtro
command-jump-to-bib = Vai al pettorale
command-clear-filter = Cancella filtro
command-export = Esporta…
command-reconnect-now = Riconnetti ora
command-resume-following = Riprendi a seguire
command-big-clock = Orologio grande
command-mute = Disattiva i suoni
command-pre-race-check = Verifica pre-gara…
pre-race-title = Verifica pre-gara
command-settings = Impostazioni
command-zoom-in = Aumenta zoom
command-zoom-out = Riduci zoom
command-zoom-reset = Ripristina zoom
command-help = Scorciatoie da tastiera
command-about = Informazioni su MT1 Monitor
command-sign-out = Disconnetti…
command-quit = Esci
help-title = Scorciatoie da tastiera
help-typing-note = Le scorciatoie non hanno effetto mentre si scrive in un campo di testo.
help-menu-only = nessuna scorciatoia
help-close = Chiudi

## Background work
busy-demo = Avvio del simulatore demo…
busy-restore = Verifica dell'accesso salvato…
busy-sign-in = Accesso in corso…
busy-journal = Apertura del registro…
busy-replay = Apertura della sessione del registro per la riproduzione…

## Sign-in screen
login-tagline = Impulsi in tempo reale dai dispositivi ALGE-Timing MT1 (ALGE Results)
login-username = Nome utente
login-password = Password
login-remember = Ricorda la password su questo computer
login-remember-hint = Conservata nel portachiavi di questo computer (mai in un file), così un accesso scaduto si rinnova da solo, anche dopo un riavvio. Disconnettendosi viene dimenticata.
login-advanced = Avanzate
login-server = Server
login-sign-in = Accedi
login-quota-wait = quota: attendi { $seconds } s
login-no-account = Nessun account a portata di mano?
login-demo = Prova la demo

## Errors, named once, in words an official can act on
error-bad-credentials = Nome utente o password errati.
error-untrusted = Nessuna connessione sicura al server: { $cause }.
error-network = Nessuna connessione al server ({ $cause }). Controlla la rete e l'indirizzo del server in Avanzate.
error-quota = La quota API di ALGE Results è esaurita. Riprova alle { $at } (tra { $seconds } s).
error-server-address = Indirizzo del server: { $cause }
error-expired = L'accesso è scaduto. Accedi di nuovo.
error-server = Il server ha segnalato un errore: { $cause }
error-demo = Impossibile avviare la demo: { $cause }
error-task-stopped = L'attività in background si è interrotta inaspettatamente.
error-journal-task-stopped = L'attività del registro si è interrotta inaspettatamente.
password-not-remembered = { $cause }; dopo un riavvio, un accesso scaduto chiederà la password.

## Missing Timekeeper role
role-title = Funzione Cronometrista non attivata
role-signed-in-as = Accesso effettuato come { $username }.
role-warning = Questo account ALGE Results non ha la funzione Cronometrista (ruolo TIMING_POINT_ACCOUNT). Gli impulsi dei dispositivi potrebbero essere rifiutati. Attivala nella sezione Account di ALGE Results, poi accedi di nuovo.
role-continue = Continua comunque
role-back = Torna all'accesso

## Continue the last session?
session-choice-title = Continuare l'ultima sessione?
session-choice-summary = La sessione { $session } di { $username }, iniziata il { $started }, contiene { $triggers ->
        [one] un impulso
       *[other] { $triggers } impulsi
    } (compresi quelli arrivati durante la chiusura dell'app).
session-choice-unclean = L'ultima volta mt1-monitor non si è chiuso correttamente (è stato terminato o si è bloccato). Continuando la sessione, il periodo mancante viene letto dallo storico.
session-continue = Continua la sessione { $session }
session-new = Inizia una nuova sessione
session-unclean = la sessione { $session } non è stata chiusa correttamente (terminata o bloccata); il periodo mancante viene letto dallo storico

## Journal
journal-open-failed = impossibile aprire il registro, gli impulsi non vengono salvati localmente: { $cause }
journal-prepare-failed = impossibile preparare la sessione del registro, gli impulsi non vengono salvati localmente: { $cause }
journal-recovered = il registro scrive di nuovo; { $written ->
        [one] { $written } modifica in sospeso salvata
       *[other] { $written } modifiche in sospeso salvate
    }

## The monitor
monitor-sign-out = Disconnetti…
monitor-leave-demo = Esci dalla demo…
sign-out-title = Disconnettersi?
sign-out-explain = Il collegamento in tempo reale si interrompe e l'accesso salvato viene dimenticato. Tutto ciò che è stato ricevuto finora resta nel registro e può ancora essere esportato.
sign-out-confirm = Disconnetti
sign-out-cancel = Annulla
link-connecting = connessione…
link-live = in diretta
link-quiet = collegamento silenzioso
link-quiet-detail = nulla ricevuto da { $seconds } s, riconnessione tra { $left } s se non arriva nulla
link-reconnecting = collegamento perso, riconnessione tra { $seconds } s (tentativo { $attempt })
link-quota = quota API esaurita: storico in pausa per { $seconds } s; gli impulsi mancati vengono recuperati in seguito
link-quota-live = quota API esaurita: storico in pausa per { $seconds } s, gli impulsi in tempo reale continuano; gli impulsi mancati vengono recuperati in seguito
link-sign-in-needed = accesso necessario; dopo l'accesso, gli impulsi mancati vengono letti dallo storico
link-signed-out = disconnesso: { $reason }
link-stopped = fermo
banner-link-lost = Collegamento in tempo reale perso — { $state }. Gli impulsi generati nel frattempo verranno recuperati dallo storico.
banner-link-quiet = Il collegamento in tempo reale è silenzioso: nulla ricevuto da ALGE Results da { $seconds } s. Si ricollega da solo tra { $left } s se non arriva nulla; gli impulsi generati nel frattempo verranno recuperati dallo storico.
banner-sign-in-needed = Nessun impulso in arrivo — accesso necessario. Accedi di nuovo nella finestra qui sotto; gli impulsi generati nel frattempo verranno letti dallo storico.
banner-signed-out = Nessun impulso in arrivo — disconnesso: { $reason }. Accedi di nuovo.
banner-journal = Il registro non scrive — gli impulsi restano in memoria e vengono salvati appena possibile: { $cause }
prompt-title = Accedi di nuovo
prompt-expired = L'accesso ad ALGE Results è scaduto. Gli impulsi in tempo reale sono fermi finché non accedi.
prompt-reason = Motivo: { $reason }
prompt-nothing-lost = Non si perde nulla: dopo l'accesso, gli impulsi generati nel frattempo vengono letti dallo storico in questa sessione.

## Export
export-button = Esporta…
export-only-shown = Solo righe visibili
export-only-shown-hint = Esporta ciò che mostra il filtro invece di tutti gli impulsi
export-progress = Esportazione { $done }/{ $total }
export-written = { $rows ->
        [one] Esportata { $rows } riga
       *[other] Esportate { $rows } righe
    } in { $path } ({ $files } file e un manifest)
export-failed = Esportazione non riuscita: { $cause } — non si è perso nulla; prova un'altra posizione
export-no-dialog = Impossibile aprire la finestra di salvataggio su questo computer.
export-cancelled = Nessun file scelto
export-save-documents = Salva in Documenti
export-open-folder = Apri cartella
export-to-documents = La finestra di salvataggio non può aprirsi su questo computer. I file vanno in { $folder }
export-ask-again = Chiedi dove salvare
export-task-stopped = l'attività di esportazione si è interrotta inaspettatamente
export-title = Esportazione
export-write = Scrivi i file
export-tape = Striscia dei tempi (PDF)
export-tape-hint = Ogni impulso in ordine di arrivo, compresi quelli annullati, eliminati e mancanti, con il riepilogo di completezza e la verifica pre-gara: la stampa da tenere accanto al dispositivo.
export-tape-printer = con la vista stampante dei dispositivi
export-tape-printer-hint = Aggiunge le righe di ogni dispositivo come le stampa la sua stampante, un dispositivo dopo l’altro (i valori dei dispositivi).
printer-menu = Stampante
printer-title = Stampante del dispositivo
printer-device = Dispositivo
printer-channel = Canale
printer-all-channels = tutti
printer-hint = Ciò che la stampante del dispositivo avrebbe stampato, dal più vecchio: i valori del dispositivo (nessuna correzione, nessun tempo manuale); c segna un impulso annullato.
printer-empty = Ancora nulla di stampato.
export-summary = Riepilogo per la giuria (PDF, una pagina)
export-summary-hint = Una pagina per la giuria: dispositivi e canali con i loro conteggi, interruzioni e ciò che è stato recuperato, correzioni, allarmi scattati, il controllo pre-gara e lo SHA-256 di ogni file.
export-manifest-note = Accanto all'esportazione viene scritto un manifest (.manifest.json e .txt) con i conteggi, le interruzioni e lo SHA-256 di ogni file; “mt1-monitor verify FILE” controlla un file confrontandolo con il manifest.
export-preview = Anteprima (prime righe, così come vengono scritte)
preset-label = Formato:
preset-full = Completo
preset-excel = Excel
preset-race-horology = Race Horology
preset-custom = Personalizzato
preset-full-hint = Tutte le colonne, con il nome del dispositivo, separate da virgole.
preset-excel-hint = Per Excel con impostazioni locali europee: punti e virgola, marcatore UTF-8, virgole decimali, orari mantenuti come testo e seconds_of_day come numero.
preset-race-horology-hint = Importazione dei tempi manuali di Race Horology: un'ora del dispositivo per riga (hh:mm:ss,ffff), un file per canale del dispositivo; solo impulsi validi ancora attivi.
preset-custom-hint = Le tue colonne nel tuo ordine, il tuo separatore e il formato dell'ora (memorizzati).
preset-custom-columns = Colonne, in ordine:
preset-move-up = Sposta su
preset-move-down = Sposta giù
preset-separator = Separatore
preset-time-format = Ora:

## Devices
devices-title = Dispositivi
devices-waiting = in attesa dell'elenco dei dispositivi…
devices-unticked-note = I dispositivi non selezionati vengono comunque registrati ed esportati con “tutto”.
device-no-trigger = ancora nessun impulso
device-last-trigger = ultimo impulso { $age }
device-channel-held = { $channel }  qui { $here }
device-channel-counts = { $channel }  qui { $here } · server { $server }
device-counts-hint = Qui: impulsi presenti in questa app, in tempo reale. Server: quanti ne ha contati ALGE Results all'ultimo controllo (ogni minuto).
device-mismatch-hint = Il server conta un numero diverso di impulsi anche dopo una lettura completa dello storico.
age-seconds = { $n } s fa
age-minutes = { $n } min fa
age-hours = { $n } h fa

## Filter and following
filter-label = Filtro
filter-hint = pettorale, dispositivo, ora, stato…
jump-hint = n.
jump-none = nessun pettorale { $bib } nella tabella
filter-channel = Canale
filter-all-channels = tutti
filter-shown = { $shown } di { $total } visibili
follow-on = segue i più recenti
follow-paused = In pausa — { $n ->
        [one] { $n } nuovo
       *[other] { $n } nuovi
    } · Riprendi a seguire
follow-sorted = Ordinato per un'altra colonna · Prima i più recenti

## Status bar
status-history = lettura dello storico: { $read } di ~{ $expected }
status-history-window = lettura dello storico: { $read }
status-counts = { $triggers ->
        [one] { $triggers } impulso
       *[other] { $triggers } impulsi
    } · { $recovered ->
        [one] { $recovered } recuperato dallo storico
       *[other] { $recovered } recuperati dallo storico
    }
status-last-problem = ultimo problema ({ $age }): { $problem }
status-problems = { $n ->
        [one] { $n } problema dall'avvio
       *[other] { $n } problemi dall'avvio
    }

## Table
column-device = Dispositivo
column-channel = Canale
column-device-time = Ora dispositivo (orologio del dispositivo)
column-device-time-hint = L'orologio del dispositivo stesso, nella sua ora locale (il fuso orario impostato sull'MT1).
column-bib = Pettorale
column-bib-entry = Inserimento pettorale
column-type = Tipo
column-valid = Valido
column-state = Stato
column-source = Origine
column-received = Ricevuto (portatile, UTC{ $zone })
column-received-hint = Quando questo portatile l'ha ricevuto, secondo l'orologio di questo portatile (UTC{ $zone }).
column-latency = Latenza
column-latency-hint = Dall'ora del dispositivo a questo portatile, per gli impulsi inviati in push. Gli impulsi letti dallo storico sono stati recuperati in seguito.
column-sort-hint = Fai clic per ordinare
state-active = attivo
state-cleared = annullato
state-deleted = eliminato
state-missing = assente sul server
source-push = push
source-history = storico
source-hand = tempo manuale
bib-typed = digitato
bib-sequential = sequenziale
kind-impulse = impulso
kind-clear = annullamento
valid-yes = sì
valid-no = NO
latency-ms = { $ms } ms
latency-recovered = recuperato

## Settings
settings-theme = Tema
theme-system = Segui il sistema
theme-light = Chiaro (luce diurna)
theme-dark = Scuro
settings-language = Lingua
settings-language-system = Sistema ({ $language })
settings-zoom = Zoom
settings-columns = Colonne della tabella
settings-data-folder = Cartella dati
settings-open-folder = Apri cartella
settings-no-data-folder = Nessuna cartella dati su questo computer (imposta MT1_DATA_DIR).
settings-sign-in = Accesso
settings-remembered = Memorizzato per { $who }
settings-forget = Dimentica
settings-nothing-remembered = Nessun dato memorizzato.
settings-saved-note = Le impostazioni vengono salvate alla chiusura dell'app. I nomi delle colonne CSV e la riga di comando restano in inglese.
settings-close = Chiudi

## Sound
settings-sound = Suono
settings-volume = Volume
settings-beeps-hint = Scegli i canali che emettono un bip con 🔔 accanto a ciascun canale nell'elenco dei dispositivi.
status-muted = suoni disattivati
sound-unavailable = Nessun audio su questo computer ({ $cause }); tutto il resto funziona.
device-beep-hint = Bip a ogni impulso di questo canale (ogni canale ha un suo tono)

## Link health and clocks
link-heard = collegamento: ultimi dati { $age }
link-heard-hint = L'ultimo pacchetto o segnale di presenza (heartbeat) ricevuto dal collegamento in tempo reale (i segnali di presenza arrivano ogni 10 s).
device-latency = ultimo ritardo { $ms } ms ({ $word })
device-add-channel = + canale
device-clock-ahead = orologio del dispositivo avanti di { $ms } ms
device-latency-link-down = ultimo ritardo { $ms } ms (prima che il collegamento cadesse)
device-latency-hint = Dall'orologio del dispositivo a questo portatile, per il suo ultimo impulso inviato in push: sotto 2 s buono, sotto 10 s lento, oltre scarso (collegamento mobile debole, oppure l'orologio del dispositivo non è giusto).
latency-good = buono
latency-slow = lento
latency-bad = scarso
warn-offsets-differ = I dispositivi riportano fusi orari diversi: { $devices }. Controlla il fuso orario impostato su ciascun MT1.
warn-wrong-date = { $n ->
        [one] { $n } impulso riporta una data del dispositivo diversa dal giorno in cui è arrivato: controlla data e ora impostate sul dispositivo. È contrassegnato con ⚠ nella tabella.
       *[other] { $n } impulsi riportano una data del dispositivo diversa dal giorno in cui sono arrivati: controlla data e ora impostate sul dispositivo. Sono contrassegnati con ⚠ nella tabella.
    }

## Watchdogs
settings-watchdog = Nuovi watchdog
settings-clock-ahead = Orologio del dispositivo avanti
settings-clock-ahead-above = avvisa oltre
watchdog-title = Watchdog: { $device } { $channel }
watchdog-silence = Impulso atteso almeno ogni
watchdog-seconds = secondi
watchdog-silence-hint = L'intervallo tra le partenze più un margine: l'allarme suona quando il canale resta silenzioso più a lungo.
watchdog-pair = Gli arrivi possono restare indietro rispetto alle partenze al massimo di
watchdog-behind = impulsi
watchdog-start-channel = Canale di partenza
watchdog-arm = Attiva
watchdog-disarm = Disattiva
watchdog-cancel = Annulla
watchdog-arm-hint = Attiva un watchdog su questo canale
watchdog-armed-hint = Un watchdog sorveglia questo canale (fai clic per modificarlo o disattivarlo)
watchdog-tripped-mark = scattato
watchdog-silent = Watchdog — { $channel }: nessun impulso da { $seconds } s (previsto almeno ogni { $expected } s).
watchdog-behind-starts = Watchdog — { $channel } è indietro di { $behind ->
        [one] { $behind } impulso
       *[other] { $behind } impulsi
    } rispetto alla sua partenza.
watchdog-link-down = Il collegamento in tempo reale è interrotto: potrebbe essere questo il motivo.
watchdog-acknowledge = Conferma

## Big clock
settings-big-clock = L'orologio grande mostra
big-clock-hundredths = 1/100 s
big-clock-thousandths = 1/1000 s
big-clock-channels = Canali:
big-clock-own-window = Finestra separata
big-clock-fullscreen = Schermo intero
big-clock-leave-fullscreen = Esci da schermo intero
big-clock-back-to-panel = Torna nella finestra principale
big-clock-waiting = in attesa di un impulso…
big-clock-before = precedente:
big-clock-bib = Pettorale { $bib }
big-clock-running-choice = Tempo di gara (dal primo canale al secondo)
big-clock-running = Tempo di gara
big-clock-on-course = in gara
big-clock-finished = arrivato

## Pre-race check
pre-race-hint = Una verifica guidata prima della gara: premi a turno ogni canale di ogni dispositivo; ogni pressione è confermata in diretta e un rapporto viene salvato con la sessione.
pre-race-devices = Dispositivi e ultimo segnale ricevuto da ciascuno:
pre-race-last-seen = ultimo impulso { $seconds } s fa
pre-race-press = Premi { $channel } su { $device }
pre-race-waiting = in attesa della pressione…
pre-race-skip = Salta
pre-race-confirmed = { $channel }: ricevuto, ritardo { $latency } ms, data del dispositivo { $date }, fuso { $offset } min
pre-race-skipped = { $channel }: saltato
pre-race-done = Verifica completata.
pre-race-saved = Rapporto salvato: { $path }
pre-race-saved-demo = Rapporto salvato nella cartella della demo, che sparisce con essa: { $path }
pre-race-demo-press = Premi (demo)
pre-race-not-saved = Impossibile salvare il rapporto: { $cause }
pre-race-no-journal = nessun registro per questa sessione
pre-race-close = Chiudi
pre-race-report-title = mt1-monitor — verifica pre-gara
pre-race-report-header = Account { $account } su { $server }, verificato il { $at }
pre-race-report-press = { $channel }: premuto, ora del dispositivo { $time } del { $date }, fuso { $offset } min, ritardo { $latency } ms
pre-race-report-skipped = { $channel }: saltato
pre-race-report-not-done = { $channel }: non verificato
pre-race-report-clock = { $device }: orologio del dispositivo { $ms } ms indietro rispetto a questo portatile (ritardo minimo; include il ritardo proprio del collegamento)
pre-race-report-clock-ahead = { $device }: orologio del dispositivo { $ms } ms avanti rispetto a questo portatile (ritardo minimo; include il ritardo proprio del collegamento)
pre-race-report-between = { $second } è { $ms } ms indietro rispetto a { $first }
pre-race-report-between-ahead = { $second } è { $ms } ms avanti rispetto a { $first }
pre-race-report-offsets-differ = Attenzione: i dispositivi riportano fusi orari diversi.

## Replay
replay-banner = Riproduzione della sessione { $session } del registro — sola lettura
replay-play = ▶ Riproduci
replay-pause = ⏸ Pausa
replay-speed = Velocità
replay-at = alle { $time }
replay-close = Chiudi la riproduzione
replay-status = riproduzione (sola lettura): ciò che lo schermo mostrava allora
replay-empty = La sessione { $session } del registro non contiene impulsi da riprodurre.

## About and support
about-version = Versione
about-commit = Commit Git
about-built = Compilazione
about-target = Piattaforma di destinazione
about-renderer = Grafica
about-log-folder = Cartella dei log
crash-title = L'ultima volta l'app si è bloccata
crash-explain = L'ultima volta mt1-monitor si è interrotto inaspettatamente. Nulla di ciò che era nel registro è andato perso. Una nota per l'assistenza si trova in { $note }, accanto al log di quel giorno.
folder-title = La cartella non si è aperta
folder-no-opener = Su questo computer non è installato alcun programma che apra le cartelle.
folder-no-answer = Su questo computer nessun gestore di file ha risposto.
folder-failed = Il gestore di file non ha potuto aprire la cartella.
folder-path = I file sono in questa cartella:
folder-copy = Copia il percorso
already-running-title = MT1 Monitor è già in esecuzione
already-running-text = La sua finestra è aperta su questo computer (oppure `record` è in esecuzione). Usate quella, o chiudetela prima: due copie registrerebbero ed esporterebbero due volte la stessa sessione.

# Screen readers: what a symbol-only control is for.
a11y-beep = Bip su { $channel } di { $device }
a11y-watchdog = Sorveglianza di { $device } { $channel }
a11y-watchdog-tripped = scattata (da confermare nel banner)
a11y-add-channel = Aggiungi un canale di { $device }

# Key names as printed on the keyboard (shortcuts in menus, tooltips and help).
key-ctrl = Ctrl
key-alt = Alt
key-shift = Maiusc
key-home = Home
key-escape = Esc

settings-timy = Software di cronometraggio (righe ALGE Timy)
settings-timy-outputs-hint = Un'uscita per riga: una porta seriale (COM3, /dev/ttyUSB0,38400,crlf) o tcp:0.0.0.0:7000 per i programmi che si collegano.
settings-timy-map-hint = Mappa dei canali, MT1=ALGE (1=0, o 231203016:C2=C1 per un dispositivo); gli altri canali mantengono il loro numero.
settings-timy-none = Nessuna uscita: il software di cronometraggio non riceve nulla.
settings-timy-ok = { $count } uscita/e in uso; ogni impulso inviato una volta.
settings-timy-bad = Non usato: { $error }
feed-status = Timy { $name }: { $state }, { $written } inviate
feed-waiting = { $count } in attesa
feed-opening = apertura
feed-open = aperta
feed-readers = { $count } programma/i collegato/i
feed-down = non aperta, nuovo tentativo
feed-stopped = chiusa
preset-timy = Righe ALGE Timy
preset-timy-merged = Righe ALGE Timy, unite
preset-timy-hint = Le righe che stampa un cronometro ALGE (" 0012 C1  09:00:38.7600 00"), un file per dispositivo con la data nel nome; un impulso cancellato è seguito dalla sua riga c. Per OpenSkiTime e gli altri programmi che leggono il file di un cronometro.
preset-timy-merged-hint = Le righe che stampa un cronometro ALGE, tutti i dispositivi in un file in ordine di tempo, la data nel nome.
hand-roles = Il file di ogni canale è per
hand-from = dalle
hand-to = alle
hand-window-hint = ora del dispositivo (vuoto: tutto il giorno); gli impulsi di allenamento fuori restano fuori
hand-window-bad = "{ $text }" non è un'ora: scrivila come 09:00 o 09:00:30.
hand-clock-gap = Gli orari di { $device } distano { $seconds } s dall'ora locale di questo portatile. Race Horology abbina i tempi manuali a quelli elettronici solo entro 1 s: controlla fuso orario e orologio del dispositivo, altrimenti questi tempi non si abbinano a nulla.
state-double = doppio?
settings-double = Impulsi doppi
settings-double-within = segna un secondo impulso su un canale entro
settings-double-hint = come "doppio?" (un cancelletto che rimbalza); mai scartato. 0: mai.
settings-timy-apply = Applica
settings-timy-not-yet = Usato solo dopo Applica.
column-running-time = Tempo di gara
column-running-time-hint = Coppie partenza/arrivo per pettorale: l'arrivo di ogni pettorale meno la sua partenza, entrambi come registrati dai dispositivi (1/10 000 s), il risultato troncato al 1/100 s (FIS RIS 611.3.5). Due partenze o due arrivi sono segnalati, mai indovinati.
pair-menu = Tempo di gara…
pair-menu-on = Tempo di gara ✔
pair-hint = Coppie per pettorale: una partenza su un canale, un arrivo su un altro.
pair-start = Partenza
pair-finish = Arrivo
pair-off = Spento
pair-two-starts = 2 partenze?
pair-two-finishes = 2 arrivi?
pair-finish-first = arrivo prima della partenza?
command-correct-bib = Correggi pettorale…
command-mark-invalid = Segna non valido…
command-mark-valid = Di nuovo valido…
command-note = Nota…
command-undo-correction = Annulla correzione
command-add-hand-time = Aggiungi tempo manuale…
correction-hand-channel = Canale (C0, C1, …)
correction-hand-time = Ora del dispositivo (hh:mm:ss.ffff)
correction-hand-bib = Pettorale (vuoto: nessuno)
correction-hand-time-wrong = L’ora è hh:mm:ss con al massimo quattro decimali, per esempio 09:14:03.25.
correction-hand-channel-wrong = Il canale va da C0 a C99.
correction-hand-taken = Un impulso ha già esattamente quest’ora su questo canale.
correction-line = { $what }: { $old } → { $new } · { $by } · { $at } · { $reason }
correction-undone = annullata
correction-device-changed = ⚠ il dispositivo ora indica il pettorale { $bib } (cambiato dopo la correzione)
correction-new-bib = Nuovo pettorale (vuoto: nessuno)
correction-note = Nota per la giuria
correction-reason = Motivo (conservato con la correzione)
correction-ok = Correggi
correction-reason-needed = Indica il motivo: ogni correzione conserva il suo.
correction-bib-digits = Un pettorale è un numero (solo cifre).
correction-not-kept = Una correzione è mostrata ma non è stata salvata nel giornale ({ $cause }); andrà persa alla chiusura.
