//! `arshif-search -i`: a prompt where each line is a query, refined by `:` commands, with the
//! index kept open between queries and line editing and history from `rustyline`.
//!
//! ```text
//! أرشيف> وقف إطلاق النار          search (filters from the command line and :commands stay)
//! أرشيف> :country أرمينيا         add a country filter (comma = any of) and search again
//! أرشيف> :actor Pashinyan         add an actor filter
//! أرشيف> :source رويترز           add a source filter
//! أرشيف> :lang ar,en               only these languages
//! أرشيف> :clear                   drop every filter
//! أرشيف> :facets                  facet tables of the current query on/off
//! أرشيف> :next  /  :prev          the next / previous page
//! أرشيف> :show 3                  the whole of hit 3 (through the pager)
//! أرشيف> :open 3                  hit 3's file in $VISUAL or $EDITOR
//! أرشيف> :help  /  :quit          (Ctrl-D quits too)
//! ```
//!
//! History is kept in `$XDG_STATE_HOME/arshif/history` (`~/.local/state/arshif/history`); when it
//! cannot be read or written, the session goes on without it.

use std::io::Write;
use std::path::PathBuf;

use arshif_schema::Opened;
use rustyline::error::ReadlineError;
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::history::FileHistory;
use rustyline::Editor;

use crate::engine::{self, groups, SearchError, SearchRequest, Unit};
use crate::front::terminal::styled::{Line, Tone};
use crate::front::terminal::{article, bidi, pager, Display, Page};

/// The line being typed, shown in visual order on a terminal that does not lay out
/// right-to-left text (as the prompt and the results are): an Arabic query read backwards
/// while it is typed is a query mistyped. The line itself stays in logical order; the cursor
/// is placed by its logical column.
struct TypedInBidi {
    reorder: bool,
}

impl Highlighter for TypedInBidi {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> std::borrow::Cow<'l, str> {
        match self.reorder {
            true => std::borrow::Cow::Owned(bidi::reorder(&Line::of(line, Tone::Plain)).text()),
            false => std::borrow::Cow::Borrowed(line),
        }
    }

    /// Every keystroke can move text around: redraw the line each time.
    fn highlight_char(&self, _line: &str, _pos: usize, _kind: CmdKind) -> bool {
        self.reorder
    }
}

impl rustyline::completion::Completer for TypedInBidi {
    type Candidate = String;
}

impl rustyline::hint::Hinter for TypedInBidi {
    type Hint = String;
}

impl rustyline::validate::Validator for TypedInBidi {}

impl rustyline::Helper for TypedInBidi {}

/// The prompt: the project's name in Arabic.
pub const PROMPT: &str = "أرشيف> ";

const HELP: &str = "\
a line is a query (tantivy syntax: words, \"phrases\", OR, -word, title:word, * for all)
:country X   only articles about country X (ISO code or name; comma = any of)
:actor X     only articles naming actor X
:source X    only articles from source X
:lang L      only articles in language L (ar, en, fr…; comma = any of)
:clear       drop all filters
:facets      show or hide the facet tables
:next :prev  next or previous page
:show N      the whole of hit N of the page (the number it is shown with)
:open N      hit N's file in $VISUAL or $EDITOR
:quit        leave (Ctrl-D too)";

/// A hit of the page last shown: its rank, id and file.
pub type Shown = (usize, String, Option<String>);

/// What the session searches and how it shows it.
pub struct Session<'g> {
    pub opened: Opened,
    /// Names of countries and actors, for filters and labels.
    pub gazetteer: &'g arshif_entities::Gazetteer,
    /// The current query and filters; the query is empty until the first line.
    pub request: SearchRequest,
    pub display: Display,
    pub histogram: Option<Unit>,
    /// Facet tables shown.
    pub tables: bool,
    /// Long text (`:show`) through the pager.
    pub pager: bool,
    /// The hits of the page last shown: rank, id, file.
    pub shown: Vec<Shown>,
}

/// What a line asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Query(String),
    Country(String),
    Actor(String),
    Source(String),
    Lang(String),
    Clear,
    Facets,
    Next,
    Prev,
    Show(String),
    Open(String),
    Help,
    Quit,
    Nothing,
    Unknown(String),
}

/// Reads one line of input.
pub fn parse(line: &str) -> Command {
    let line = line.trim();
    let Some(rest) = line.strip_prefix(':') else {
        return if line.is_empty() {
            Command::Nothing
        } else {
            Command::Query(line.to_string())
        };
    };
    let (name, arg) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let arg = arg.trim().to_string();
    match (name, arg.is_empty()) {
        ("country" | "c", false) => Command::Country(arg),
        ("actor" | "a", false) => Command::Actor(arg),
        ("source" | "s", false) => Command::Source(arg),
        ("lang" | "l", false) => Command::Lang(arg),
        ("clear", _) => Command::Clear,
        ("facets" | "f", _) => Command::Facets,
        ("show", false) => Command::Show(arg),
        ("open" | "o", false) => Command::Open(arg),
        ("next" | "n", _) => Command::Next,
        ("prev" | "p", _) => Command::Prev,
        ("help" | "h" | "?", _) => Command::Help,
        ("quit" | "q" | "exit", _) => Command::Quit,
        _ => Command::Unknown(line.to_string()),
    }
}

impl Session<'_> {
    /// Applies a command; returns whether to search again, or `None` to quit.
    pub fn apply(&mut self, command: Command) -> Option<bool> {
        let r = &mut self.request;
        let again = match command {
            Command::Query(q) => {
                r.query = q;
                r.offset = 0;
                true
            }
            Command::Country(c) => {
                r.countries.extend(groups(&[c]));
                r.offset = 0;
                true
            }
            Command::Actor(a) => {
                r.actors.extend(groups(&[a]));
                r.offset = 0;
                true
            }
            Command::Source(s) => {
                r.sources.extend(groups(&[s]).into_iter().flatten());
                r.offset = 0;
                true
            }
            Command::Lang(l) => {
                r.langs = groups(&[l]).into_iter().flatten().collect();
                r.offset = 0;
                true
            }
            Command::Clear => {
                r.countries.clear();
                r.actors.clear();
                r.sources.clear();
                r.langs.clear();
                r.from = None;
                r.to = None;
                r.offset = 0;
                true
            }
            Command::Facets => {
                self.tables = !self.tables;
                true
            }
            Command::Next => {
                r.offset += r.limit.max(1);
                true
            }
            Command::Prev => {
                r.offset = r.offset.saturating_sub(r.limit.max(1));
                true
            }
            Command::Quit => return None,
            Command::Help
            | Command::Show(_)
            | Command::Open(_)
            | Command::Nothing
            | Command::Unknown(_) => false,
        };
        Some(again && !self.request.query.trim().is_empty())
    }

    /// The current search, as text; errors (a bad query) are shown, not fatal. Its hits are
    /// kept for `:show` and `:open`.
    pub fn show(&mut self) -> String {
        let mut request = self.request.clone();
        if self.tables && request.facets.is_none() {
            request.facets = Some(10);
        }
        if let Err(e) = request.check_depth() {
            return format!("error: {e}\n");
        }
        let run = || -> Result<(String, Vec<Shown>), SearchError> {
            let answer = engine::answer(
                &self.opened,
                &request,
                self.gazetteer,
                self.histogram,
                false,
            )?;
            let shown = answer
                .hits
                .iter()
                .map(|h| (h.rank, h.article.id.clone(), h.article.path.clone()))
                .collect();
            Ok((
                self.display.page(&Page {
                    answer: &answer,
                    tables: self.tables,
                }),
                shown,
            ))
        };
        match run() {
            Ok((text, shown)) => {
                self.shown = shown;
                text
            }
            Err(e) => format!("error: {}\n", arshif_schema::error::for_people(&e)),
        }
    }

    /// The hit `n` names: the one shown with that number, else the `n`-th of the page.
    fn hit(&self, n: &str) -> Result<&Shown, String> {
        let number: usize = n
            .trim()
            .parse()
            .map_err(|_| format!("{n:?} is not a hit's number; :show 1 shows the first"))?;
        self.shown
            .iter()
            .find(|(rank, _, _)| *rank == number)
            .or_else(|| number.checked_sub(1).and_then(|i| self.shown.get(i)))
            .ok_or_else(|| match self.shown.len() {
                0 => "no hits on this page: search first".to_string(),
                len => format!(
                    "no hit {number} on this page: its hits are {}–{}",
                    self.shown[0].0,
                    self.shown[len - 1].0
                ),
            })
    }

    /// `:show N`: the whole article, through the pager when it is long.
    fn show_article(&self, n: &str) -> anyhow::Result<()> {
        let id = match self.hit(n) {
            Ok((_, id, _)) => id.clone(),
            Err(e) => return say(&e),
        };
        match engine::show(&self.opened, &id, self.gazetteer) {
            Ok(a) => {
                let text = self.display.render(&article::lines(&a, self.display.width));
                pager::write(&text, self.pager)?;
            }
            Err(e) => say(&format!("error: {}", arshif_schema::error::for_people(&e)))?,
        }
        Ok(())
    }

    /// `:open N`: the hit's file in `$VISUAL` or `$EDITOR` (run by the shell, as git does, so
    /// that `EDITOR="code -w"` works), at its line for an editor known to take `+LINE`; without
    /// either, where the file is and how to set one.
    fn open_file(&self, n: &str) -> anyhow::Result<()> {
        let (id, path) = match self.hit(n) {
            Ok((_, id, Some(path))) => (id.clone(), path.clone()),
            Ok((_, id, None)) => return say(&format!("{id}: the index does not know its file")),
            Err(e) => return say(&e),
        };
        let editor = ["VISUAL", "EDITOR"]
            .iter()
            .filter_map(|k| std::env::var(k).ok())
            .find(|v| !v.trim().is_empty());
        let Some(editor) = editor else {
            return say(&format!(
                "{path}\n(set $VISUAL or $EDITOR to open it here, e.g. export EDITOR=nano)"
            ));
        };
        let mut args = Vec::new();
        if let Some(line) = line_of(&id) {
            let program = editor.split_whitespace().next().unwrap_or("");
            let name = std::path::Path::new(program)
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("");
            if LINE_EDITORS.contains(&name) {
                args.push(format!("+{line}"));
            }
        }
        args.push(path);
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("{editor} \"$@\""))
            .arg(&editor)
            .args(&args)
            .status();
        match status {
            Ok(s) if s.success() => Ok(()),
            Ok(s) => say(&format!("the editor ({editor}) exited with {s}")),
            Err(e) => say(&format!("cannot run the editor ({editor}): {e}")),
        }
    }

    /// A line describing the filters in force (after `:clear`, `:country`…).
    fn filters(&self) -> String {
        let r = &self.request;
        let mut parts = Vec::new();
        for g in &r.countries {
            parts.push(format!("country {}", g.join("|")));
        }
        for g in &r.actors {
            parts.push(format!("actor {}", g.join("|")));
        }
        if !r.sources.is_empty() {
            parts.push(format!("source {}", r.sources.join("|")));
        }
        if !r.langs.is_empty() {
            parts.push(format!("lang {}", r.langs.join("|")));
        }
        if parts.is_empty() {
            "filters: none".into()
        } else {
            format!("filters: {}", parts.join(", "))
        }
    }

    /// Runs the prompt until `:quit` or end of input.
    pub fn run(mut self) -> anyhow::Result<()> {
        let mut editor: Editor<TypedInBidi, FileHistory> = Editor::new()?;
        editor.set_helper(Some(TypedInBidi {
            reorder: self.display.bidi,
        }));
        let history = history_file();
        if let Some(h) = &history {
            let _ = editor.load_history(h);
        }
        let mut stdout = std::io::stdout();
        // The prompt is Arabic: on a terminal without bidi it is written in visual order too.
        let prompt = if self.display.bidi {
            bidi::reorder(&Line::of(PROMPT, Tone::Plain)).text()
        } else {
            PROMPT.to_string()
        };
        if !self.request.query.trim().is_empty() {
            write!(stdout, "{}", self.show())?;
        }
        loop {
            let line = match editor.readline(&prompt) {
                Ok(line) => line,
                Err(ReadlineError::Interrupted) => continue,
                Err(ReadlineError::Eof) => break,
                Err(e) => return Err(e.into()),
            };
            if !line.trim().is_empty() {
                let _ = editor.add_history_entry(line.as_str());
            }
            let command = parse(&line);
            let text = match &command {
                Command::Help => format!("{HELP}\n"),
                Command::Unknown(c) => format!(
                    "unknown command {}; :help lists them\n",
                    arshif_schema::sanitize::terminal(&format!("{c:?}"))
                ),
                _ => String::new(),
            };
            match &command {
                Command::Show(n) => {
                    self.show_article(n)?;
                    continue;
                }
                Command::Open(n) => {
                    self.open_file(n)?;
                    continue;
                }
                _ => {}
            }
            let refilter = matches!(
                command,
                Command::Country(_)
                    | Command::Actor(_)
                    | Command::Source(_)
                    | Command::Lang(_)
                    | Command::Clear
            );
            let Some(again) = self.apply(command) else {
                break;
            };
            write!(stdout, "{text}")?;
            if refilter {
                writeln!(
                    stdout,
                    "{}",
                    arshif_schema::sanitize::terminal(&self.filters())
                )?;
            }
            if again {
                write!(stdout, "{}", self.show())?;
            }
            stdout.flush()?;
        }
        if let Some(h) = &history {
            if let Some(dir) = h.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            let _ = editor.save_history(h);
        }
        Ok(())
    }
}

/// Editors that open a file at a line given as `+LINE` before it.
const LINE_EDITORS: &[&str] = &[
    "vi",
    "vim",
    "nvim",
    "gvim",
    "nano",
    "emacs",
    "emacsclient",
    "micro",
    "joe",
    "ne",
    "kak",
];

/// The line of an article in its file, from an id like `wire.ndjson#2`.
fn line_of(id: &str) -> Option<usize> {
    id.rsplit_once('#')?.1.parse().ok()
}

/// Writes a line of the session's own text (made safe: it may quote a file name).
fn say(text: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout();
    writeln!(stdout, "{}", arshif_schema::sanitize::terminal_lines(text))?;
    stdout.flush()?;
    Ok(())
}

fn history_file() -> Option<PathBuf> {
    let state = std::env::var_os("XDG_STATE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))?;
    Some(state.join("arshif").join("history"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_queries_or_commands() {
        assert_eq!(
            parse(" وقف إطلاق النار "),
            Command::Query("وقف إطلاق النار".into())
        );
        assert_eq!(
            parse(":country أرمينيا, AZ"),
            Command::Country("أرمينيا, AZ".into())
        );
        assert_eq!(
            parse(":actor Nikol Pashinyan"),
            Command::Actor("Nikol Pashinyan".into())
        );
        assert_eq!(parse(":next"), Command::Next);
        assert_eq!(parse(":clear"), Command::Clear);
        assert_eq!(parse(":country"), Command::Unknown(":country".into()));
        assert_eq!(parse(""), Command::Nothing);
        assert_eq!(parse(":q"), Command::Quit);
        assert_eq!(parse(":lang ar,en"), Command::Lang("ar,en".into()));
        assert_eq!(parse(":show 3"), Command::Show("3".into()));
        assert_eq!(parse(":open 12"), Command::Open("12".into()));
        assert_eq!(parse(":show"), Command::Unknown(":show".into()));
        assert_eq!(line_of("wire.ndjson#12"), Some(12));
        assert_eq!(line_of("a.txt"), None);
    }
}
