//! `cargo xtask layers`: no import circles between modules, and core's layers in
//! their declared order.
//!
//! A circle between modules means neither can be understood, tested or moved
//! without the other. The check reads the sources only (no build, so it runs in
//! a blink):
//! for each crate it builds the graph of top-level modules (a file `foo.rs` or a
//! folder `foo/` directly under `src/`; in core also each folder under `kinds/`)
//! from the paths the code names:
//!
//! - `use` items, with `{...}` lists, `self`, `as` and globs;
//! - `crate::…`, `self::…` and `super::…` paths anywhere in code (`super` is
//!   resolved from the file, and the inline `mod` it sits in);
//! - paths through a child module (`reader::read`) and through the crate root's
//!   re-exports (`crate::Campaign`, or `crate::config::…` when the root says
//!   `pub use campaign as config;`), followed to the module they name.
//!
//! Comments (doc comments too) and string literals are skipped, so an
//! intra-doc link never counts as a use. `#[cfg(test)]` modules are checked like
//! any other: none is exempt. The crate roots (`lib.rs`, `main.rs`) may use
//! everything; they are the crate's front door, not a module of the graph.
//!
//! Core also has layers (see its crate doc): a module may use only its own layer
//! or lower ones, and a page kind may use only the kinds layer's shared modules
//! besides itself, never another kind.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

/// What is checked in one crate.
pub struct CrateRules {
    /// How messages name the crate: `core`.
    pub name: &'static str,
    /// Its sources, relative to the repository root.
    pub src: &'static str,
    /// Folders whose children are modules of the graph of their own (`kinds`).
    pub split: &'static [&'static str],
    /// The layers from lowest to highest, each with its modules (`kinds::*`: every
    /// module of the `kinds` folder). Empty: only circles are checked.
    pub layers: &'static [Layer],
    /// Modules of a split folder that the folder's other modules may use (core's
    /// shared poster and survey modules); the folder's own `mod.rs` may always be used.
    pub shared: &'static [&'static str],
}

/// One layer of a crate: its name and its modules.
pub struct Layer {
    pub name: &'static str,
    pub modules: &'static [&'static str],
}

/// Core's layers (see `core/src/lib.rs`): primitives < diagnostics < kinds <
/// campaign < wire.
const CORE_LAYERS: &[Layer] = &[
    Layer {
        name: "primitives",
        modules: &["primitives"],
    },
    Layer {
        name: "diagnostics",
        modules: &["diagnostics"],
    },
    Layer {
        name: "kinds",
        modules: &["kinds", "kinds::*"],
    },
    Layer {
        name: "campaign",
        modules: &[
            "campaign", "backend", "delivery", "envelope", "identity", "routes", "schema", "shell",
            "template",
        ],
    },
    Layer {
        name: "wire",
        modules: &["wire"],
    },
];

pub const CRATES: [CrateRules; 3] = [
    CrateRules {
        name: "core",
        src: "core/src",
        split: &["kinds"],
        layers: CORE_LAYERS,
        // The poster renderer, and the survey's questions and answer rules,
        // which the course page's sign-up form reuses.
        shared: &["kinds::poster", "kinds::survey"],
    },
    CrateRules {
        name: "server",
        src: "server/src",
        // Resources call each other (a submission grants a quiz's bonus draw).
        split: &["routes", "store"],
        layers: &[],
        shared: &[],
    },
    CrateRules {
        name: "app",
        src: "src",
        split: &[],
        layers: &[],
        shared: &[],
    },
];

/// `cargo xtask layers [--graph]`: checks every crate, printing a line for each
/// (and with `--graph`, every use between modules, with where it is).
pub fn check_all(root: &Path, show_graph: bool) -> anyhow::Result<()> {
    let mut problems = Vec::new();
    for rules in &CRATES {
        let files = read_sources(&root.join(rules.src))?;
        let report = check(rules, &files);
        println!("{}", report.summary);
        if show_graph {
            for line in &report.uses {
                println!("  {line}");
            }
        }
        problems.extend(report.problems);
    }
    if problems.is_empty() {
        return Ok(());
    }
    for problem in &problems {
        eprintln!("{problem}");
    }
    bail!(
        "{} layering problem{}; see above",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    )
}

/// Every `.rs` file under `src`, by its path relative to `src` (with `/`).
fn read_sources(src: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let mut files = Vec::new();
    let mut pending: Vec<PathBuf> = vec![src.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries =
            std::fs::read_dir(&dir).with_context(|| format!("cannot read {}", dir.display()))?;
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                let relative = path
                    .strip_prefix(src)
                    .unwrap_or(&path)
                    .components()
                    .map(|part| part.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                files.push((relative, text));
            }
        }
    }
    files.sort();
    Ok(files)
}

/// What [`check`] found in one crate.
#[derive(Debug)]
pub struct Report {
    /// One line: modules, uses, and whether all is well.
    pub summary: String,
    /// Each circle or layer break, as a message naming it.
    pub problems: Vec<String>,
    /// Each use between modules: `from -> to (file:line)`.
    pub uses: Vec<String>,
}

/// Where one module uses another: the first place found.
#[derive(Debug, Clone)]
struct Site {
    file: String,
    line: usize,
}

/// Checks one crate given its files (path relative to `src`, text).
pub fn check(rules: &CrateRules, files: &[(String, String)]) -> Report {
    let graph = Graph::build(rules, files);
    let mut problems = Vec::new();
    let sccs = graph.circles();
    for scc in &sccs {
        let cycle = graph.cycle_in(scc);
        let mut message = format!("{}: import circle: {}", rules.name, cycle.join(" -> "));
        for pair in cycle.windows(2) {
            if let Some(site) = graph.edges.get(&pair[0]).and_then(|to| to.get(&pair[1])) {
                message.push_str(&format!(
                    "\n  {} uses {} at {}/{}:{}",
                    pair[0], pair[1], rules.src, site.file, site.line
                ));
            }
        }
        if scc.len() > 2 {
            message.push_str(&format!(
                "\n  (the circle joins {})",
                scc.iter().cloned().collect::<Vec<_>>().join(", ")
            ));
        }
        message.push_str("\n  break it: move what both need into a lower module, or pass it in");
        problems.push(message);
    }
    if !rules.layers.is_empty() {
        problems.extend(graph.layer_problems(rules));
    }
    let uses: usize = graph.edges.values().map(BTreeMap::len).sum();
    let status = match problems.len() {
        0 if !rules.layers.is_empty() => "no circles, layers in order".to_owned(),
        0 => "no circles".to_owned(),
        1 => "1 problem".to_owned(),
        count => format!("{count} problems"),
    };
    let summary = format!(
        "{}: {} modules, {} uses between them: {status}",
        rules.name,
        graph.nodes.len(),
        uses
    );
    let uses = graph
        .edges
        .iter()
        .flat_map(|(from, targets)| {
            targets.iter().map(move |(to, site)| {
                format!("{from} -> {to} ({}/{}:{})", rules.src, site.file, site.line)
            })
        })
        .collect();
    Report {
        summary,
        problems,
        uses,
    }
}

/// Modules and who uses whom, in one crate.
struct Graph {
    nodes: BTreeSet<String>,
    /// `from` → `to` → where.
    edges: BTreeMap<String, BTreeMap<String, Site>>,
}

impl Graph {
    fn build(rules: &CrateRules, files: &[(String, String)]) -> Graph {
        let modules: BTreeSet<Vec<String>> = files
            .iter()
            .flat_map(|(file, _)| {
                let path = module_path(file);
                (1..=path.len())
                    .map(move |len| path[..len].to_vec())
                    .collect::<Vec<_>>()
            })
            .collect();
        let parsed: Vec<(&String, Vec<String>, Vec<RawPath>)> = files
            .iter()
            .map(|(file, text)| {
                let module = module_path(file);
                let paths = paths_in(&tokenize(text), &module);
                (file, module, paths)
            })
            .collect();
        let aliases = root_aliases(&parsed, &modules);
        let resolver = Resolver {
            modules: &modules,
            aliases: &aliases,
            split: rules.split,
        };
        let mut nodes = BTreeSet::new();
        let mut edges: BTreeMap<String, BTreeMap<String, Site>> = BTreeMap::new();
        for (file, module, paths) in &parsed {
            let Some(from) = resolver.node(module) else {
                continue; // a crate root
            };
            nodes.insert(from.clone());
            for raw in paths {
                let Some(to) = resolver.resolve(raw).and_then(|path| resolver.node(&path)) else {
                    continue;
                };
                if to != from {
                    edges
                        .entry(from.clone())
                        .or_default()
                        .entry(to)
                        .or_insert_with(|| Site {
                            file: (*file).clone(),
                            line: raw.line,
                        });
                }
            }
        }
        Graph { nodes, edges }
    }

    /// The strongly connected sets of more than one module (Tarjan).
    fn circles(&self) -> Vec<BTreeSet<String>> {
        struct State<'a> {
            graph: &'a Graph,
            index: BTreeMap<&'a str, usize>,
            low: BTreeMap<&'a str, usize>,
            stack: Vec<&'a str>,
            on_stack: BTreeSet<&'a str>,
            found: Vec<BTreeSet<String>>,
        }
        fn visit<'a>(state: &mut State<'a>, node: &'a str) {
            let next = state.index.len();
            state.index.insert(node, next);
            state.low.insert(node, next);
            state.stack.push(node);
            state.on_stack.insert(node);
            let targets = state
                .graph
                .edges
                .get(node)
                .into_iter()
                .flat_map(|to| to.keys());
            for target in targets {
                let target = target.as_str();
                if !state.index.contains_key(target) {
                    visit(state, target);
                    let low = state.low[node].min(state.low[target]);
                    state.low.insert(node, low);
                } else if state.on_stack.contains(target) {
                    let low = state.low[node].min(state.index[target]);
                    state.low.insert(node, low);
                }
            }
            if state.low[node] == state.index[node] {
                let mut members = BTreeSet::new();
                while let Some(member) = state.stack.pop() {
                    state.on_stack.remove(member);
                    members.insert(member.to_owned());
                    if member == node {
                        break;
                    }
                }
                if members.len() > 1 {
                    state.found.push(members);
                }
            }
        }
        let mut state = State {
            graph: self,
            index: BTreeMap::new(),
            low: BTreeMap::new(),
            stack: Vec::new(),
            on_stack: BTreeSet::new(),
            found: Vec::new(),
        };
        let all: BTreeSet<&str> = self
            .nodes
            .iter()
            .map(String::as_str)
            .chain(
                self.edges
                    .values()
                    .flat_map(|to| to.keys().map(String::as_str)),
            )
            .collect();
        for node in all {
            if !state.index.contains_key(node) {
                visit(&mut state, node);
            }
        }
        state.found.sort();
        state.found
    }

    /// A shortest circle through the first module of `scc`, as `a, b, a`.
    fn cycle_in(&self, scc: &BTreeSet<String>) -> Vec<String> {
        let Some(start) = scc.iter().next() else {
            return Vec::new();
        };
        let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
        let mut queue = VecDeque::from([start.as_str()]);
        while let Some(node) = queue.pop_front() {
            for target in self.edges.get(node).into_iter().flat_map(|to| to.keys()) {
                if !scc.contains(target) {
                    continue;
                }
                if target == start {
                    let mut cycle = vec![start.clone()];
                    let mut at = node;
                    while at != start {
                        cycle.push(at.to_owned());
                        at = came_from[at];
                    }
                    cycle.push(start.clone());
                    cycle.reverse();
                    return cycle;
                }
                if !came_from.contains_key(target.as_str()) {
                    came_from.insert(target, node);
                    queue.push_back(target);
                }
            }
        }
        vec![start.clone(), start.clone()]
    }

    fn layer_problems(&self, rules: &CrateRules) -> Vec<String> {
        let order = rules
            .layers
            .iter()
            .map(|layer| layer.name)
            .collect::<Vec<_>>()
            .join(" < ");
        let layer_of = |node: &str| {
            rules.layers.iter().position(|layer| {
                layer
                    .modules
                    .iter()
                    .any(|pattern| match pattern.strip_suffix("::*") {
                        Some(folder) => node
                            .strip_prefix(folder)
                            .is_some_and(|rest| rest.starts_with("::")),
                        None => *pattern == node,
                    })
            })
        };
        let split_folder = |node: &str| {
            rules.split.iter().copied().find(|folder| {
                node.strip_prefix(*folder)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with("::"))
            })
        };
        let mut problems = Vec::new();
        for node in &self.nodes {
            if layer_of(node).is_none() {
                problems.push(format!(
                    "{}: module `{node}` belongs to no layer; add it to a layer in xtask/src/layers.rs ({order})",
                    rules.name
                ));
            }
        }
        for (from, targets) in &self.edges {
            let Some(from_layer) = layer_of(from) else {
                continue;
            };
            for (to, site) in targets {
                let Some(to_layer) = layer_of(to) else {
                    continue;
                };
                let at = format!("{}/{}:{}", rules.src, site.file, site.line);
                if to_layer > from_layer {
                    problems.push(format!(
                        "{}: `{from}` ({}) uses `{to}` ({}) at {at}; a module may use only its own layer or lower ones ({order})",
                        rules.name, rules.layers[from_layer].name, rules.layers[to_layer].name
                    ));
                    continue;
                }
                // Within a split folder: a module may use the folder's own
                // `mod.rs` and its shared modules, never a sibling.
                let folder = split_folder(to).filter(|folder| *folder != to);
                if let Some(folder) = folder {
                    if split_folder(from) == Some(folder) && !rules.shared.contains(&to.as_str()) {
                        problems.push(format!(
                            "{}: `{from}` uses `{to}` at {at}; a module of `{folder}` may use only {} of its siblings",
                            rules.name,
                            if rules.shared.is_empty() {
                                "none".to_owned()
                            } else {
                                rules
                                    .shared
                                    .iter()
                                    .map(|name| format!("`{name}`"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            }
                        ));
                    }
                }
            }
        }
        problems
    }
}

/// The module a file is: `kinds/survey/mod.rs` is `kinds::survey`, `lib.rs` the root.
fn module_path(file: &str) -> Vec<String> {
    let mut parts: Vec<String> = file.split('/').map(str::to_owned).collect();
    if let Some(last) = parts.pop() {
        let stem = last.strip_suffix(".rs").unwrap_or(&last);
        let is_root = parts.is_empty() && (stem == "lib" || stem == "main");
        if stem != "mod" && !is_root {
            parts.push(stem.to_owned());
        }
    }
    parts
}

struct Resolver<'a> {
    modules: &'a BTreeSet<Vec<String>>,
    aliases: &'a BTreeMap<String, Vec<String>>,
    split: &'a [&'static str],
}

impl Resolver<'_> {
    /// The path from the crate root that `raw` names, when it names something in
    /// this crate.
    fn resolve(&self, raw: &RawPath) -> Option<Vec<String>> {
        let absolute = absolute_path(raw, self.modules, self.aliases)?;
        Some(self.expand(absolute))
    }

    /// Follows the crate root's re-exports: `config::Page` → `campaign::Page`.
    fn expand(&self, mut path: Vec<String>) -> Vec<String> {
        for _ in 0..8 {
            let Some(first) = path.first() else { break };
            if self.modules.contains(&path[..1].to_vec()) {
                break;
            }
            let Some(target) = self.aliases.get(first) else {
                break;
            };
            path = target.iter().chain(&path[1..]).cloned().collect();
        }
        path
    }

    /// The graph node of a path from the crate root: its top-level module, or
    /// (in a split folder) its second-level one; `None` for the root itself or
    /// an item of the root.
    fn node(&self, path: &[String]) -> Option<String> {
        let first = path.first()?;
        if !self.modules.contains(&path[..1].to_vec()) {
            return None;
        }
        if self.split.contains(&first.as_str())
            && path.len() >= 2
            && self.modules.contains(&path[..2].to_vec())
        {
            return Some(format!("{first}::{}", path[1]));
        }
        Some(first.clone())
    }
}

/// The path `raw` names, from the crate root, before following re-exports.
fn absolute_path(
    raw: &RawPath,
    modules: &BTreeSet<Vec<String>>,
    aliases: &BTreeMap<String, Vec<String>>,
) -> Option<Vec<String>> {
    let mut segments: Vec<String> = raw.segments.clone();
    if segments.len() > 1 && segments.last().is_some_and(|last| last == "self") {
        segments.pop();
    }
    let first = segments.first()?;
    match first.as_str() {
        "::" => None,
        "crate" => Some(segments[1..].to_vec()),
        "self" => Some(raw.scope.iter().chain(&segments[1..]).cloned().collect()),
        "super" => {
            let mut base = raw.scope.clone();
            let mut rest = segments.as_slice();
            while rest.first().is_some_and(|segment| segment == "super") {
                base.pop()?;
                rest = &rest[1..];
            }
            Some(base.into_iter().chain(rest.iter().cloned()).collect())
        }
        name => {
            let mut child = raw.scope.clone();
            child.push(name.to_owned());
            if modules.contains(&child) {
                Some(raw.scope.iter().chain(&segments).cloned().collect())
            } else if raw.scope.is_empty() && aliases.contains_key(name) {
                // A root re-export named from the root itself.
                Some(segments)
            } else {
                None // another crate, or an item in scope
            }
        }
    }
}

/// The names the crate root brings in with `use` (`pub use campaign as config;`
/// makes `config` mean `campaign`), mapped to the paths they stand for.
fn root_aliases(
    parsed: &[(&String, Vec<String>, Vec<RawPath>)],
    modules: &BTreeSet<Vec<String>>,
) -> BTreeMap<String, Vec<String>> {
    let mut aliases: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let root_uses: Vec<&RawPath> = parsed
        .iter()
        .filter(|(_, module, _)| module.is_empty())
        .flat_map(|(_, _, paths)| paths)
        .filter(|raw| raw.scope.is_empty() && raw.binds.is_some())
        .collect();
    // A re-export may name an earlier one (`pub use validate::parse_campaign;`).
    for _ in 0..4 {
        for raw in &root_uses {
            let Some(name) = &raw.binds else { continue };
            if modules.contains(&vec![name.clone()]) {
                continue;
            }
            if let Some(mut path) = absolute_path(raw, modules, &aliases) {
                if let Some(target) = path
                    .first()
                    .filter(|first| !modules.contains(&vec![(*first).clone()]))
                    .and_then(|first| aliases.get(first))
                    .filter(|target| target.first() != Some(name))
                {
                    path = target.iter().chain(&path[1..]).cloned().collect();
                }
                aliases.insert(name.clone(), path);
            }
        }
    }
    aliases
}

// ---------------------------------------------------------------------------
// Reading Rust: tokens without comments and literals, then paths
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    /// `::`
    Colons,
    Open,
    Close,
    Comma,
    Semi,
    Star,
    Other(char),
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    line: usize,
}

/// The tokens of Rust source that matter for paths. Comments, strings (raw and
/// byte strings too), characters and numbers are dropped.
fn tokenize(source: &str) -> Vec<Token> {
    let chars: Vec<char> = source.chars().collect();
    let at = |index: usize| chars.get(index).copied().unwrap_or('\0');
    let mut tokens = Vec::new();
    let mut line = 1;
    let mut i = 0;
    // Skips to just past the `"` that ends a string starting at `start` (just
    // after its opening quote), honouring escapes unless `raw`.
    let skip_string = |mut index: usize, hashes: usize, raw: bool, line: &mut usize| -> usize {
        while index < chars.len() {
            match chars[index] {
                '\n' => *line += 1,
                '\\' if !raw => {
                    if at(index + 1) == '\n' {
                        *line += 1;
                    }
                    index += 1;
                }
                '"' if (1..=hashes).all(|k| at(index + k) == '#') => return index + 1 + hashes,
                _ => {}
            }
            index += 1;
        }
        index
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if chars[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
            }
        } else if c == '"' {
            i = skip_string(i + 1, 0, false, &mut line);
        } else if let Some((open, hashes)) = raw_string_start(&chars, i) {
            i = skip_string(open + 1, hashes, true, &mut line);
        } else if (c == 'b' || c == 'c') && at(i + 1) == '"' {
            i = skip_string(i + 2, 0, false, &mut line);
        } else if c == '\'' || (c == 'b' && at(i + 1) == '\'') {
            let quote = if c == 'b' { i + 1 } else { i };
            if at(quote + 1) == '\\' {
                // An escaped character: `'\n'`, `'\''`, `'\u{4e00}'`.
                let mut end = quote + 3;
                while end < chars.len() && chars[end] != '\'' {
                    end += 1;
                }
                i = end + 1;
            } else if at(quote + 2) == '\'' {
                i = quote + 3; // `'a'`
            } else {
                i = quote + 1; // a lifetime or label: its name reads as a word
            }
        } else if c == 'r' && at(i + 1) == '#' && is_ident_start(at(i + 2)) {
            i += 2; // a raw identifier, `r#type`
        } else if is_ident_start(c) {
            let start = i;
            while i < chars.len() && is_ident_continue(chars[i]) {
                i += 1;
            }
            tokens.push(Token {
                tok: Tok::Ident(chars[start..i].iter().collect()),
                line,
            });
        } else if c.is_ascii_digit() {
            while i < chars.len() && is_ident_continue(chars[i]) {
                i += 1;
            }
        } else {
            let tok = match c {
                ':' if at(i + 1) == ':' => {
                    i += 1;
                    Tok::Colons
                }
                '{' => Tok::Open,
                '}' => Tok::Close,
                ',' => Tok::Comma,
                ';' => Tok::Semi,
                '*' => Tok::Star,
                other => Tok::Other(other),
            };
            tokens.push(Token { tok, line });
            i += 1;
        }
    }
    tokens
}

/// At a raw string (`r"`, `r#"`, `br##"`...): the index of its opening quote and
/// its number of `#`.
fn raw_string_start(chars: &[char], i: usize) -> Option<(usize, usize)> {
    let mut j = i;
    if chars.get(j) == Some(&'b') || chars.get(j) == Some(&'c') {
        j += 1;
    }
    if chars.get(j) != Some(&'r') {
        return None;
    }
    j += 1;
    let hashes = chars[j..].iter().take_while(|c| **c == '#').count();
    (chars.get(j + hashes) == Some(&'"')).then_some((j + hashes, hashes))
}

fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn is_ident_continue(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A path named in a file.
#[derive(Debug, Clone, PartialEq)]
struct RawPath {
    /// The module it is named in: the file's, plus inline `mod`s around it.
    scope: Vec<String>,
    /// As written; `::` first for a path from another crate (`::serde::...`).
    segments: Vec<String>,
    line: usize,
    /// For `use` items: the name it brings into scope (`as` name, or its last
    /// segment); `None` for a glob and for paths in code.
    binds: Option<String>,
}

/// Every path a file names: in `use` items, and `crate::`, `self::`, `super::`
/// or `child::` paths in code.
fn paths_in(tokens: &[Token], file_module: &[String]) -> Vec<RawPath> {
    let mut found = Vec::new();
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let scope = |inline: &[(String, usize)]| -> Vec<String> {
        file_module
            .iter()
            .cloned()
            .chain(inline.iter().map(|(name, _)| name.clone()))
            .collect()
    };
    let ident = |index: usize| match tokens.get(index).map(|token| &token.tok) {
        Some(Tok::Ident(name)) => Some(name.as_str()),
        _ => None,
    };
    let tok = |index: usize| tokens.get(index).map(|token| &token.tok);
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i].tok {
            Tok::Ident(word) if word == "mod" && ident(i + 1).is_some() => {
                if tok(i + 2) == Some(&Tok::Open) {
                    depth += 1;
                    inline.push((ident(i + 1).unwrap_or_default().to_owned(), depth));
                    i += 3;
                } else {
                    i += 2;
                }
            }
            Tok::Ident(word) if word == "use" => {
                let line = tokens[i].line;
                let mut trees = Vec::new();
                let mut j = i + 1;
                parse_use_tree(tokens, &mut j, Vec::new(), &mut trees);
                for (segments, binds) in trees {
                    found.push(RawPath {
                        scope: scope(&inline),
                        segments,
                        line,
                        binds,
                    });
                }
                // Past the `;` (a `use` in a macro may lack one: stop at a brace).
                while j < tokens.len() && !matches!(tokens[j].tok, Tok::Semi | Tok::Close) {
                    j += 1;
                }
                i = j.max(i + 1);
            }
            Tok::Ident(first)
                if tok(i + 1) == Some(&Tok::Colons)
                    && i.checked_sub(1).and_then(tok) != Some(&Tok::Colons) =>
            {
                let line = tokens[i].line;
                let mut segments = vec![first.clone()];
                let mut j = i + 1;
                while tok(j) == Some(&Tok::Colons) {
                    match ident(j + 1) {
                        Some(next) => segments.push(next.to_owned()),
                        None => break,
                    }
                    j += 2;
                }
                found.push(RawPath {
                    scope: scope(&inline),
                    segments,
                    line,
                    binds: None,
                });
                i = j;
            }
            Tok::Open => {
                depth += 1;
                i += 1;
            }
            Tok::Close => {
                if inline.last().is_some_and(|(_, opened)| *opened == depth) {
                    inline.pop();
                }
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ => i += 1,
        }
    }
    found
}

/// Reads one use tree at `*i` (after `use`, or inside `{...}`), adding each path
/// it names to `out` with the name it binds.
fn parse_use_tree(
    tokens: &[Token],
    i: &mut usize,
    mut path: Vec<String>,
    out: &mut Vec<(Vec<String>, Option<String>)>,
) {
    if path.is_empty() && tokens.get(*i).map(|t| &t.tok) == Some(&Tok::Colons) {
        path.push("::".to_owned());
        *i += 1;
    }
    loop {
        match tokens.get(*i).map(|t| &t.tok) {
            Some(Tok::Ident(name)) => {
                path.push(name.clone());
                *i += 1;
                match tokens.get(*i).map(|t| &t.tok) {
                    Some(Tok::Colons) => *i += 1,
                    Some(Tok::Ident(word)) if word == "as" => {
                        let alias = match tokens.get(*i + 1).map(|t| &t.tok) {
                            Some(Tok::Ident(alias)) if alias != "_" => Some(alias.clone()),
                            _ => None,
                        };
                        *i += 2;
                        out.push((path, alias));
                        return;
                    }
                    _ => {
                        let binds = if name == "self" {
                            path.iter().rev().nth(1).cloned()
                        } else {
                            Some(name.clone())
                        };
                        out.push((path, binds));
                        return;
                    }
                }
            }
            Some(Tok::Open) => {
                *i += 1;
                loop {
                    match tokens.get(*i).map(|t| &t.tok) {
                        Some(Tok::Close) => {
                            *i += 1;
                            return;
                        }
                        Some(Tok::Comma) => *i += 1,
                        None => return,
                        _ => {
                            let before = *i;
                            parse_use_tree(tokens, i, path.clone(), out);
                            if *i == before {
                                *i += 1; // not a tree: step over it
                            }
                        }
                    }
                }
            }
            Some(Tok::Star) => {
                *i += 1;
                out.push((path, None));
                return;
            }
            _ => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: CrateRules = CrateRules {
        name: "demo",
        src: "demo/src",
        split: &[],
        layers: &[],
        shared: &[],
    };

    const LAYERED: CrateRules = CrateRules {
        name: "core",
        src: "core/src",
        split: &["kinds"],
        layers: CORE_LAYERS,
        shared: &["kinds::poster"],
    };

    fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(path, text)| ((*path).to_owned(), (*text).to_owned()))
            .collect()
    }

    fn edges(rules: &CrateRules, list: &[(&str, &str)]) -> Vec<(String, String)> {
        let graph = Graph::build(rules, &files(list));
        graph
            .edges
            .iter()
            .flat_map(|(from, to)| to.keys().map(move |to| (from.clone(), to.clone())))
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn a_tiny_circle_is_found_and_named() {
        let report = check(
            &PLAIN,
            &files(&[
                ("lib.rs", "mod config; mod survey;"),
                ("config.rs", "pub struct Page(crate::survey::Survey);"),
                ("survey.rs", "use crate::config::Page;\npub struct Survey;"),
            ]),
        );
        assert_eq!(report.problems.len(), 1, "{report:?}");
        let problem = &report.problems[0];
        assert!(
            problem.starts_with("demo: import circle: config -> survey -> config"),
            "{problem}"
        );
        assert!(
            problem.contains("survey uses config at demo/src/survey.rs:1"),
            "{problem}"
        );
    }

    #[test]
    fn a_clean_graph_passes() {
        let report = check(
            &PLAIN,
            &files(&[
                ("lib.rs", "pub mod a; pub mod b; pub mod c; pub use a::A;"),
                ("a.rs", "pub struct A;"),
                ("b.rs", "use crate::a::A;\npub fn b(_: A) {}"),
                ("c/mod.rs", "mod inner;\nuse crate::{a::A, b};"),
                ("c/inner.rs", "use super::super::b::b;"),
            ]),
        );
        assert!(report.problems.is_empty(), "{report:?}");
        assert!(report.summary.contains("3 modules"), "{}", report.summary);
        assert!(report.summary.contains("3 uses"), "{}", report.summary);
    }

    #[test]
    fn super_paths_resolve_from_file_and_inline_module() {
        let found = edges(
            &PLAIN,
            &[
                ("lib.rs", "mod a; mod b; mod c;"),
                ("a/mod.rs", "mod deep;"),
                // `super` of `a::deep` is `a`, and `super::super` the root.
                (
                    "a/deep.rs",
                    "use super::super::b::B;\nfn f() { super::helper(); }",
                ),
                (
                    "b.rs",
                    "pub struct B;\nmod tests { use super::*; fn t() { super::super::c::go(); } }",
                ),
                ("c.rs", "pub fn go() {}"),
            ],
        );
        assert_eq!(found, pairs(&[("a", "b"), ("b", "c")]));
    }

    #[test]
    fn use_lists_with_braces_count_every_member() {
        let found = edges(
            &PLAIN,
            &[
                ("lib.rs", "mod a; mod b; mod c; mod d;"),
                (
                    "a.rs",
                    "use crate::{b, c::{self, Thing as Other}, d::*};\nuse std::{fmt, io};",
                ),
                ("b.rs", ""),
                ("c.rs", ""),
                ("d.rs", ""),
            ],
        );
        assert_eq!(found, pairs(&[("a", "b"), ("a", "c"), ("a", "d")]));
    }

    #[test]
    fn comments_strings_and_doc_links_are_not_uses() {
        let found = edges(
            &PLAIN,
            &[
                ("lib.rs", "mod a; mod b;"),
                (
                    "a.rs",
                    concat!(
                        "//! See [`crate::b`].\n",
                        "/// Like [`crate::b::B`].\n",
                        "/* use crate::b; /* nested */ crate::b::x */\n",
                        "const S: &str = \"crate::b::B\";\n",
                        "const R: &str = r#\"use crate::b;\"#;\n",
                        "const C: char = '\"'; fn f<'a>(_: &'a str) {}\n",
                        "pub(crate) fn g() {}\n",
                    ),
                ),
                ("b.rs", ""),
            ],
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn root_re_exports_lead_to_the_module_they_name() {
        let found = edges(
            &PLAIN,
            &[
                (
                    "lib.rs",
                    "mod campaign; mod kind; mod other;\npub use campaign as config;\npub use campaign::{Campaign, validate::parse};",
                ),
                ("campaign/mod.rs", "pub mod validate; pub struct Campaign;"),
                ("campaign/validate.rs", "pub fn parse() {}"),
                ("kind.rs", "use crate::config::Campaign;"),
                (
                    "other.rs",
                    "fn f() { crate::parse(); let _ = crate::Campaign; }",
                ),
            ],
        );
        assert_eq!(found, pairs(&[("kind", "campaign"), ("other", "campaign")]));
    }

    #[test]
    fn core_layers_refuse_upward_and_sideways_uses() {
        let report = check(
            &LAYERED,
            &files(&[
                (
                    "lib.rs",
                    "pub mod primitives; pub mod kinds; pub mod campaign;",
                ),
                ("primitives/mod.rs", "pub struct Url;"),
                (
                    "kinds/mod.rs",
                    "pub mod poster; pub mod quiz; pub mod survey;",
                ),
                ("kinds/poster.rs", "use crate::primitives::Url;"),
                (
                    "kinds/quiz.rs",
                    "use crate::kinds::poster::Layer;\nuse super::survey::Question;\nuse crate::campaign::Theme;",
                ),
                ("kinds/survey.rs", "use crate::kinds::page_kind;"),
                ("campaign/mod.rs", "use crate::kinds::survey::SurveyPage;"),
            ]),
        );
        assert_eq!(report.problems.len(), 2, "{report:#?}");
        assert!(report.problems[0].starts_with(
            "core: `kinds::quiz` (kinds) uses `campaign` (campaign) at core/src/kinds/quiz.rs:3"
        ));
        assert!(
            report.problems[1].starts_with(
                "core: `kinds::quiz` uses `kinds::survey` at core/src/kinds/quiz.rs:2"
            )
        );
    }

    #[test]
    fn a_module_outside_every_layer_is_reported() {
        let report = check(
            &LAYERED,
            &files(&[("lib.rs", "mod stray;"), ("stray.rs", "")]),
        );
        assert_eq!(report.problems.len(), 1, "{report:?}");
        assert!(report.problems[0].contains("module `stray` belongs to no layer"));
    }

    #[test]
    fn module_paths_follow_files() {
        assert_eq!(module_path("lib.rs"), Vec::<String>::new());
        assert_eq!(module_path("kinds/survey/mod.rs"), ["kinds", "survey"]);
        assert_eq!(
            module_path("kinds/survey/answers.rs"),
            ["kinds", "survey", "answers"]
        );
    }
}
