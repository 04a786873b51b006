//! The timing tape: every trigger as a printable PDF, one line each, in the device printer's
//! order (chronological by device time, all devices merged), whenever it reached this laptop.
//! It is the cloud counterpart of the thermal printout a timekeeper keeps beside the device:
//! paper that still says what happened when every screen and file is gone. So nothing is left
//! out: a cleared, deleted or vanished trigger is printed too, marked by its state word, and
//! an invalid one says so in its own column. Every page names the race (date and event).

use crate::model::doubles::Doubles;
use std::collections::HashMap;

use krilla::geom::Point;
use krilla::page::PageSettings;
use krilla::text::{Font, TextDirection};
use krilla::Document;

use crate::model::row::{TriggerRow, TriggerState};
use crate::model::time::{device_ticks, WallTime};
use crate::model::trigger::{channel_label, DeviceId, TriggerKind};

/// Device names are cut to this many characters, so a row stays one line.
const NAME_CHARS: usize = 12;

/// Column titles and widths in characters (the font is monospaced, so characters are columns):
/// 84 characters and eight gaps of two make the 100 of a line.
pub const COLUMNS: [(&str, usize); 9] = [
    ("device time", 13),
    ("device", NAME_CHARS),
    ("ch", 4),
    ("bib", 6),
    ("valid", 5),
    ("kind", 7),
    ("state", 17),
    ("source", 7),
    ("arrived UTC", 13),
];

const GAP: &str = "  ";
/// A4 portrait, in points.
const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN_X: f32 = 36.0;
const TOP: f32 = 40.0;
const BOTTOM: f32 = 48.0;
const SIZE: f32 = 8.5;
const LEAD: f32 = 10.0;
const TITLE_SIZE: f32 = 12.0;
const TITLE_LEAD: f32 = 18.0;
const FOOTER_SIZE: f32 = 8.0;
/// Hack's advance width: 1233/2048 em.
const ADVANCE_EM: f32 = 0.602;
/// Characters per line: (595 - 2 * 36) / (8.5 * 0.602) = 102; 100 leaves a margin.
const COLS: usize = 100;
/// Continuation lines of a wrapped line start with this, so they do not read as new lines.
const INDENT: &str = "    ";

#[derive(Debug, thiserror::Error)]
pub enum TapeError {
    #[error("the timing tape could not be made: {0}")]
    Pdf(String),
}

/// Builds the PDF: A4 portrait pages in embedded Hack (monospace), `page_head` (the race's
/// date and event) at the top of every page, a header block on the first page (`header`),
/// then every row in device-time order, one line per trigger under column titles repeated
/// at the top of each page of rows, then a "Completeness" section with `summary` and then
/// the `appendix` lines (the pre-race check). Every page has a "page N of M" footer. Rows
/// that are not active are printed too, marked by their state; a double impulse is marked
/// "double?".
pub fn timing_tape(
    rows: &[&TriggerRow],
    names: &HashMap<DeviceId, String>,
    doubles: &Doubles,
    page_head: &str,
    header: &[String],
    summary: &[String],
    appendix: &[String],
) -> Result<Vec<u8>, TapeError> {
    let mut pager = Pager::new(page_head);
    pager.push(TITLE_SIZE, "Timing tape");
    for line in header {
        pager.push(SIZE, line);
    }
    pager.push(SIZE, "");
    pager.ensure_titles();
    // The device printer's order: by the instant each impulse happened, devices merged.
    let mut ordered = rows.to_vec();
    ordered.sort_by(|a, b| {
        (a.key.timestamp, &a.key.device_id, a.key.channel, a.id).cmp(&(
            b.key.timestamp,
            &b.key.device_id,
            b.key.channel,
            b.id,
        ))
    });
    for row in ordered {
        let mut cells = cells(row, names);
        if doubles.is_double(&row.key) {
            cells[6].push_str(" double?");
        }
        pager.push(SIZE, &join(&cells));
    }
    pager.rows_done();
    if rows.is_empty() {
        pager.push(SIZE, "(no triggers)");
    }
    let inactive = rows.iter().filter(|r| r.state != TriggerState::Active);
    let end = format!(
        "end of tape: {} triggers, {} not active",
        rows.len(),
        inactive.count()
    );
    pager.push(SIZE, &end);
    pager.push(SIZE, "");
    pager.push(TITLE_SIZE, "Completeness");
    if summary.is_empty() {
        pager.push(SIZE, "(no summary)");
    }
    for line in summary {
        pager.push(SIZE, line);
    }
    if !appendix.is_empty() {
        pager.push(SIZE, "");
        for line in appendix {
            pager.push(SIZE, line);
        }
    }
    render(&pager.pages)
}

/// One A4 page in the tape's type: `title`, then each section's title and lines. Lines that
/// would not fit are left out, each section giving up its last lines first and the longest
/// sections giving up the most, with a line saying how many (`more`): every section keeps its
/// title and its first lines, so the page always has all of them.
pub fn one_page(
    head: &str,
    title: &str,
    sections: &[(&str, Vec<String>)],
    more: &str,
) -> Result<Vec<u8>, TapeError> {
    let mut pager = Pager::new(head);
    pager.push(TITLE_SIZE, title);
    // Each section's printed lines (wrapped), after its blank line and its title.
    let wrapped: Vec<Vec<String>> = sections
        .iter()
        .map(|(_, lines)| lines.iter().flat_map(|l| wrap(l)).collect())
        .collect();
    let free = ((PAGE_H - TOP - BOTTOM - pager.used) / LEAD).floor() as usize;
    let budget = free.saturating_sub(2 * sections.len());
    for ((name, _), (lines, room)) in sections
        .iter()
        .zip(wrapped.iter().zip(shares(&wrapped, budget)))
    {
        pager.push(SIZE, "");
        pager.push(SIZE, name);
        if lines.len() <= room {
            lines.iter().for_each(|l| pager.push(SIZE, l));
            continue;
        }
        let kept = room.saturating_sub(1);
        lines[..kept].iter().for_each(|l| pager.push(SIZE, l));
        pager.push(SIZE, &format!("… {} {more}", lines.len() - kept));
    }
    render(&pager.pages)
}

/// Lines for each section out of `budget`: the short sections whole, the rest share what is
/// left evenly (a water level).
fn shares(sections: &[Vec<String>], budget: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..sections.len()).collect();
    order.sort_by_key(|&i| sections[i].len());
    let mut room = vec![0; sections.len()];
    let mut left = budget;
    for (k, &i) in order.iter().enumerate() {
        let share = left / (sections.len() - k);
        room[i] = sections[i].len().min(share.max(2));
        left = left.saturating_sub(room[i]);
    }
    room
}

/// One row's cells, in [`COLUMNS`] order.
fn cells(row: &TriggerRow, names: &HashMap<DeviceId, String>) -> [String; 9] {
    let name = names
        .get(&row.key.device_id)
        .map_or(row.key.device_id.as_str(), String::as_str);
    // The words a timekeeper reads, not the wire names.
    let kind = match row.facts.kind {
        TriggerKind::StartNumber => "impulse",
        TriggerKind::Clear => "clear",
        TriggerKind::Other(_) => "other",
    };
    let valid = match row.facts.valid {
        Some(true) => "yes",
        Some(false) => "NO",
        None => "?",
    };
    [
        WallTime::from_ticks(device_ticks(row.key.timestamp, row.facts.time_offset_min))
            .time_of_day(),
        name.chars().take(NAME_CHARS).collect(),
        channel_label(row.key.channel),
        row.facts
            .bib
            .as_ref()
            .map_or_else(|| "-".to_owned(), |b| b.number.to_string()),
        valid.to_owned(),
        kind.to_owned(),
        row.state.as_str().to_owned(),
        row.source.as_str().to_owned(),
        WallTime::from_ticks(row.received).time_of_day(),
    ]
}

/// Cells padded to their column widths (never cut: a long bib widens its line instead).
fn join<S: AsRef<str>>(cells: &[S]) -> String {
    let mut line = String::with_capacity(COLS);
    for (i, (cell, (_, width))) in cells.iter().zip(COLUMNS).enumerate() {
        let cell = cell.as_ref();
        if i > 0 {
            line.push_str(GAP);
        }
        line.push_str(cell);
        if i + 1 < COLUMNS.len() {
            for _ in cell.chars().count()..width {
                line.push(' ');
            }
        }
    }
    line
}

/// `text` as printable lines of at most [`COLS`] characters: split at line breaks, control
/// characters blanked (a tab would print as nothing), long lines wrapped between words (a
/// word longer than a line is cut) with an indent.
fn wrap(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for raw in text.split('\n') {
        let mut rest: Vec<char> = raw
            .trim_end()
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let mut indent = "";
        loop {
            let room = COLS - indent.len();
            if rest.len() <= room {
                out.push(indent.chars().chain(rest).collect());
                break;
            }
            // The last space that leaves the line within its room, else a hard cut.
            let cut = rest[..=room]
                .iter()
                .rposition(|&c| c == ' ')
                .filter(|&at| at > 0)
                .unwrap_or(room);
            let line: String = rest[..cut].iter().collect();
            out.push(format!("{indent}{}", line.trim_end()));
            let skip = rest[cut..].iter().take_while(|&&c| c == ' ').count();
            rest.drain(..cut + skip);
            indent = INDENT;
        }
    }
    out
}

struct Line {
    size: f32,
    text: String,
}

/// Lays lines out onto pages before anything is drawn, so the footer can say "of M".
struct Pager {
    pages: Vec<Vec<Line>>,
    /// Height used on the current page, in points.
    used: f32,
    /// Whether the current page already has the column titles.
    titles_here: bool,
    /// Rows are being laid out: a new page starts with the column titles (after them, the
    /// completeness section's pages do not).
    in_rows: bool,
    /// The first line of every page.
    head: String,
}

impl Pager {
    fn new(head: &str) -> Self {
        let mut pager = Self {
            pages: vec![Vec::new()],
            used: 0.0,
            titles_here: false,
            in_rows: false,
            head: head.to_owned(),
        };
        pager.page_head();
        pager
    }

    fn page_head(&mut self) {
        let head = wrap(&self.head).into_iter().next().unwrap_or_default();
        self.put(SIZE, head);
        self.put(SIZE, String::new());
    }

    fn rows_done(&mut self) {
        self.in_rows = false;
    }

    fn lead(size: f32) -> f32 {
        if size >= TITLE_SIZE {
            TITLE_LEAD
        } else {
            LEAD
        }
    }

    fn room(&self, height: f32) -> bool {
        self.used + height <= PAGE_H - TOP - BOTTOM
    }

    /// Appends one line that is known to fit.
    fn put(&mut self, size: f32, text: String) {
        self.used += Self::lead(size);
        if let Some(page) = self.pages.last_mut() {
            page.push(Line { size, text });
        }
    }

    fn titles(&mut self) {
        self.titles_here = true;
        self.put(SIZE, join(&COLUMNS.map(|(title, _)| title)));
        self.put(SIZE, join(&COLUMNS.map(|(_, width)| "-".repeat(width))));
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.used = 0.0;
        self.titles_here = false;
        self.page_head();
        if self.in_rows {
            self.titles();
        }
    }

    /// Column titles on the first page, under the header, kept with at least one row.
    fn ensure_titles(&mut self) {
        self.in_rows = true;
        if self.titles_here {
            return;
        }
        if self.room(3.0 * LEAD) {
            self.titles();
        } else {
            self.new_page();
        }
    }

    fn push(&mut self, size: f32, text: &str) {
        for part in wrap(text) {
            if !self.room(Self::lead(size)) {
                self.new_page();
            }
            self.put(size, part);
        }
    }
}

fn render(pages: &[Vec<Line>]) -> Result<Vec<u8>, TapeError> {
    // Embedded, not referenced: the tape must print the same on any machine.
    let font = Font::new(epaint_default_fonts::HACK_REGULAR.to_vec().into(), 0)
        .ok_or_else(|| TapeError::Pdf("the embedded font could not be read".to_owned()))?;
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H)
        .ok_or_else(|| TapeError::Pdf("invalid page size".to_owned()))?;
    let mut doc = Document::new();
    let total = pages.len();
    for (n, lines) in pages.iter().enumerate() {
        let mut page = doc.start_page_with(settings.clone());
        let mut surface = page.surface();
        let mut y = TOP;
        for line in lines {
            // `y` is the baseline; the surface's origin is the top-left corner.
            y += Pager::lead(line.size);
            if !line.text.trim().is_empty() {
                // Left to right always: a name in another script must not turn the row around.
                surface.draw_text(
                    Point::from_xy(MARGIN_X, y),
                    font.clone(),
                    line.size,
                    &line.text,
                    false,
                    TextDirection::LeftToRight,
                );
            }
        }
        let footer = format!("page {} of {}", n + 1, total);
        let width = footer.len() as f32 * FOOTER_SIZE * ADVANCE_EM;
        surface.draw_text(
            Point::from_xy(PAGE_W - MARGIN_X - width, PAGE_H - 24.0),
            font.clone(),
            FOOTER_SIZE,
            &footer,
            false,
            TextDirection::LeftToRight,
        );
        surface.finish();
        page.finish();
    }
    // `KrillaError` has no `Display`; its `Debug` names the cause (fonts print as `Font {..}`).
    doc.finish().map_err(|e| TapeError::Pdf(format!("{e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::row::Source;
    use crate::model::trigger::{Bib, BibKind, TriggerFacts, TriggerKey};

    /// 2026-10-04 00:00 UTC in ticks (the reference example's day).
    const DAY: i64 = 17_910_720_000_000_000;
    const OFFSET_MIN: i32 = 120;

    /// Device-local wall time of that day, in ticks.
    fn local(h: i64, m: i64, s: i64, ticks: i64) -> i64 {
        DAY + (h * 3600 + m * 60 + s) * 10_000_000 + ticks
    }

    fn row(id: u32, local: i64, state: TriggerState) -> TriggerRow {
        let timestamp = local - i64::from(OFFSET_MIN) * 600_000_000;
        TriggerRow {
            id,
            key: TriggerKey {
                device_id: DeviceId::from("231203016"),
                channel: 1,
                timestamp,
            },
            facts: TriggerFacts {
                time_offset_min: OFFSET_MIN,
                kind: TriggerKind::StartNumber,
                bib: Some(Bib {
                    number: 100 + i64::from(id),
                    kind: BibKind::Manual,
                }),
                valid: Some(true),
                blocked: Some(false),
                falling_edge: None,
            },
            state,
            source: Source::Push,
            received: timestamp + 2_000_000,
        }
    }

    /// The text of each page, first to last. krilla draws text as Identity-H CID fonts with
    /// a ToUnicode CMap (krilla src/text/cid.rs), which lopdf's `extract_text` decodes
    /// (lopdf src/object.rs `base_encoding`): so this is the text a reader copies out.
    fn page_texts(pdf: &[u8]) -> Vec<String> {
        let doc = lopdf::Document::load_mem(pdf).expect("a PDF lopdf can read");
        doc.get_pages()
            .keys()
            .map(|&n| doc.extract_text(&[n]).expect("page text"))
            .collect()
    }

    #[test]
    fn one_page_stays_one_page_and_says_what_it_left_out() {
        let long: Vec<String> = (0..500).map(|n| format!("correction {n}")).collect();
        let sections = [
            ("Devices", vec!["Start C0: 12 here".to_owned()]),
            ("Corrections", long),
            ("Files", vec!["a.csv".to_owned(), "sha256 00ff".to_owned()]),
        ];
        let pdf = one_page("Race of 2026-12-05", "Jury summary", &sections, "more").expect("pdf");
        let pages = page_texts(&pdf);
        assert_eq!(pages.len(), 1);
        for wanted in ["Start C0: 12 here", "correction 0", "more", "sha256 00ff"] {
            assert!(pages[0].contains(wanted), "{wanted:?} in {}", pages[0]);
        }
        assert!(!pages[0].contains("correction 499"));
    }

    #[test]
    fn every_trigger_is_on_the_tape_whatever_its_state() {
        let mut rows = [
            row(0, local(10, 42, 7, 1_234_567), TriggerState::Active),
            row(1, local(10, 42, 9, 5_000_000), TriggerState::Cleared),
            row(
                2,
                local(10, 43, 1, 9_999_999),
                TriggerState::MissingOnServer,
            ),
        ];
        rows[2].source = Source::History;
        rows[1].facts.bib = None;
        let refs: Vec<&TriggerRow> = rows.iter().collect();
        let mut names = HashMap::new();
        names.insert(
            DeviceId::from("231203016"),
            "Finish line photocell".to_owned(),
        );
        let header = vec!["account: timekeeper@example.org".to_owned()];
        let summary = vec!["3 triggers held, 1 missing on server".to_owned()];
        let appendix = vec!["pre-race check: all devices answered".to_owned()];
        let pdf = timing_tape(
            &refs,
            &names,
            &Doubles::default(),
            "Race of 2026-10-04",
            &header,
            &summary,
            &appendix,
        )
        .expect("tape");
        let pages = page_texts(&pdf);
        assert_eq!(pages.len(), 1);
        let text = &pages[0];
        for wanted in [
            "10:42:07.1234",
            "10:42:09.5000",
            "10:43:01.9999",
            "08:42:07.3234",
            "cleared",
            "missing_on_server",
            "history",
            "account: timekeeper@example.org",
            "3 triggers held, 1 missing on server",
            "pre-race check: all devices answered",
            "Finish line",
            "device time",
            "valid",
            "Race of 2026-10-04",
            "page 1 of 1",
        ] {
            assert!(text.contains(wanted), "{wanted:?} is missing from:\n{text}");
        }
        assert!(
            !text.contains("photocell"),
            "names are cut to 12 characters"
        );
    }

    #[test]
    fn a_long_race_flows_onto_numbered_pages() {
        let rows: Vec<TriggerRow> = (0..300u32)
            .map(|i| {
                let t = local(9, 0, 0, 0) + i64::from(i) * 37_000_123;
                row(i, t, TriggerState::Active)
            })
            .collect();
        let refs: Vec<&TriggerRow> = rows.iter().collect();
        let header = vec!["session: 09:00 to 09:20".to_owned()];
        let summary = vec!["300 triggers held".to_owned()];
        let pdf = timing_tape(
            &refs,
            &HashMap::new(),
            &Doubles::default(),
            "Race",
            &header,
            &summary,
            &[],
        )
        .expect("tape");
        let pages = page_texts(&pdf);
        let n = pages.len();
        assert!(n > 1, "300 rows need more than one page");
        let time = |r: &TriggerRow| {
            WallTime::from_ticks(device_ticks(r.key.timestamp, r.facts.time_offset_min))
                .time_of_day()
        };
        let all = pages.concat();
        for r in &rows {
            let t = time(r);
            assert_eq!(all.matches(&t).count(), 1, "{t} printed once");
        }
        // 68 rows fit on the first page (under the header) and 72 on each next one (under
        // the race's line), so the last 16 rows share page 5 with the completeness section.
        let last = &pages[n - 1];
        assert!(last.contains(&time(&rows[299])), "{last}");
        assert!(last.contains("Completeness") && last.contains("300 triggers held"));
        assert!(pages[0].contains(&time(&rows[0])));
        for (i, page) in pages.iter().enumerate() {
            assert!(
                page.contains("device time"),
                "column titles on page {}",
                i + 1
            );
            assert!(page.contains(&format!("page {} of {}", i + 1, n)));
        }
    }

    #[test]
    fn the_tape_is_in_device_time_order_with_the_race_on_every_page_and_invalid_marked() {
        // Read from history newest first, as a sign-in mid-race delivers them: the tape
        // prints them as the device printer did, oldest first, devices merged.
        let mut rows: Vec<TriggerRow> = (0..150u32)
            .rev()
            .map(|i| {
                row(
                    i,
                    local(9, 0, 0, 0) + i64::from(i) * 10_000_000,
                    TriggerState::Active,
                )
            })
            .collect();
        for r in rows.iter_mut().filter(|r| r.id % 2 == 1) {
            r.key.device_id = DeviceId::from("231203017");
            r.received = local(12, 0, 0, 0); // all arrived together
        }
        rows[0].facts.valid = Some(false);
        // A bounce 0.1 s after row 2 (same device and channel): marked, never dropped.
        let bounce = row(1000, local(9, 0, 2, 1_000_000), TriggerState::Active);
        rows.push(bounce);
        let refs: Vec<&TriggerRow> = rows.iter().collect();
        let pdf = timing_tape(
            &refs,
            &HashMap::new(),
            &Doubles::of(refs.iter().copied(), 300),
            "Race of 2026-10-04 — demo",
            &[],
            &[],
            &[],
        )
        .expect("tape");
        let pages = page_texts(&pdf);
        assert!(pages.len() > 1);
        let all = pages.concat();
        let at = |i: u32| {
            let t = local(9, 0, 0, 0) + i64::from(i) * 10_000_000;
            all.find(&WallTime::from_ticks(t).time_of_day())
                .expect("printed")
        };
        assert!(
            (0..149).all(|i| at(i) < at(i + 1)),
            "chronological by device time"
        );
        for page in &pages {
            assert!(page.contains("Race of 2026-10-04 — demo"), "{page}");
        }
        let invalid = all
            .lines()
            .find(|l| {
                l.contains(
                    &WallTime::from_ticks(local(9, 0, 0, 0) + 149 * 10_000_000).time_of_day(),
                )
            })
            .expect("the invalid row");
        assert!(invalid.contains(" NO "), "{invalid}");
        let doubles: Vec<&str> = all.lines().filter(|l| l.contains("double?")).collect();
        assert_eq!(doubles.len(), 1, "{doubles:?}");
        assert!(
            doubles[0].contains(&WallTime::from_ticks(local(9, 0, 2, 1_000_000)).time_of_day()),
            "{doubles:?}"
        );
    }

    #[test]
    fn the_summary_wraps_between_words_and_its_pages_carry_no_column_titles() {
        let rows = [row(0, local(10, 0, 0, 0), TriggerState::Active)];
        let refs: Vec<&TriggerRow> = rows.iter().collect();
        let long = "231203017 C1: server 66, here 65 (1 missing on server); ".repeat(4);
        let summary: Vec<String> = std::iter::once(long)
            .chain((0..90).map(|i| format!("line {i}")))
            .collect();
        let pdf = timing_tape(
            &refs,
            &HashMap::new(),
            &Doubles::default(),
            "Race",
            &[],
            &summary,
            &[],
        )
        .expect("tape");
        let pages = page_texts(&pdf);
        assert_eq!(pages.len(), 2, "the summary runs onto a second page");
        assert!(
            !pages[1].contains("device time"),
            "no column titles without rows:\n{}",
            pages[1]
        );
        assert!(pages[1].contains("Race"), "the race's line on every page");
        let lines = wrap(&summary[0]);
        assert!(lines.len() > 1 && lines.iter().all(|l| l.chars().count() <= COLS));
        // Broken only where a space was: joined again with spaces, the text is whole.
        let joined: Vec<&str> = lines.iter().map(|l| l.trim_start()).collect();
        assert_eq!(joined.join(" "), summary[0].trim_end(), "no word is cut");
    }
}
