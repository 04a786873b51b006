//! The live trigger table: virtualised rows (only visible rows are laid out), big times,
//! struck-through cleared/deleted rows, header clicks to sort, auto-follow of the newest row.
//! It scrolls sideways when the window is narrow, and the official can hide columns.

use egui::{Align, RichText};
use egui_extras::{Column, TableBuilder};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::time::Instant;
use strum::IntoEnumIterator;

use crate::model::correction::{Corrections, Effective};
use crate::model::pairs::Paired;
use crate::model::row::{Source, TriggerRow, TriggerState};
use crate::model::time::ticks_to_system_time;
use crate::model::trigger::{channel_label, DeviceId};
use crate::tr;
use crate::ui::commands::UiCommand;
use crate::ui::look::format;
use crate::ui::look::i18n::Language;
use crate::ui::look::theme;
use crate::ui::table::state::Follow;
use crate::ui::table::state::{SortColumn, TriggerTable};

const ROW_HEIGHT: f32 = 26.0;

/// Frames a scroll to the top may take before the table counts as scrolled away.
const SETTLE_FRAMES: u8 = 60;

/// The table's columns, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, strum::EnumIter)]
pub enum TableColumn {
    Device,
    Channel,
    DeviceTime,
    Bib,
    BibEntry,
    Type,
    Valid,
    State,
    Source,
    Received,
    Latency,
    /// The running time of a start/finish pair by bib (only when channels are paired).
    RunningTime,
}

impl TableColumn {
    pub fn title(self) -> String {
        match self {
            Self::Device => tr!("column-device"),
            Self::Channel => tr!("column-channel"),
            Self::DeviceTime => tr!("column-device-time"),
            Self::Bib => tr!("column-bib"),
            Self::BibEntry => tr!("column-bib-entry"),
            Self::Type => tr!("column-type"),
            Self::Valid => tr!("column-valid"),
            Self::State => tr!("column-state"),
            Self::Source => tr!("column-source"),
            Self::Received => tr!(
                "column-received",
                zone = chrono::Local::now().format("%:z").to_string()
            ),
            Self::Latency => tr!("column-latency"),
            Self::RunningTime => tr!("column-running-time"),
        }
    }

    /// What the header's tooltip adds: which clock a time column shows.
    fn explain(self) -> Option<String> {
        match self {
            Self::DeviceTime => Some(tr!("column-device-time-hint")),
            Self::Received => Some(tr!(
                "column-received-hint",
                zone = chrono::Local::now().format("%:z").to_string()
            )),
            Self::Latency => Some(tr!("column-latency-hint")),
            Self::RunningTime => Some(tr!("column-running-time-hint")),
            _ => None,
        }
    }

    /// The device time is what the table is for; every other column can be hidden.
    pub fn can_hide(self) -> bool {
        self != Self::DeviceTime
    }

    fn sort(self) -> Option<SortColumn> {
        match self {
            Self::Device => Some(SortColumn::Device),
            Self::Channel => Some(SortColumn::Channel),
            Self::DeviceTime => Some(SortColumn::Time),
            Self::Bib => Some(SortColumn::Bib),
            Self::Type => Some(SortColumn::Type),
            Self::State => Some(SortColumn::State),
            Self::Source => Some(SortColumn::Source),
            Self::Received => Some(SortColumn::Received),
            Self::Latency => Some(SortColumn::Latency),
            Self::BibEntry | Self::Valid | Self::RunningTime => None,
        }
    }

    fn width(self) -> f32 {
        match self {
            Self::Device => 120.0,
            Self::Channel => 64.0,
            Self::DeviceTime => 200.0,
            Self::Bib => 64.0,
            Self::BibEntry => 90.0,
            Self::Type => 90.0,
            Self::Valid => 56.0,
            Self::State => 120.0,
            Self::Source => 80.0,
            Self::Received => 190.0,
            Self::Latency => 90.0,
            Self::RunningTime => 110.0,
        }
    }
}

/// What the table shows of a row besides its facts: its double mark, its pair, what the
/// officials' corrections make of it.
#[derive(Clone, Copy)]
struct Marks<'a> {
    double: bool,
    paired: Option<Paired>,
    corrected: Option<&'a Effective>,
}

/// What the official asked of a row (its context menu, or a shortcut on the marked row).
#[must_use]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableAction {
    None,
    Correct { row: usize, what: CorrectWhat },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CorrectWhat {
    Bib,
    /// `true`: mark invalid; `false`: valid again.
    Invalid(bool),
    Note,
    Undo,
    /// A hand time beside this row (its device, its date).
    Hand,
}

/// The text of one cell. The device name comes from `names` (the account's device list).
fn cell_text(
    column: TableColumn,
    row: &TriggerRow,
    marks: Marks<'_>,
    names: &HashMap<DeviceId, String>,
    language: Language,
) -> String {
    let received = || {
        // The laptop's local clock (the CSV keeps UTC).
        let t = chrono::DateTime::<chrono::Local>::from(ticks_to_system_time(row.received))
            .format("%H:%M:%S%.3f")
            .to_string();
        format::with_decimal_mark(t, language)
    };
    match column {
        TableColumn::Device => names
            .get(row.key.device_id.as_str())
            .cloned()
            .unwrap_or_else(|| row.key.device_id.to_string()),
        TableColumn::Channel => channel_label(row.key.channel),
        // A device date that is not the date the trigger arrived on: the device's clock or
        // date is wrong, and the date says which.
        TableColumn::DeviceTime if format::wrong_date(row) => format!(
            "⚠ {} {}",
            format::device_date(row),
            format::device_time_of_day(row, language)
        ),
        TableColumn::DeviceTime => format::device_time_of_day(row, language),
        TableColumn::Bib => match marks.corrected.filter(|e| e.bib.is_some()) {
            Some(e) => format!(
                "✏ {}{}",
                e.bib(row).map_or_else(|| "–".into(), |b| b.to_string()),
                if e.device_changed_since(row) {
                    " ⚠"
                } else {
                    ""
                }
            ),
            None => row
                .facts
                .bib
                .as_ref()
                .map_or_else(|| "–".into(), |b| b.number.to_string()),
        },
        TableColumn::BibEntry => row
            .facts
            .bib
            .as_ref()
            .map_or_else(String::new, |b| format::bib_entry_label(b.kind.as_str())),
        TableColumn::Type => format::kind_label(row.facts.kind.as_str()),
        TableColumn::Valid => match marks.corrected.and_then(|e| e.invalid) {
            Some(invalid) => format!("✏ {}", format::valid_label(Some(!invalid))),
            None => format::valid_label(row.facts.valid),
        },
        TableColumn::State => {
            let mut text = format::state_label(row.state);
            if marks.double {
                text = format!("{text} · {}", tr!("state-double"));
            }
            if let Some(note) = marks.corrected.and_then(|e| e.note.as_ref()) {
                text = format!("{text} · ✏ {note}");
            }
            text
        }
        TableColumn::Source => format::source_label(row.source),
        TableColumn::Received => received(),
        // A trigger read from history was not pushed: its delay says when it was recovered,
        // not how slow the link was.
        TableColumn::Latency => match row.source {
            Source::Push => tr!("latency-ms", ms = row.latency_ms()),
            Source::History => tr!("latency-recovered"),
            Source::Hand => String::new(),
        },
        TableColumn::RunningTime => match marks.paired {
            None | Some(Paired::Started) => String::new(),
            Some(Paired::Time(t)) => {
                format::with_decimal_mark(Paired::Time(t).text().unwrap_or_default(), language)
            }
            Some(Paired::TwoStarts) => tr!("pair-two-starts"),
            Some(Paired::TwoFinishes) => tr!("pair-two-finishes"),
            Some(Paired::FinishFirst) => tr!("pair-finish-first"),
        },
    }
}

/// Draws the table. Cost grows with the rows on screen, not with the rows in the table.
pub fn show(
    ui: &mut egui::Ui,
    table: &mut TriggerTable,
    names: &HashMap<DeviceId, String>,
    follow: &mut Follow,
    hidden: &[TableColumn],
    now: Instant,
) -> TableAction {
    let p = theme::palette(ui.ctx());
    let language = crate::ui::look::i18n::language();
    table.set_words(names, language);
    table.refresh_pairs();
    let paired = table.pair_spec().is_some();
    let columns: Vec<TableColumn> = TableColumn::iter()
        .filter(|c| !hidden.contains(c) && (paired || *c != TableColumn::RunningTime))
        .collect();
    let titles: Vec<String> = columns.iter().map(|c| c.title()).collect();
    let view_len = table.view_len();
    let mut clicked: Option<SortColumn> = None;
    let mut first_visible: Option<usize> = None;
    let mut asked = TableAction::None;
    let (sort, descending) = (table.sort, table.descending);
    egui::ScrollArea::horizontal()
        .id_salt("triggers-sideways")
        .show(ui, |ui| {
            let builder = table_builder(ui, &columns, follow, view_len);
            builder
                .header(28.0, |mut header| {
                    for &c in &columns {
                        header.col(|ui| {
                            if let Some(s) = header_cell(ui, c, (sort, descending)) {
                                clicked = Some(s);
                            }
                        });
                    }
                })
                .body(|body| {
                    body.rows(ROW_HEIGHT, view_len, |mut table_row| {
                        let n = table_row.index();
                        first_visible = Some(first_visible.map_or(n, |f: usize| f.min(n)));
                        let i = table.shown(n);
                        let highlighted = table.is_highlighted(i, now);
                        let row = table.row(i);
                        let marks = Marks {
                            double: table.is_double(row),
                            paired: table.paired(row),
                            corrected: table.corrected(row),
                        };
                        table_row.set_selected(highlighted || follow.marked == Some(i));
                        let texts: Vec<String> = columns
                            .iter()
                            .map(|&c| cell_text(c, row, marks, names, language))
                            .collect();
                        // A screen reader reads one labelled row per trigger, every cell in it.
                        let spoken = titles
                            .iter()
                            .zip(&texts)
                            .map(|(title, t)| format!("{title}: {t}"))
                            .collect::<Vec<_>>()
                            .join(", ");
                        for (k, (&c, text)) in columns.iter().zip(texts).enumerate() {
                            table_row.col(|ui| {
                                let cell = ui.label(cell_look(c, text, row, marks, p));
                                if cell.secondary_clicked() {
                                    follow.menu_row = Some(i);
                                }
                                let target = follow.menu_row.unwrap_or(i);
                                let of = table.row(target);
                                if let Some(what) = row_menu(&cell, table.corrections(), of) {
                                    asked = TableAction::Correct { row: target, what };
                                }
                                if cell.clicked() {
                                    follow.marked = Some(i);
                                }
                                let hand = row.source == Source::Hand && c == TableColumn::Source;
                                if hand
                                    || marks.corrected.is_some()
                                        && matches!(
                                            c,
                                            TableColumn::Bib
                                                | TableColumn::Valid
                                                | TableColumn::State
                                        )
                                {
                                    cell.on_hover_text(history(table.corrections(), row));
                                } else if k == 0 {
                                    cell.widget_info(|| {
                                        egui::WidgetInfo::labeled(
                                            egui::accesskit::Role::Row,
                                            true,
                                            &spoken,
                                        )
                                    });
                                }
                            });
                        }
                    });
                });
        });
    if let Some(column) = clicked {
        table.sort_by(column);
        follow.scroll_to_top = follow.on;
    }
    // The official scrolled away from the newest rows: stop following until asked. Not
    // while a scroll to the top is still on its way (egui animates it over a few frames).
    if first_visible.is_none_or(|f| f == 0) {
        follow.settle = 0;
    } else if follow.settle > 0 {
        follow.settle -= 1;
    } else if follow.on {
        follow.on = false;
    }
    asked
}

/// A row's context menu: the corrections an official can make (and take back).
fn row_menu(
    cell: &egui::Response,
    corrections: &Corrections,
    row: &TriggerRow,
) -> Option<CorrectWhat> {
    let mut what = None;
    cell.context_menu(|ui| {
        let invalid = corrections
            .of(&row.key)
            .map_or(row.facts.valid == Some(false), |e| e.invalid(row));
        let items = [
            (UiCommand::CorrectBib, CorrectWhat::Bib),
            if invalid {
                (UiCommand::MarkValid, CorrectWhat::Invalid(false))
            } else {
                (UiCommand::MarkInvalid, CorrectWhat::Invalid(true))
            },
            (UiCommand::Note, CorrectWhat::Note),
        ];
        for (command, w) in items {
            if ui.button(command.label()).clicked() {
                what = Some(w);
            }
        }
        let undo = ui.add_enabled(
            corrections.last_standing(&row.key).is_some(),
            egui::Button::new(UiCommand::UndoCorrection.label()),
        );
        if undo.clicked() {
            what = Some(CorrectWhat::Undo);
        }
        ui.separator();
        if ui.button(UiCommand::AddHandTime.label()).clicked() {
            what = Some(CorrectWhat::Hand);
        }
    });
    what
}

/// Every correction of `row`, oldest first, for the hover over a corrected cell (the device's
/// values stay readable there).
fn history(corrections: &Corrections, row: &TriggerRow) -> String {
    let mut lines: Vec<String> = corrections
        .list()
        .iter()
        .filter(|c| c.key == row.key && c.undoes.is_none())
        .map(|c| {
            let at = chrono::DateTime::<chrono::Local>::from(ticks_to_system_time(c.at))
                .format("%H:%M:%S");
            let undone = if corrections.is_undone(c.id) {
                format!(" ({})", tr!("correction-undone"))
            } else {
                String::new()
            };
            tr!(
                "correction-line",
                what = c.fix.kind(),
                old = c.was.value(),
                new = c.fix.value(),
                by = c.by.as_str(),
                at = at.to_string(),
                reason = c.reason.as_str()
            ) + &undone
        })
        .collect();
    if corrections
        .of(&row.key)
        .is_some_and(|e| e.device_changed_since(row))
    {
        let now = row
            .facts
            .bib_number()
            .map_or_else(|| "–".into(), |b| b.to_string());
        lines.push(tr!("correction-device-changed", bib = now));
    }
    lines.join("\n")
}

/// The table's columns and where it scrolls this frame: to the newest row when following,
/// to a jumped-to bib.
fn table_builder<'a>(
    ui: &'a mut egui::Ui,
    columns: &[TableColumn],
    follow: &mut Follow,
    view_len: usize,
) -> TableBuilder<'a> {
    let mut builder = TableBuilder::new(ui)
        .id_salt("triggers")
        .striped(true)
        .resizable(true)
        .cell_layout(egui::Layout::left_to_right(Align::Center))
        .min_scrolled_height(0.0);
    for (i, c) in columns.iter().enumerate() {
        let col = if i + 1 == columns.len() {
            Column::remainder().at_least(c.width())
        } else {
            Column::initial(c.width()).at_least(40.0)
        };
        builder = builder.column(col.clip(true));
    }
    if std::mem::take(&mut follow.scroll_to_top) && view_len > 0 {
        builder = builder.scroll_to_row(0, Some(Align::TOP));
        follow.settle = SETTLE_FRAMES;
    }
    if let Some(n) = follow.jump_to.take().filter(|&n| n < view_len) {
        builder = builder.scroll_to_row(n, Some(Align::Center));
    }
    builder
}

/// A column's title: a button that sorts by it (with the mark of the sort in force), or a
/// label. Returns the column to sort by when clicked.
fn header_cell(
    ui: &mut egui::Ui,
    c: TableColumn,
    (sort, descending): (SortColumn, bool),
) -> Option<SortColumn> {
    let text = RichText::new(c.title()).strong();
    let hint = match c.explain() {
        Some(e) => format!("{e}\n{}", tr!("column-sort-hint")),
        None => tr!("column-sort-hint"),
    };
    let Some(s) = c.sort() else {
        ui.label(text);
        return None;
    };
    let clicked = ui
        .add(egui::Button::new(text).frame(false))
        .on_hover_text(hint)
        .clicked();
    if s == sort {
        sort_mark(ui, descending);
    }
    clicked.then_some(s)
}

/// A cell's text as the table shows it: times and bibs large, a trigger no longer active
/// struck through, an invalid one (or a double's state) in the warning colour, what came from history marked.
fn cell_look(
    c: TableColumn,
    text: String,
    row: &TriggerRow,
    marks: Marks<'_>,
    p: &theme::Palette,
) -> RichText {
    let (double, paired) = (marks.double, marks.paired);
    let device_changed = marks.corrected.is_some_and(|e| e.device_changed_since(row));
    let mut rich = RichText::new(text);
    match c {
        TableColumn::DeviceTime => rich = rich.monospace().size(18.0).strong(),
        TableColumn::Bib => rich = rich.size(17.0).strong(),
        _ => {}
    }
    if row.state != TriggerState::Active {
        rich.strikethrough().color(p.gone)
    } else if (c == TableColumn::Valid && row.facts.valid == Some(false))
        || (c == TableColumn::State && double)
        || (c == TableColumn::Bib && device_changed)
        || (c == TableColumn::RunningTime
            && !matches!(paired, None | Some(Paired::Time(_) | Paired::Started)))
    {
        rich.color(p.warn)
    } else if matches!(c, TableColumn::Source | TableColumn::Latency) && row.source != Source::Push
    {
        rich.color(p.history)
    } else {
        rich
    }
}

/// A small painted triangle (the bundled fonts have no arrow glyphs).
fn sort_mark(ui: &mut egui::Ui, descending: bool) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
    let c = rect.center();
    let (tip, base) = if descending { (4.0, -4.0) } else { (-4.0, 4.0) };
    let points = vec![
        egui::pos2(c.x - 4.0, c.y + base),
        egui::pos2(c.x + 4.0, c.y + base),
        egui::pos2(c.x, c.y + tip),
    ];
    let color = ui.visuals().strong_text_color();
    ui.painter().add(egui::Shape::convex_polygon(
        points,
        color,
        egui::Stroke::NONE,
    ));
}
