# mt1-monitor — French (français). Every message the app shows; one file per language, same keys.
# Arguments are written { $name }. Keep the keys in the order of the English file.

app-title = MT1 Monitor

## Menus and commands (the shortcut list of the help overlay)
menu-file = Fichier
menu-view = Affichage
menu-help = Aide
command-focus-filter = Aller au filtre
command-jump-to-bib = Aller au dossard
command-clear-filter = Effacer le filtre
command-export = Exporter…
command-reconnect-now = Reconnecter maintenant
command-resume-following = Reprendre le suivi
command-big-clock = Grande horloge
command-mute = Couper les sons
command-pre-race-check = Contrôle avant course…
pre-race-title = Contrôle avant course
command-settings = Paramètres
command-zoom-in = Zoom avant
command-zoom-out = Zoom arrière
command-zoom-reset = Réinitialiser le zoom
command-help = Raccourcis clavier
command-about = À propos de MT1 Monitor
command-sign-out = Se déconnecter…
command-quit = Quitter
help-title = Raccourcis clavier
help-typing-note = Les raccourcis sont inactifs pendant la saisie dans un champ de texte.
help-menu-only = sans raccourci
help-close = Fermer

## Background work
busy-demo = Démarrage du simulateur de démo…
busy-restore = Vérification de la connexion enregistrée…
busy-sign-in = Connexion en cours…
busy-journal = Ouverture du journal…
busy-replay = Ouverture de la session du journal pour la relecture…

## Sign-in screen
login-tagline = Impulsions en direct de vos appareils ALGE-Timing MT1 (ALGE Results)
login-username = Nom d'utilisateur
login-password = Mot de passe
login-remember = Mémoriser le mot de passe sur cet ordinateur
login-remember-hint = Conservé dans le trousseau de cet ordinateur (jamais dans un fichier) : une connexion expirée se renouvelle ainsi d'elle-même, même après un redémarrage. La déconnexion l'efface.
login-advanced = Avancé
login-server = Serveur
login-sign-in = Se connecter
login-quota-wait = quota : attendre { $seconds } s
login-no-account = Pas de compte sous la main ?
login-demo = Essayer la démo

## Errors, named once, in words an official can act on
error-bad-credentials = Nom d'utilisateur ou mot de passe incorrect.
error-untrusted = Pas de connexion sécurisée au serveur : { $cause }.
error-network = Pas de connexion au serveur ({ $cause }). Vérifiez le réseau, ainsi que l'adresse du serveur sous « Avancé ».
error-quota = Le quota de l'API ALGE Results est atteint. Réessayez à { $at } (dans { $seconds } s).
error-server-address = Adresse du serveur : { $cause }
error-expired = Votre connexion a expiré. Veuillez vous reconnecter.
error-server = Le serveur a signalé une erreur : { $cause }
error-demo = La démo n'a pas pu démarrer : { $cause }
error-task-stopped = La tâche d'arrière-plan s'est arrêtée de façon inattendue.
error-journal-task-stopped = La tâche du journal s'est arrêtée de façon inattendue.
password-not-remembered = { $cause } ; après un redémarrage, une connexion expirée redemandera le mot de passe.

## Missing Timekeeper role
role-title = Fonction Chronométreur non activée
role-signed-in-as = Connecté en tant que { $username }.
role-warning = Ce compte ALGE Results n'a pas la fonction Chronométreur (rôle TIMING_POINT_ACCOUNT). Les impulsions des appareils risquent d'être refusées. Activez-la dans la section Compte d'ALGE Results, puis reconnectez-vous.
role-continue = Continuer quand même
role-back = Retour à la connexion

## Continue the last session?
session-choice-title = Poursuivre la dernière session ?
session-choice-summary = La session { $session } de { $username }, commencée le { $started }, contient { $triggers ->
        [one] { $triggers } impulsion
       *[other] { $triggers } impulsions
    } (y compris celles reçues pendant la fermeture de l'application).
session-choice-unclean = mt1-monitor ne s'est pas fermé correctement la dernière fois (arrêt forcé ou plantage). Poursuivre la session comble la lacune à partir de l'historique.
session-continue = Poursuivre la session { $session }
session-new = Démarrer une nouvelle session
session-unclean = la session { $session } n'a pas été fermée correctement (arrêt forcé ou plantage) ; sa lacune est comblée à partir de l'historique

## Journal
journal-open-failed = impossible d'ouvrir le journal, les impulsions ne sont pas enregistrées localement : { $cause }
journal-prepare-failed = impossible de préparer la session du journal, les impulsions ne sont pas enregistrées localement : { $cause }
journal-recovered = le journal écrit à nouveau ; { $written ->
        [one] { $written } modification en attente enregistrée
       *[other] { $written } modifications en attente enregistrées
    }
## The monitor
monitor-sign-out = Se déconnecter…
monitor-leave-demo = Quitter la démo…
sign-out-title = Se déconnecter ?
sign-out-explain = La liaison en direct s'arrête et la connexion enregistrée est oubliée. Tout ce qui a été reçu jusqu'ici reste dans le journal et peut encore être exporté.
sign-out-confirm = Se déconnecter
sign-out-cancel = Annuler
link-connecting = connexion en cours…
link-live = en direct
link-quiet = liaison silencieuse
link-quiet-detail = rien reçu depuis { $seconds } s, reconnexion dans { $left } s si rien n'arrive
link-reconnecting = liaison perdue, reconnexion dans { $seconds } s (tentative { $attempt })
link-quota = quota de l'API atteint : historique en pause pendant { $seconds } s ; les impulsions manquées seront récupérées ensuite
link-quota-live = quota de l'API atteint : historique en pause pendant { $seconds } s, les impulsions en direct continuent ; les impulsions manquées seront récupérées ensuite
link-sign-in-needed = connexion requise ; une fois connecté, les impulsions manquées seront lues depuis l'historique
link-signed-out = déconnecté : { $reason }
link-stopped = arrêté
banner-link-lost = Liaison en direct perdue — { $state }. Les impulsions déclenchées entre-temps seront récupérées depuis l'historique.
banner-link-quiet = La liaison en direct est silencieuse : rien reçu d'ALGE Results depuis { $seconds } s. Elle se reconnecte d'elle-même dans { $left } s si rien n'arrive ; les impulsions déclenchées entre-temps seront récupérées depuis l'historique.
banner-sign-in-needed = Réception des impulsions interrompue — connexion requise. Reconnectez-vous dans la fenêtre ci-dessous ; les impulsions déclenchées entre-temps seront lues depuis l'historique.
banner-signed-out = Réception des impulsions interrompue — déconnecté : { $reason }. Reconnectez-vous.
banner-journal = Écriture du journal impossible — les impulsions sont conservées en mémoire et enregistrées dès que possible : { $cause }
prompt-title = Se reconnecter
prompt-expired = Votre connexion à ALGE Results a expiré. Les impulsions en direct sont interrompues jusqu'à votre reconnexion.
prompt-reason = Motif : { $reason }
prompt-nothing-lost = Rien n'est perdu : une fois connecté, les impulsions déclenchées entre-temps sont lues depuis l'historique dans cette session.

## Export
export-button = Exporter…
export-only-shown = Lignes affichées uniquement
export-only-shown-hint = Exporter ce qu'affiche le filtre au lieu de toutes les impulsions
export-progress = Exportation { $done }/{ $total }
export-written = { $rows ->
        [one] { $rows } ligne exportée
       *[other] { $rows } lignes exportées
    } vers { $path } ({ $files ->
        [one] { $files } fichier
       *[other] { $files } fichiers
    } et un manifeste)
export-failed = Échec de l'export : { $cause } — rien n'est perdu ; essayez un autre emplacement
export-no-dialog = La boîte de dialogue d'enregistrement n'a pas pu s'ouvrir sur cet ordinateur.
export-cancelled = Aucun fichier choisi
export-save-documents = Enregistrer dans Documents
export-open-folder = Ouvrir le dossier
export-to-documents = La boîte de dialogue d'enregistrement ne peut pas s'ouvrir sur cet ordinateur. Les fichiers vont dans { $folder }
export-ask-again = Demander où enregistrer
export-task-stopped = la tâche d'export s'est arrêtée de façon inattendue
export-title = Export
export-write = Écrire les fichiers
export-tape = Bande de chronométrage (PDF)
export-tape-hint = Toutes les impulsions dans l'ordre d'arrivée, y compris les effacées, les supprimées et les absentes, avec le bilan d'exhaustivité et le contrôle avant course : l'impression à conserver à côté de l'appareil.
export-tape-printer = avec la vue imprimante des appareils
export-tape-printer-hint = Ajoute les lignes de chaque appareil telles que son imprimante les imprime, appareil par appareil (les valeurs des appareils).
printer-menu = Imprimante
printer-title = Imprimante de l’appareil
printer-device = Appareil
printer-channel = Canal
printer-all-channels = tous
printer-hint = Ce que l’imprimante de l’appareil aurait imprimé, le plus ancien d’abord : les valeurs de l’appareil (sans correction ni temps manuel) ; c marque une impulsion annulée.
printer-empty = Rien d’imprimé pour l’instant.
export-summary = Résumé pour le jury (PDF, une page)
export-summary-hint = Une page pour le jury : appareils et canaux avec leurs comptes, coupures et ce qui a été récupéré, corrections, alertes déclenchées, le test d’avant course et le SHA-256 de chaque fichier.
export-manifest-note = Un manifeste (.manifest.json et .txt) contenant les décomptes, les interruptions et le SHA-256 de chaque fichier est écrit à côté de l'export ; « mt1-monitor verify FILE » vérifie un fichier par rapport à ce manifeste.
export-preview = Aperçu (premières lignes, telles qu'écrites)
preset-label = Format :
preset-full = Complet
preset-excel = Excel
preset-race-horology = Race Horology
preset-custom = Personnalisé
preset-full-hint = Toutes les colonnes, avec le nom de l'appareil, séparées par des virgules.
preset-excel-hint = Pour Excel avec paramètres régionaux européens : points-virgules, marque UTF-8, virgules décimales, heures conservées en texte, et seconds_of_day en nombre.
preset-race-horology-hint = Import des temps manuels de Race Horology : une heure appareil par ligne (hh:mm:ss,ffff), un fichier par canal d'appareil ; uniquement les impulsions valides encore actives.
preset-custom-hint = Vos colonnes dans votre ordre, votre séparateur et votre format d'heure (mémorisés).
preset-custom-columns = Colonnes, dans l'ordre :
preset-move-up = Monter
preset-move-down = Descendre
preset-separator = Séparateur
preset-time-format = Heure :

## Devices
devices-title = Appareils
devices-waiting = en attente de la liste des appareils…
devices-unticked-note = Les appareils décochés sont tout de même enregistrés, et exportés avec « tout ».
device-no-trigger = aucune impulsion pour l'instant
device-last-trigger = dernière impulsion { $age }
device-channel-held = { $channel }  ici { $here }
device-channel-counts = { $channel }  ici { $here } · serveur { $server }
device-counts-hint = Ici : impulsions détenues par cette application, en direct. Serveur : ce qu'ALGE Results a compté lors de sa dernière vérification (chaque minute).
device-mismatch-hint = Le serveur compte un nombre d'impulsions différent, même après une lecture complète de l'historique.
age-seconds = il y a { $n } s
age-minutes = il y a { $n } min
age-hours = il y a { $n } h

## Filter and following
filter-label = Filtre
filter-hint = dossard, appareil, heure, état…
jump-hint = n°
jump-none = aucun dossard { $bib } dans le tableau
filter-channel = Canal
filter-all-channels = tous
filter-shown = { $shown } sur { $total } affichées
follow-on = suivi des plus récentes
follow-paused = En pause — { $n ->
        [one] { $n } nouvelle
       *[other] { $n } nouvelles
    } · Reprendre le suivi
follow-sorted = Trié par une autre colonne · Plus récentes d'abord

## Status bar
status-history = lecture de l'historique : { $read } sur ~{ $expected }
status-history-window = lecture de l'historique : { $read }
status-counts = { $triggers ->
        [one] { $triggers } impulsion
       *[other] { $triggers } impulsions
    } · { $recovered ->
        [one] { $recovered } récupérée
       *[other] { $recovered } récupérées
    } de l'historique
status-last-problem = dernier problème ({ $age }) : { $problem }
status-problems = { $n ->
        [one] { $n } problème depuis le démarrage
       *[other] { $n } problèmes depuis le démarrage
    }
## Table
column-device = Appareil
column-channel = Canal
column-device-time = Heure appareil (horloge de l'appareil)
column-device-time-hint = L'horloge propre de l'appareil, en heure locale (le fuseau horaire réglé sur le MT1).
column-bib = Dossard
column-bib-entry = Saisie dossard
column-type = Type
column-valid = Valide
column-state = État
column-source = Source
column-received = Réception (ordinateur, UTC{ $zone })
column-received-hint = Moment où cet ordinateur l'a reçue, selon l'horloge de cet ordinateur (UTC{ $zone }).
column-latency = Latence
column-latency-hint = De l'heure de l'appareil jusqu'à cet ordinateur, pour les impulsions reçues en direct. Les impulsions lues depuis l'historique ont été récupérées plus tard.
column-sort-hint = Cliquer pour trier
state-active = active
state-cleared = effacée
state-deleted = supprimée
state-missing = absente du serveur
source-push = direct
source-history = historique
source-hand = temps manuel
bib-typed = saisi
bib-sequential = séquentiel
kind-impulse = impulsion
kind-clear = effacement
valid-yes = oui
valid-no = NON
latency-ms = { $ms } ms
latency-recovered = récupérée

## Settings
settings-theme = Thème
theme-system = Suivre le système
theme-light = Clair (plein jour)
theme-dark = Sombre
settings-language = Langue
settings-language-system = Système ({ $language })
settings-zoom = Zoom
settings-columns = Colonnes du tableau
settings-data-folder = Dossier de données
settings-open-folder = Ouvrir le dossier
settings-no-data-folder = Aucun dossier de données sur cet ordinateur (définissez MT1_DATA_DIR).
settings-sign-in = Connexion
settings-remembered = Mémorisé pour { $who }
settings-forget = Oublier
settings-nothing-remembered = Rien n'est mémorisé.
settings-saved-note = Les paramètres sont enregistrés à la fermeture de l'application. Les noms de colonnes CSV et la ligne de commande restent en anglais.
settings-close = Fermer

## Sound
settings-sound = Son
settings-volume = Volume
settings-beeps-hint = Choisissez les canaux qui émettent un bip avec 🔔 à côté de chaque canal dans la liste des appareils.
status-muted = sons coupés
sound-unavailable = Pas de son sur cet ordinateur ({ $cause }) ; tout le reste fonctionne.
device-beep-hint = Bip à chaque impulsion de ce canal (chaque canal a sa propre tonalité)

## Link health and clocks
link-heard = liaison : dernières données { $age }
link-heard-hint = La dernière trame ou le dernier signal de vie transmis par la liaison en direct (un signal de vie arrive toutes les 10 s).
device-latency = dernier délai { $ms } ms ({ $word })
device-add-channel = + canal
device-clock-ahead = horloge de l'appareil en avance de { $ms } ms
device-latency-link-down = dernier délai { $ms } ms (avant la coupure de la liaison)
device-latency-hint = De l'horloge de l'appareil jusqu'à cet ordinateur, pour sa dernière impulsion reçue en direct : moins de 2 s, bon ; moins de 10 s, lent ; au-delà, mauvais (liaison mobile médiocre, ou horloge de l'appareil déréglée).
latency-good = bon
latency-slow = lent
latency-bad = mauvais
warn-offsets-differ = Les appareils indiquent des fuseaux horaires différents : { $devices }. Vérifiez le fuseau horaire réglé sur chaque MT1.
warn-wrong-date = { $n ->
        [one] { $n } impulsion porte une date d'appareil différente de sa date de réception : vérifiez la date et l'heure réglées sur l'appareil. Elle est marquée ⚠ dans le tableau.
       *[other] { $n } impulsions portent une date d'appareil différente de leur date de réception : vérifiez la date et l'heure réglées sur l'appareil. Elles sont marquées ⚠ dans le tableau.
    }

## Watchdogs
settings-watchdog = Nouvelles surveillances
settings-clock-ahead = Horloge d'appareil en avance
settings-clock-ahead-above = avertir au-delà de
watchdog-title = Surveillance : { $device } { $channel }
watchdog-silence = Impulsion attendue au moins toutes les
watchdog-seconds = secondes
watchdog-silence-hint = L'intervalle des départs plus une marge : l'alarme sonne si le canal reste muet plus longtemps.
watchdog-pair = Retard maximal des arrivées sur les départs
watchdog-behind = impulsions
watchdog-start-channel = Canal de départ
watchdog-arm = Activer
watchdog-disarm = Désactiver
watchdog-cancel = Annuler
watchdog-arm-hint = Activer une surveillance sur ce canal
watchdog-armed-hint = Une surveillance est active sur ce canal (cliquez pour la modifier ou la désactiver)
watchdog-tripped-mark = déclenchée
watchdog-silent = Surveillance — { $channel } : aucune impulsion depuis { $seconds } s (attendue au moins toutes les { $expected } s).
watchdog-behind-starts = Surveillance — { $channel } a { $behind } impulsions de retard sur son canal de départ.
watchdog-link-down = La liaison en direct est coupée : c'est peut-être la cause.
watchdog-acknowledge = Acquitter

## Big clock
settings-big-clock = La grande horloge affiche
big-clock-hundredths = 1/100 s
big-clock-thousandths = 1/1000 s
big-clock-channels = Canaux :
big-clock-own-window = Fenêtre séparée
big-clock-fullscreen = Plein écran
big-clock-leave-fullscreen = Quitter le plein écran
big-clock-back-to-panel = Revenir dans la fenêtre principale
big-clock-waiting = en attente d'une impulsion…
big-clock-before = précédente :
big-clock-bib = Dossard { $bib }
big-clock-running-choice = Temps de course (du premier canal au second)
big-clock-running = Temps de course
big-clock-on-course = en course
big-clock-finished = arrivé

## Pre-race check
pre-race-hint = Un contrôle guidé avant la course : appuyez tour à tour sur chaque canal de chaque appareil ; chaque appui est confirmé en direct et un rapport est conservé avec la session.
pre-race-devices = Appareils et dernière activité de chacun :
pre-race-last-seen = dernière impulsion il y a { $seconds } s
pre-race-press = Appuyez sur { $channel } de l'appareil { $device }
pre-race-waiting = en attente de l'appui…
pre-race-skip = Passer
pre-race-confirmed = { $channel } : impulsion reçue, délai { $latency } ms, date de l'appareil { $date }, fuseau { $offset } min
pre-race-skipped = { $channel } : passé
pre-race-done = Contrôle terminé.
pre-race-saved = Rapport enregistré : { $path }
pre-race-saved-demo = Rapport enregistré dans le dossier de la démo, qui disparaît avec elle : { $path }
pre-race-demo-press = Appuyer (démo)
pre-race-not-saved = Le rapport n'a pas pu être enregistré : { $cause }
pre-race-no-journal = pas de journal pour cette session
pre-race-close = Fermer
pre-race-report-title = mt1-monitor — contrôle avant course
pre-race-report-header = Compte { $account } sur { $server }, contrôlé le { $at }
pre-race-report-press = { $channel } : appui reçu, heure appareil { $time } le { $date }, fuseau { $offset } min, délai { $latency } ms
pre-race-report-skipped = { $channel } : passé
pre-race-report-not-done = { $channel } : non contrôlé
pre-race-report-clock = { $device } : horloge de l'appareil en retard de { $ms } ms sur cet ordinateur (plus petit délai ; inclut le délai propre de la liaison)
pre-race-report-clock-ahead = { $device } : horloge de l'appareil en avance de { $ms } ms sur cet ordinateur (plus petit délai ; inclut le délai propre de la liaison)
pre-race-report-between = { $second } a { $ms } ms de retard sur { $first }
pre-race-report-between-ahead = { $second } a { $ms } ms d'avance sur { $first }
pre-race-report-offsets-differ = Attention : les appareils indiquent des fuseaux horaires différents.

## Replay
replay-banner = Relecture de la session { $session } du journal — lecture seule
replay-play = ▶ Lecture
replay-pause = ⏸ Pause
replay-speed = Vitesse
replay-at = à { $time }
replay-close = Fermer la relecture
replay-status = relecture (lecture seule) : ce que l'écran affichait alors
replay-empty = La session { $session } du journal ne contient aucune impulsion à relire.

## About and support
about-version = Version
about-commit = Commit Git
about-built = Compilation
about-target = Plateforme cible
about-renderer = Graphisme
about-log-folder = Dossier des logs
crash-title = L'application a planté la dernière fois
crash-explain = mt1-monitor s'est arrêté de façon inattendue la dernière fois. Rien de ce que contenait le journal n'est perdu. Une note pour l'assistance se trouve sous { $note }, à côté du log de ce jour-là.
folder-title = Le dossier ne s'est pas ouvert
folder-no-opener = Aucun programme pour ouvrir les dossiers n'est installé sur cet ordinateur.
folder-no-answer = Aucun gestionnaire de fichiers n'a répondu sur cet ordinateur.
folder-failed = Le gestionnaire de fichiers n'a pas pu ouvrir le dossier.
folder-path = Les fichiers sont dans ce dossier :
folder-copy = Copier le chemin
already-running-title = MT1 Monitor est déjà lancé
already-running-text = Sa fenêtre est ouverte sur cet ordinateur (ou `record` tourne). Utilisez-la, ou fermez-la d'abord : deux copies enregistreraient et exporteraient deux fois la même session.

# Screen readers: what a symbol-only control is for.
a11y-beep = Bip sur { $channel } de { $device }
a11y-watchdog = Surveillance de { $device } { $channel }
a11y-watchdog-tripped = déclenchée (à confirmer dans le bandeau)
a11y-add-channel = Ajouter un canal de { $device }

# Key names as printed on the keyboard (shortcuts in menus, tooltips and help).
key-ctrl = Ctrl
key-alt = Alt
key-shift = Maj
key-home = Origine
key-escape = Échap

settings-timy = Logiciel de chronométrage (lignes ALGE Timy)
settings-timy-outputs-hint = Une sortie par ligne : un port série (COM3, /dev/ttyUSB0,38400,crlf) ou tcp:0.0.0.0:7000 pour les programmes qui se connectent.
settings-timy-map-hint = Correspondance des canaux, MT1=ALGE (1=0, ou 231203016:C2=C1 pour un appareil) ; les autres canaux gardent leur numéro.
settings-timy-none = Aucune sortie : le logiciel de chronométrage ne reçoit rien.
settings-timy-ok = { $count } sortie(s) utilisée(s) ; chaque impulsion envoyée une fois.
settings-timy-bad = Non utilisé : { $error }
feed-status = Timy { $name } : { $state }, { $written } envoyée(s)
feed-waiting = { $count } en attente
feed-opening = ouverture
feed-open = ouvert
feed-readers = { $count } programme(s) connecté(s)
feed-down = non ouvert, nouvel essai
feed-stopped = arrêté
preset-timy = Lignes ALGE Timy
preset-timy-merged = Lignes ALGE Timy, fusionnées
preset-timy-hint = Les lignes qu'imprime un chronomètre ALGE (" 0012 C1  09:00:38.7600 00"), un fichier par appareil avec sa date dans le nom ; une impulsion effacée est suivie de sa ligne c. Pour OpenSkiTime et les autres programmes qui lisent le fichier d'un chronomètre.
preset-timy-merged-hint = Les lignes qu'imprime un chronomètre ALGE, tous les appareils dans un fichier par ordre chronologique, la date dans le nom.
hand-roles = Le fichier de chaque canal est pour
hand-from = de
hand-to = à
hand-window-hint = heure de l'appareil (vide : toute la journée) ; les impulsions d'entraînement hors de la plage restent dehors
hand-window-bad = « { $text } » n'est pas une heure : écrivez 09:00 ou 09:00:30.
hand-clock-gap = Les heures de { $device } sont à { $seconds } s de l'heure locale de cet ordinateur. Race Horology n'apparie les temps manuels aux temps électroniques qu'à 1 s près : vérifiez le fuseau horaire et l'horloge de l'appareil, sinon ces temps ne s'apparient à rien.
state-double = double ?
settings-double = Impulsions doubles
settings-double-within = marquer une deuxième impulsion sur un canal dans les
settings-double-hint = comme « double ? » (un portillon qui rebondit) ; jamais supprimée. 0 : jamais.
settings-timy-apply = Appliquer
settings-timy-not-yet = Utilisé une fois appliqué.
column-running-time = Temps de course
column-running-time-hint = Paires départ/arrivée par dossard : l'arrivée de chaque dossard moins son départ, tous deux tels que les appareils les ont enregistrés (1/10 000 s), le résultat tronqué au 1/100 s (FIS RIS 611.3.5). Deux départs ou deux arrivées sont signalés, jamais devinés.
pair-menu = Temps de course…
pair-menu-on = Temps de course ✔
pair-hint = Paires par dossard : un départ sur un canal, une arrivée sur un autre.
pair-start = Départ
pair-finish = Arrivée
pair-off = Désactivé
pair-two-starts = 2 départs ?
pair-two-finishes = 2 arrivées ?
pair-finish-first = arrivée avant le départ ?
command-correct-bib = Corriger le dossard…
command-mark-invalid = Marquer invalide…
command-mark-valid = De nouveau valide…
command-note = Note…
command-undo-correction = Annuler la correction
command-add-hand-time = Ajouter un temps manuel…
correction-hand-channel = Canal (C0, C1, …)
correction-hand-time = Heure de l’appareil (hh:mm:ss.ffff)
correction-hand-bib = Dossard (vide : aucun)
correction-hand-time-wrong = L’heure s’écrit hh:mm:ss avec jusqu’à quatre décimales, par exemple 09:14:03.25.
correction-hand-channel-wrong = Le canal va de C0 à C99.
correction-hand-taken = Un déclenchement a déjà exactement cette heure sur ce canal.
correction-line = { $what } : { $old } → { $new } · { $by } · { $at } · { $reason }
correction-undone = annulée
correction-device-changed = ⚠ l'appareil indique maintenant le dossard { $bib } (changé après la correction)
correction-new-bib = Nouveau dossard (vide : aucun)
correction-note = Note pour le jury
correction-reason = Motif (conservé avec la correction)
correction-ok = Corriger
correction-reason-needed = Indiquez le motif : chaque correction garde le sien.
correction-bib-digits = Un dossard est un nombre (chiffres seulement).
correction-not-kept = Une correction est affichée mais n'a pas pu être conservée dans le journal ({ $cause }) ; elle sera perdue à la fermeture.
