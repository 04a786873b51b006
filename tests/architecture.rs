//! The house's rules, read from `src/` itself so they cannot regress silently:
//! - no import loop of any length between files (a file that reaches itself through others);
//! - no import from a lower layer to a higher one (the order is [`LAYERS`], written once).
//!
//! A file's imports are the `crate::…`, `super::…`, `self::…` and `mt1_monitor::…` paths in
//! its code (in `use` lines and inline), outside comments and its `#[cfg(test)]` module.
//! A path is resolved to the file that defines the module it names; a name re-exported by a
//! folder's `mod.rs` (`pub use`) is followed to the file that defines it, since a face
//! (`mod` + `pub use`) is not a room of its own.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, lowest first: a module may import from its own layer's modules (without a
/// loop) and from lower layers, never from a higher one. `bin` is `main.rs` and `cli/`.
const LAYERS: &[&[&str]] = &[
    &["model"],
    &["mt1"],
    &["session"],
    &["journal", "export", "storage", "support"],
    &["feed", "sim", "record", "replay", "sound"],
    &["ui"],
    &["bin"],
];

/// A file's module path: `["ui", "monitor", "state"]`; the binary's start under `bin`.
type Module = Vec<String>;

struct Source {
    file: PathBuf,
    module: Module,
    /// A folder's `mod.rs` or `lib.rs`: a face (`mod` and `pub use`).
    face: bool,
    /// Its code without comments, strings and unit tests.
    code: String,
}

fn sources() -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&root, &mut files);
    files
        .into_iter()
        .map(|file| {
            let relative = file.strip_prefix(&root).expect("under src");
            let mut module: Module = relative
                .with_extension("")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if matches!(
                module.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                let last = module.pop().expect("a name");
                if last == "main" {
                    module.push("bin".into());
                }
            }
            if module.first().map(String::as_str) == Some("cli") {
                module.insert(0, "bin".into());
            }
            let text = std::fs::read_to_string(&file).expect("readable");
            Source {
                code: code_of(&text),
                face: file
                    .file_name()
                    .is_some_and(|n| n == "mod.rs" || n == "lib.rs"),
                file,
                module,
            }
        })
        .collect()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code that counts: comments, the insides of strings and char literals, and the
/// unit-test module taken out (newlines kept). One pass, as the compiler reads it: a `//`
/// inside a string is no comment, and a `"` inside a comment or a char literal no string.
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    let c: Vec<char> = text.chars().collect();
    let at = |i: usize| c.get(i).copied();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < c.len() {
        let ident_before = i > 0 && (c[i - 1].is_alphanumeric() || c[i - 1] == '_');
        match (c[i], at(i + 1)) {
            ('/', Some('/')) => {
                while i < c.len() && c[i] != '\n' {
                    i += 1;
                }
            }
            ('/', Some('*')) => {
                let mut depth = 0;
                while i < c.len() {
                    if c[i] == '/' && at(i + 1) == Some('*') {
                        depth += 1;
                        i += 2;
                    } else if c[i] == '*' && at(i + 1) == Some('/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        if c[i] == '\n' {
                            out.push('\n');
                        }
                        i += 1;
                    }
                }
            }
            ('r', Some('"' | '#')) if !ident_before => {
                // A raw string: r"…", r#"…"#, …
                let mut j = i + 1;
                let mut hashes = 0;
                while at(j) == Some('#') {
                    hashes += 1;
                    j += 1;
                }
                if at(j) != Some('"') {
                    out.push('r');
                    i += 1;
                    continue;
                }
                j += 1;
                loop {
                    match at(j) {
                        None => break,
                        Some('"') if (1..=hashes).all(|k| at(j + k) == Some('#')) => {
                            j += 1 + hashes;
                            break;
                        }
                        Some('\n') => out.push('\n'),
                        _ => {}
                    }
                    j += 1;
                }
                out.push_str("\"\"");
                i = j;
            }
            ('"', _) => {
                i += 1;
                while i < c.len() && c[i] != '"' {
                    if c[i] == '\\' {
                        i += 1;
                    } else if c[i] == '\n' {
                        out.push('\n');
                    }
                    i += 1;
                }
                out.push_str("\"\"");
                i += 1;
            }
            ('\'', Some('\\')) => {
                // An escaped char literal: '\n', '\'', '\u{…}'.
                i += 2;
                while i < c.len() && c[i] != '\'' {
                    i += 1;
                }
                i += 1;
            }
            ('\'', Some(_)) if at(i + 2) == Some('\'') => i += 3,
            (ch, _) => {
                out.push(ch);
                i += 1;
            }
        }
    }
    out
}

/// Every path a file names: `use` trees expanded (`a::{b, c::d}` → `a::b`, `a::c::d`) and
/// inline paths, each as its segments.
fn paths_in(code: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    let mut rest = code;
    // `use` statements, braces and all.
    while let Some(at) = find_word(rest, "use") {
        let after = &rest[at + 3..];
        let Some(end) = after.find(';') else { break };
        expand(after[..end].trim(), &mut Vec::new(), &mut paths);
        rest = &after[end + 1..];
    }
    // Inline paths anywhere (a `use` line's paths are found again: harmless).
    let bytes: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let starts_word = i == 0 || !(bytes[i - 1].is_alphanumeric() || bytes[i - 1] == '_');
        if starts_word && (bytes[i].is_alphabetic() || bytes[i] == '_') {
            let mut j = i;
            let mut segments = Vec::new();
            loop {
                let start = j;
                while j < bytes.len() && (bytes[j].is_alphanumeric() || bytes[j] == '_') {
                    j += 1;
                }
                segments.push(bytes[start..j].iter().collect::<String>());
                if j + 2 < bytes.len()
                    && bytes[j] == ':'
                    && bytes[j + 1] == ':'
                    && (bytes[j + 2].is_alphabetic() || bytes[j + 2] == '_')
                {
                    j += 2;
                } else {
                    break;
                }
            }
            if segments.len() > 1 {
                paths.push(segments);
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    paths
}

const ROOTS: &[&str] = &["crate", "super", "self", "mt1_monitor"];

fn find_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = text[from..].find(word).map(|a| a + from) {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        if boundary(before) && after.is_some_and(char::is_whitespace) {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// Expands one use tree under `prefix`.
fn expand(tree: &str, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    let tree = tree.trim();
    if tree.is_empty() {
        return;
    }
    if let Some(inner) = tree.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
        for part in split_top(inner) {
            expand(part, &mut prefix.clone(), out);
        }
        return;
    }
    match tree.find("::") {
        Some(at) if !tree[..at].contains('{') => {
            prefix.push(tree[..at].trim().to_owned());
            expand(&tree[at + 2..], prefix, out);
        }
        _ => {
            let name = tree.split(" as ").next().unwrap_or(tree).trim();
            let mut path = prefix.clone();
            if name != "self" && name != "*" {
                path.push(name.to_owned());
            }
            out.push(path);
        }
    }
}

/// Splits `a, b::{c, d}, e` at its top-level commas.
fn split_top(text: &str) -> Vec<&str> {
    let (mut parts, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// The project's import graph: file module → the file modules it imports.
struct Graph {
    modules: BTreeSet<Module>,
    edges: BTreeMap<Module, BTreeSet<Module>>,
    files: BTreeMap<Module, PathBuf>,
}

/// The use tree of a `pub use` statement (without its `;`), if it is one.
fn pub_use(statement: &str) -> Option<&str> {
    let at = find_word(statement, "use")?;
    statement[..at]
        .contains("pub")
        .then(|| &statement[at + 3..])
}

impl Graph {
    /// A graph of `modules` and `edges` with no files behind it (rooms, the checker's test).
    fn of(modules: BTreeSet<Module>, edges: BTreeMap<Module, BTreeSet<Module>>) -> Self {
        let files = modules
            .iter()
            .map(|m| (m.clone(), PathBuf::new()))
            .collect();
        Self {
            modules,
            edges,
            files,
        }
    }
}

fn graph() -> Graph {
    let sources = sources();
    let modules: BTreeSet<Module> = sources.iter().map(|s| s.module.clone()).collect();
    let files = sources
        .iter()
        .map(|s| (s.module.clone(), s.file.clone()))
        .collect();
    // What each face re-exports: (face, name) → the module the name comes from.
    let mut faces: BTreeMap<(Module, String), Vec<String>> = BTreeMap::new();
    for s in sources.iter().filter(|s| s.face) {
        for tree in s.code.split(';').filter_map(pub_use) {
            let mut paths = Vec::new();
            expand(tree, &mut Vec::new(), &mut paths);
            for path in paths {
                if let Some(name) = path.last() {
                    faces.insert((s.module.clone(), name.clone()), path.clone());
                }
            }
        }
    }
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for s in &sources {
        let code = if s.face {
            // A face's own `pub use` lines are its face, not its imports.
            s.code
                .split(';')
                .filter(|l| pub_use(l).is_none())
                .collect::<Vec<_>>()
                .join(";")
        } else {
            s.code.clone()
        };
        for path in paths_in(&code) {
            let Some(target) = resolve(&path, &s.module, &modules, &faces) else {
                continue;
            };
            if target != s.module {
                edges.entry(s.module.clone()).or_default().insert(target);
            }
        }
    }
    Graph {
        modules,
        edges,
        files,
    }
}

/// The file a path names, following faces' re-exports. `here`: the module of the file the
/// path is written in (`super` is its parent, for a `mod.rs` too: its module is the folder).
fn resolve(
    path: &[String],
    here: &Module,
    modules: &BTreeSet<Module>,
    faces: &BTreeMap<(Module, String), Vec<String>>,
) -> Option<Module> {
    let in_bin = here.first().map(String::as_str) == Some("bin");
    let (mut at, rest): (Module, &[String]) = match path.first().map(String::as_str) {
        Some("crate") if in_bin => (vec!["bin".into()], &path[1..]),
        Some("crate" | "mt1_monitor") => (Vec::new(), &path[1..]),
        Some("self") => (here.clone(), &path[1..]),
        Some("super") => {
            let mut at = here.clone();
            let mut rest = path;
            while rest.first().map(String::as_str) == Some("super") {
                at.pop();
                rest = &rest[1..];
            }
            (at, rest)
        }
        // A relative path in 2018 style: a child module of this one (`big_clock::show`).
        Some(first) => {
            let mut child = here.clone();
            child.push(first.to_owned());
            if !modules.contains(&child) {
                return None;
            }
            (here.clone(), path)
        }
        None => return None,
    };
    let mut found = modules.contains(&at).then(|| at.clone());
    for (k, segment) in rest.iter().enumerate() {
        at.push(segment.clone());
        if modules.contains(&at) {
            found = Some(at.clone());
            continue;
        }
        at.pop();
        // A name the face at `at` re-exports: followed to where it comes from.
        if let Some(origin) = faces.get(&(at.clone(), segment.clone())) {
            let mut full: Vec<String> = Vec::new();
            if !ROOTS.contains(&origin[0].as_str()) {
                full.push("self".into());
            }
            full.extend(origin.iter().cloned());
            full.extend(rest[k + 1..].iter().cloned());
            return resolve(&full, &at, modules, faces).or(found);
        }
        break;
    }
    found
}

fn layer_of(module: &Module) -> usize {
    let top = module.first().map(String::as_str).unwrap_or("");
    LAYERS
        .iter()
        .position(|layer| layer.contains(&top))
        .unwrap_or_else(|| panic!("{top}: a top-level module missing from LAYERS"))
}

fn name(m: &Module) -> String {
    if m.is_empty() {
        "lib".into()
    } else {
        m.join("::")
    }
}

/// Every strongly connected group of more than one file (Tarjan), as names.
fn loops(g: &Graph) -> Vec<Vec<String>> {
    struct T<'a> {
        g: &'a Graph,
        index: BTreeMap<&'a Module, usize>,
        low: BTreeMap<&'a Module, usize>,
        stack: Vec<&'a Module>,
        on: BTreeSet<&'a Module>,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(t: &mut T<'a>, v: &'a Module) {
        let n = t.index.len();
        t.index.insert(v, n);
        t.low.insert(v, n);
        t.stack.push(v);
        t.on.insert(v);
        if let Some(next) = t.g.edges.get(v) {
            for w in next {
                let w = t.g.modules.get(w).expect("known");
                if !t.index.contains_key(w) {
                    visit(t, w);
                    let low = t.low[v].min(t.low[w]);
                    t.low.insert(v, low);
                } else if t.on.contains(w) {
                    let low = t.low[v].min(t.index[w]);
                    t.low.insert(v, low);
                }
            }
        }
        if t.low[v] == t.index[v] {
            let mut group = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(w);
                group.push(name(w));
                if w == v {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                t.out.push(group);
            }
        }
    }
    let mut t = T {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in &g.modules {
        if !t.index.contains_key(v) {
            visit(&mut t, v);
        }
    }
    t.out
}

#[test]
fn no_file_reaches_itself_through_its_imports() {
    let g = graph();
    let found = loops(&g);
    let explain: Vec<String> = found
        .iter()
        .map(|group| {
            let members: BTreeSet<&String> = group.iter().collect();
            let arrows: Vec<String> = g
                .edges
                .iter()
                .filter(|(from, _)| members.contains(&name(from)))
                .flat_map(|(from, to)| {
                    to.iter()
                        .filter(|t| members.contains(&name(t)))
                        .map(move |t| format!("    {} → {}", name(from), name(t)))
                })
                .collect();
            format!("  {}:\n{}", group.join(", "), arrows.join("\n"))
        })
        .collect();
    assert!(found.is_empty(), "import loops:\n{}", explain.join("\n"));
}

#[test]
fn no_import_runs_from_a_lower_layer_to_a_higher_one() {
    let g = graph();
    let mut upward = Vec::new();
    for (from, targets) in &g.edges {
        for to in targets {
            if !from.is_empty() && !to.is_empty() && layer_of(to) > layer_of(from) {
                upward.push(format!(
                    "  {} ({}) → {}",
                    name(from),
                    g.files[from].display(),
                    name(to)
                ));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports that run up:\n{}",
        upward.join("\n")
    );
}

/// The checker itself: a loop of three files and an upward import are found, a `use` tree
/// is expanded, and comments, strings and unit tests do not count.
#[test]
fn the_checker_finds_what_it_is_for() {
    let code = code_of(
        "use super::{a, b::{c, d as e}};\n// use crate::ui::x;\nlet s = \"crate::ui::y\";\n\
         let url = \"https://example.org\"; crate::mt1::tls::config();\n\
         let q = '\"'; crate::journal::open(); /* crate::ui::w */\n\
         #[cfg(test)]\nmod tests { use crate::ui::z; }",
    );
    let mut paths: Vec<String> = paths_in(&code).iter().map(|p| p.join("::")).collect();
    paths.sort();
    paths.dedup();
    paths.retain(|p| ROOTS.iter().any(|r| p.starts_with(r)));
    assert_eq!(
        paths,
        [
            "crate::journal::open",
            "crate::mt1::tls::config",
            "super::a",
            "super::b::c",
            "super::b::d"
        ]
    );
    let m = |s: &str| -> Module { s.split("::").map(str::to_owned).collect() };
    let modules: BTreeSet<Module> = ["ui::a", "ui::b", "ui::c", "model"].map(m).into();
    let edges = BTreeMap::from([
        (m("ui::a"), BTreeSet::from([m("ui::b")])),
        (m("ui::b"), BTreeSet::from([m("ui::c")])),
        (m("ui::c"), BTreeSet::from([m("ui::a"), m("model")])),
    ]);
    let g = Graph::of(modules, edges);
    assert_eq!(loops(&g), vec![vec!["ui::a", "ui::b", "ui::c"]]);
    assert!(layer_of(&m("model")) < layer_of(&m("ui::a")));
}

/// A folder of the house (a top-level module; in `ui`, a wing or a leaf).
fn room(m: &Module) -> Module {
    let depth = if m.first().map(String::as_str) == Some("ui") {
        2
    } else {
        1
    };
    m.iter().take(depth).cloned().collect()
}

#[test]
fn no_module_or_wing_reaches_itself_through_another() {
    let g = graph();
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (from, targets) in &g.edges {
        for to in targets {
            let (a, b) = (room(from), room(to));
            if a != b {
                edges.entry(a).or_default().insert(b);
            }
        }
    }
    let rooms = Graph::of(g.modules.iter().map(room).collect(), edges);
    let found = loops(&rooms);
    assert!(found.is_empty(), "loops between rooms: {found:?}");
}
