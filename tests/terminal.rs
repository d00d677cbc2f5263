//! End-to-end: the terminal experience of `arshif-search` — layout, colour, scriptable output,
//! histograms, score explanations, completions and man page, the config file, the interactive
//! prompt, and (inside a real terminal, tmux) right-to-left reordering and the pager.
//!
//! Expected values come from the binary's own `--json` output or from the sample files, never
//! from hand-written lists of results.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use arshif_e2e::{hit_ids, repo_root, sample_index, search, search_json, searcher};
use serde_json::Value;

/// Terminal columns of a line (all sample text is narrow; diacritics take none).
fn columns(line: &str) -> usize {
    line.chars()
        .filter(|c| !('\u{064B}'..='\u{065F}').contains(c) && *c != '\u{0670}')
        .count()
}

#[test]
fn hits_have_a_title_metadata_and_a_wrapped_snippet() {
    let json = search_json(sample_index(), &["أرمينيا", "-n", "5"]);
    let run = search(sample_index(), &["أرمينيا", "-n", "5", "--width", "60"]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    assert!(!run.stdout.contains('\x1b'), "no colour when piped");
    for line in run.stdout.lines() {
        assert!(columns(line) <= 60, "line wider than 60 columns: {line:?}");
    }
    let blocks: Vec<&str> = run.stdout.split("\n\n").collect();
    for (i, hit) in json["hits"].as_array().unwrap().iter().enumerate() {
        let block = blocks[i];
        assert!(block.starts_with(&format!("{:>3}. ", i + 1)), "{block}");
        for line in block.lines().skip(1) {
            assert!(
                line.starts_with("     "),
                "continuation is indented: {line:?}"
            );
        }
        let flat = block.split_whitespace().collect::<Vec<_>>().join(" ");
        let title = hit["title"].as_str().unwrap();
        assert!(flat.contains(&title.split_whitespace().collect::<Vec<_>>().join(" ")));
        // The metadata line: date | source | countries with their Arabic names.
        let mut meta = Vec::new();
        if let Some(d) = hit["date"].as_str() {
            meta.push(d.to_string());
        }
        if let Some(s) = hit["source"].as_str() {
            meta.push(s.to_string());
        }
        // The countries the article is about (at most 3) by name, the rest counted.
        let g = arshif_entities::Gazetteer::builtin();
        let all = hit["countries"].as_array().unwrap();
        let main = hit["main_countries"].as_array().unwrap();
        let named: Vec<_> = match main.is_empty() {
            true => all.iter().take(3).collect(),
            false => main.iter().take(3).collect(),
        };
        for c in &named {
            let entry = g
                .country(c.as_str().unwrap())
                .expect("sample country is known");
            assert!(flat.contains(&entry.name_ar), "{} in {flat}", entry.name_ar);
        }
        if all.len() > named.len() {
            let more = format!("+{} more", all.len() - named.len());
            assert!(flat.contains(&more), "{more} in {flat}");
        }
        if !meta.is_empty() {
            assert!(flat.contains(&meta.join(" | ")), "{meta:?} in {flat}");
        }
        assert!(flat.contains(hit["id"].as_str().unwrap()));
    }
    // Without --width, piped output is not wrapped: one line per title.
    let unwrapped = search(sample_index(), &["أرمينيا", "-n", "5"]);
    let titles = unwrapped
        .stdout
        .lines()
        .filter(|l| l.starts_with("  "))
        .count();
    assert!(titles > 0);
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let always = search(sample_index(), &["أرمينيا", "--color", "always"]);
    assert!(
        always.stdout.contains("\x1b[1;33mأرمينيا\x1b[0m"),
        "{}",
        always.stdout
    );
    let never = search(sample_index(), &["أرمينيا", "--color", "never"]);
    assert!(!never.stdout.contains('\x1b'));
    // NO_COLOR turns auto off even on a terminal: checked in the tmux test below; here, a
    // config file cannot turn colours on against --color never.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("arshif.toml"),
        "[search]\ncolor = \"always\"\n",
    )
    .unwrap();
    let run: arshif_e2e::Run = searcher()
        .current_dir(dir.path())
        .env("XDG_CONFIG_HOME", dir.path())
        .args(["--index"])
        .arg(sample_index())
        .args(["أرمينيا"])
        .output()
        .unwrap()
        .into();
    assert!(
        run.stdout.contains("\x1b[1;33m"),
        "config color = always applies"
    );
}

#[test]
fn ndjson_fields_and_count_agree_with_json() {
    let json = search_json(sample_index(), &["*", "-n", "1000"]);
    let total = json["total"].as_u64().unwrap();
    let run = search(sample_index(), &["*", "-n", "1000", "--ndjson"]);
    assert_eq!(run.status, Some(0));
    let lines: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON object"))
        .collect();
    assert_eq!(lines.len() as u64, total);
    let ids: Vec<String> = lines
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, hit_ids(&json));
    assert_eq!(lines[0], json["hits"][0], "an ndjson line is a --json hit");

    let picked = search(
        sample_index(),
        &["أرمينيا", "--ndjson", "--fields", "id,date"],
    );
    for line in picked.stdout.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["date", "id"]);
    }
    let fields = search_json(sample_index(), &["أرمينيا", "--fields", "title"]);
    assert_eq!(fields["hits"][0].as_object().unwrap().len(), 1);
    assert!(
        fields["total"].is_u64(),
        "--fields keeps the document's shape"
    );
    search(sample_index(), &["x", "--ndjson", "--fields", "body"]).says("unknown field \"body\"");

    let count = search(sample_index(), &["*", "--count"]);
    assert_eq!(
        (count.status, count.stdout.trim()),
        (Some(0), total.to_string().as_str())
    );
    let none = search(sample_index(), &["كلمةلاتوجدأبدا", "--count"]);
    assert_eq!((none.status, none.stdout.trim()), (Some(1), "0"));
    let bad = search(sample_index(), &["(", "--count"]);
    assert_eq!(bad.status, Some(2));
}

#[test]
fn histograms_count_every_match_once() {
    let total = search_json(sample_index(), &["*"])["total"]
        .as_u64()
        .unwrap();
    for unit in ["date:year", "date:month"] {
        // The space form: `--facets date:year` takes the view; '*' stays the query.
        let json = search_json(sample_index(), &["--facets", unit, "*"]);
        let h = &json["histogram"];
        let buckets = h["buckets"].as_array().unwrap();
        let sum: u64 = buckets.iter().map(|b| b["count"].as_u64().unwrap()).sum();
        assert_eq!(sum + h["undated"].as_u64().unwrap(), total, "{unit}: {h}");
        assert!(buckets.len() >= 2);
        assert!(
            json.get("facets").is_none(),
            "only the histogram was asked for"
        );
    }
    // Per year, from the samples' own dates: the 2022 bucket is the number of 2022 articles.
    let y2022 = search_json(
        sample_index(),
        &["*", "--from", "2022-01-01", "--to", "2022-12-31"],
    );
    let json = search_json(sample_index(), &["*", "--facets=date:year"]);
    let bucket = json["histogram"]["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["key"] == "2022")
        .cloned()
        .unwrap();
    assert_eq!(bucket["count"], y2022["total"]);

    let text = search(sample_index(), &["*", "--facets", "date:year", "-n", "0"]);
    assert!(text.stdout.contains("matches by year"), "{}", text.stdout);
    assert!(text.stdout.contains("█"));
    // `--facets` followed by a query word keeps it as the query.
    let tables = search(sample_index(), &["--facets", "أرمينيا"]);
    assert_eq!(tables.status, Some(0), "{}", tables.stderr);
    assert!(tables.stdout.contains("countries\n"));
    assert!(!tables.stdout.contains("matches by"));
    search(sample_index(), &["*", "--facets=date:week"]).says("date:month or date:year");
}

#[test]
fn explain_gives_each_hits_score() {
    let json = search_json(
        sample_index(),
        &["أرمينيا OR لبنان", "--explain", "-n", "5"],
    );
    let hits = json["hits"].as_array().unwrap();
    // Every hit, whichever segment and clause matched it, adds up to its score (tantivy 0.27
    // panicked explaining hits some clause's scorer starts past; see explain.rs).
    assert!(hits.len() >= 2, "{json}");
    for hit in hits {
        let score = hit["score"].as_f64().unwrap();
        let explained = hit["explanation"]["value"].as_f64();
        assert!(
            explained.is_some_and(|e| (score - e).abs() < 1e-3),
            "{score} vs {}",
            hit["explanation"]
        );
    }
    let text = search(sample_index(), &["أرمينيا", "--explain", "-n", "1"]);
    assert!(text.stdout.contains("idf"), "{}", text.stdout);
    assert!(text.stdout.contains("TermQuery"));
    assert!(
        text.stdout.contains("title:"),
        "terms name their field: {}",
        text.stdout
    );
}

#[test]
fn completions_and_man_page_know_every_flag() {
    for shell in ["bash", "zsh", "fish"] {
        let run: arshif_e2e::Run = searcher()
            .args(["--completions", shell])
            .output()
            .unwrap()
            .into();
        assert_eq!(run.status, Some(0), "{}", run.stderr);
        for flag in ["bidi", "ndjson", "facets", "country"] {
            assert!(run.stdout.contains(flag), "{shell} completion lacks {flag}");
        }
        // --country and --actor complete the gazetteer's names, not file names.
        for value in ["أرمينيا", "Armenia", "AM", "nikol-pashinyan"] {
            assert!(
                run.stdout.contains(value),
                "{shell} completion lacks {value}"
            );
        }
    }
    let help: arshif_e2e::Run = searcher().arg("--help").output().unwrap().into();
    assert!(
        !help.stdout.contains("vladimir-putin"),
        "--help does not list every actor"
    );
    let man: arshif_e2e::Run = searcher().arg("--man").output().unwrap().into();
    assert!(
        man.stdout.starts_with(".ie") || man.stdout.contains(".TH"),
        "{}",
        man.stdout
    );
    assert!(man.stdout.contains("arshif\\-search") && man.stdout.contains("bidi"));
    let help: arshif_e2e::Run = searcher().arg("--help").output().unwrap().into();
    assert!(help.stdout.contains("أرمينيا") && help.stdout.contains("ceasefire"));
}

#[test]
fn compact_shows_one_line_a_hit_within_the_width() {
    let run = search(
        sample_index(),
        &[
            "*",
            "--compact",
            "-n",
            "8",
            "--width",
            "70",
            "--sort",
            "date",
        ],
    );
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 8 + 2, "{}", run.stdout);
    for (i, line) in lines[..8].iter().enumerate() {
        assert!(line.starts_with(&format!("{:>3}. ", i + 1)), "{line}");
        assert!(line.chars().count() <= 70, "{line}");
    }
    assert!(
        lines[0].contains("2025-"),
        "newest first, with its day: {}",
        lines[0]
    );
    assert!(lines[9].starts_with("38 matching articles"), "{}", lines[9]);
}

#[test]
fn the_indexer_has_completions_and_a_man_page_too() {
    for shell in ["bash", "zsh", "fish"] {
        let run: arshif_e2e::Run = arshif_e2e::indexer()
            .args(["--completions", shell])
            .output()
            .unwrap()
            .into();
        assert_eq!(run.status, Some(0), "{}", run.stderr);
        for flag in ["every", "rebuild", "country-routes", "default-lang"] {
            assert!(run.stdout.contains(flag), "{shell} completion lacks {flag}");
        }
    }
    let man: arshif_e2e::Run = arshif_e2e::indexer().arg("--man").output().unwrap().into();
    assert_eq!(man.status, Some(0), "{}", man.stderr);
    assert!(man.stdout.contains(".TH arshif-index"), "{}", man.stdout);
    assert!(man.stdout.contains(r"\-\-every") && man.stdout.contains("EXAMPLES"));
}

#[test]
fn the_config_file_supplies_the_index_and_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("arshif.toml");
    std::fs::write(
        &config,
        format!(
            "index = {:?}\n\n[search]\nlimit = 1\n",
            sample_index().to_str().unwrap()
        ),
    )
    .unwrap();
    let run_in = |cwd: &Path, args: &[&str]| -> arshif_e2e::Run {
        searcher()
            .current_dir(cwd)
            .env("XDG_CONFIG_HOME", cwd.join("no-config-here"))
            .args(args)
            .output()
            .unwrap()
            .into()
    };
    let run = run_in(dir.path(), &["--json", "أرمينيا"]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        v["hits"].as_array().unwrap().len(),
        1,
        "limit from the file"
    );
    let more = run_in(dir.path(), &["--json", "-n", "3", "أرمينيا"]);
    let v: Value = serde_json::from_str(&more.stdout).unwrap();
    assert!(v["hits"].as_array().unwrap().len() > 1, "the flag wins");

    // $XDG_CONFIG_HOME/arshif/arshif.toml, from another directory.
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("arshif")).unwrap();
    std::fs::copy(&config, home.path().join("arshif/arshif.toml")).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let run: arshif_e2e::Run = searcher()
        .current_dir(elsewhere.path())
        .env("XDG_CONFIG_HOME", home.path())
        .args(["--count", "أرمينيا"])
        .output()
        .unwrap()
        .into();
    assert_eq!(run.status, Some(0), "{}", run.stderr);

    std::fs::write(&config, "[search]\nlimt = 1\n").unwrap();
    let typo = run_in(dir.path(), &["أرمينيا"]);
    assert_eq!(typo.status, Some(2));
    typo.says("arshif.toml").says("limt");
}

#[test]
fn interactive_mode_refines_queries_with_commands() {
    let state = tempfile::tempdir().unwrap();
    let json = search_json(sample_index(), &["*", "--country", "AM", "-n", "1000"]);
    let armenia_total = json["total"].as_u64().unwrap();
    let mut cmd = searcher();
    cmd.arg("--index")
        .arg(sample_index())
        .args(["-i", "-n", "1", "--color", "never"])
        .env("XDG_STATE_HOME", state.path());
    let out = arshif_e2e::with_input(cmd, "*\n:country أرمينيا\n:next\n:bogus\n:clear\n:quit\n");
    let stdout = &out.stdout;
    assert_eq!(out.status, Some(0), "{}", out.stderr);
    assert!(stdout.contains("filters: country أرمينيا"), "{stdout}");
    assert!(
        stdout.contains(&format!("{armenia_total} matching article")),
        "the country filter applied: {stdout}"
    );
    assert!(
        stdout.contains("(showing 2–2)"),
        ":next shows the second page: {stdout}"
    );
    assert!(stdout.contains("unknown command"));
    assert!(stdout.contains("filters: none"));
    let history = std::fs::read_to_string(state.path().join("arshif/history")).unwrap();
    assert!(history.contains(":country أرمينيا"));
}

/// A tmux server of its own, running one command in a pane of a fixed size.
struct Tmux {
    socket: String,
    /// The socket file, removed when the terminal is dropped (tmux leaves it behind).
    path: Option<PathBuf>,
}

impl Tmux {
    fn start(name: &str, width: u16, height: u16, command: &str) -> Tmux {
        // A server per terminal: a socket name is never reused, so a server still shutting
        // down cannot refuse the next one.
        static SERVERS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = SERVERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let socket = format!("arshif-{name}-{}-{n}", std::process::id());
        let mut tmux = Tmux { socket, path: None };
        let status = tmux
            .cmd()
            .args([
                "new-session",
                "-d",
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
            ])
            .arg(command)
            .output()
            .expect("tmux runs (install it: apt-get install tmux)");
        assert!(
            status.status.success(),
            "tmux new-session failed: {}",
            String::from_utf8_lossy(&status.stderr)
        );
        let path = tmux
            .cmd()
            .args(["display-message", "-p", "#{socket_path}"])
            .output()
            .ok()
            .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
        tmux.path = path.filter(|p| !p.as_os_str().is_empty());
        tmux
    }

    fn cmd(&self) -> Command {
        let mut cmd = Command::new("tmux");
        cmd.args(["-u", "-f", "/dev/null", "-L", &self.socket])
            .env("LC_ALL", "C.UTF-8")
            .env_remove("TMUX");
        cmd
    }

    /// The screen, with colours as escape codes when `escapes`.
    fn capture(&self, escapes: bool) -> String {
        let mut cmd = self.cmd();
        cmd.args(["capture-pane", "-p"]);
        if escapes {
            cmd.arg("-e");
        }
        String::from_utf8_lossy(&cmd.output().unwrap().stdout).into_owned()
    }

    /// Waits until the screen contains `needle`.
    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture(true);
            if screen.contains(needle) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "{needle:?} never appeared; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn keys(&self, keys: &str) {
        self.cmd().args(["send-keys", keys]).status().unwrap();
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd().arg("kill-server").status();
        if let Some(path) = &self.path {
            let _ = std::fs::remove_file(path);
        }
    }
}

fn shell_command(env: &str, args: &[&str]) -> String {
    let program: PathBuf = searcher().get_program().into();
    let mut cmd = format!(
        "env -u NO_COLOR -u ARSHIF_BIDI -u VTE_VERSION -u KONSOLE_VERSION {env} '{}' --index '{}'",
        program.display(),
        sample_index().display()
    );
    for a in args {
        cmd.push_str(&format!(" '{a}'"));
    }
    cmd.push_str("; echo __DONE__; sleep 600");
    cmd
}

#[test]
fn bidi_reorders_arabic_on_a_real_terminal_keeping_highlights() {
    let word = "أرمينيا";
    let reversed: String = word.chars().rev().collect();
    let json = search_json(sample_index(), &[word, "-n", "1"]);
    let title = json["hits"][0]["title"].as_str().unwrap().to_string();
    let title_words: Vec<&str> = title.split_whitespace().collect();

    let term = Tmux::start(
        "reorder",
        160,
        50,
        &shell_command("", &[word, "-n", "1", "--no-pager", "--bidi", "reorder"]),
    );
    let screen = term.wait_for("__DONE__");
    let plain = term.capture(false);
    // On a tty, auto colour is on: the reversed match is still yellow.
    let at = screen
        .find(&reversed)
        .unwrap_or_else(|| panic!("{reversed} not on screen:\n{plain}"));
    let before = &screen[..at];
    let sgr = &before[before.rfind('\x1b').expect("an escape before the match")..];
    assert!(
        sgr.contains("33"),
        "the reversed match is highlighted: {sgr:?}"
    );
    // The title reads right to left: its last word comes first on the screen.
    let first_line = plain.lines().next().unwrap();
    let last_word: String = title_words.last().unwrap().chars().rev().collect();
    let first_word: String = title_words[0].chars().rev().collect();
    assert!(first_line.starts_with("  1. "), "{first_line}");
    assert!(
        first_line.find(&last_word).unwrap() < first_line.find(&first_word).unwrap(),
        "{first_line}"
    );
    assert!(
        !plain.contains(word),
        "no Arabic left in logical order:\n{plain}"
    );
    drop(term);

    // Off (or auto on a terminal that does bidi itself): logical order.
    for (env, mode) in [("", "off"), ("VTE_VERSION=7600", "auto")] {
        let term = Tmux::start(
            "logical",
            160,
            50,
            &shell_command(env, &[word, "-n", "1", "--no-pager", "--bidi", mode]),
        );
        term.wait_for("__DONE__");
        let plain = term.capture(false);
        assert!(
            plain
                .lines()
                .next()
                .unwrap()
                .contains(&title_words[0..2].join(" ")),
            "{plain}"
        );
    }
    // NO_COLOR turns colours off on a terminal.
    let term = Tmux::start(
        "nocolor",
        160,
        50,
        &shell_command("NO_COLOR=1", &[word, "-n", "1", "--no-pager"]),
    );
    let screen = term.wait_for("__DONE__");
    assert!(!screen.contains("33m"), "{screen}");
}

#[test]
fn long_output_on_a_terminal_is_paged_and_can_be_turned_off() {
    let total = search_json(sample_index(), &["*"])["total"]
        .as_u64()
        .unwrap();
    assert!(total > 5);
    let term = Tmux::start(
        "pager",
        100,
        20,
        &shell_command("-u PAGER -u LESS -u ARSHIF_PAGER", &["*", "-n", "30"]),
    );
    // less shows the first screen and waits: the summary line is further down.
    let screen = term.wait_for("  1. ");
    std::thread::sleep(Duration::from_millis(500));
    let screen2 = term.capture(false);
    assert!(
        !screen2.contains("__DONE__"),
        "the pager is waiting:\n{screen2}"
    );
    assert!(!screen2.contains("matching articles (showing"), "{screen}");
    term.keys("G");
    term.wait_for("matching articles (showing");
    term.keys("q");
    term.wait_for("__DONE__");
    drop(term);

    let term = Tmux::start(
        "nopager",
        100,
        20,
        &shell_command("", &["*", "-n", "30", "--no-pager"]),
    );
    let screen = term.wait_for("__DONE__");
    assert!(screen.contains("matching articles (showing"));
}

#[test]
fn ndjson_stops_cleanly_when_the_reader_goes_away() {
    use std::io::BufRead;
    let mut child = searcher()
        .arg("--index")
        .arg(sample_index())
        .args(["*", "-n", "1000", "--ndjson"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let hit: Value = serde_json::from_str(&first).unwrap();
    assert!(hit["id"].is_string());
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "a closed pipe is no error"
    );
}

#[test]
fn the_config_file_drives_the_indexer_too() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("arshif.toml"),
        format!(
            "index = \"idx\"\ncorpus = [{:?}]\n",
            repo_root().join("data-samples").to_str().unwrap()
        ),
    )
    .unwrap();
    let in_dir = |cmd: &mut Command| -> arshif_e2e::Run {
        cmd.current_dir(dir.path())
            .env("XDG_CONFIG_HOME", dir.path().join("none"))
            .output()
            .unwrap()
            .into()
    };
    let indexed = in_dir(arshif_e2e::indexer().arg("--no-progress"));
    assert_eq!(indexed.status, Some(0), "{}", indexed.stderr);
    assert!(
        dir.path().join("idx").is_dir(),
        "the index is where the file says"
    );
    let expected = search_json(sample_index(), &["*"])["total"].clone();
    let counted = in_dir(searcher().args(["*", "--count"]));
    assert_eq!(counted.stdout.trim(), expected.to_string());

    let no_schedule = in_dir(arshif_e2e::indexer().arg("--every"));
    assert_eq!(no_schedule.status, Some(2));
    no_schedule.says("--every needs an interval");
    std::fs::write(
        dir.path().join("arshif.toml"),
        "corpus = [\".\"]\nschedule = \"soon\"\n",
    )
    .unwrap();
    let bad = in_dir(arshif_e2e::indexer().arg("--every"));
    assert_eq!(bad.status, Some(2));
    bad.says("schedule in").says("invalid interval \"soon\"");
    std::fs::write(dir.path().join("arshif.toml"), "").unwrap();
    in_dir(&mut arshif_e2e::indexer()).says("no CORPUS_DIR given");
}

#[test]
fn interactive_mode_in_a_real_terminal_has_history() {
    let state = tempfile::tempdir().unwrap();
    let env = format!("XDG_STATE_HOME='{}'", state.path().display());
    let term = Tmux::start(
        "interactive",
        120,
        60,
        &shell_command(&env, &["-i", "-n", "1", "--bidi", "off", "--no-pager"]),
    );
    term.wait_for("أرشيف>");
    term.keys("لبنان");
    term.keys("Enter");
    let first = term.wait_for("matching article");
    let total = search_json(sample_index(), &["لبنان"])["total"]
        .as_u64()
        .unwrap();
    assert!(
        first.contains(&format!("{total} matching article")),
        "{first}"
    );
    term.keys(":country LB");
    term.keys("Enter");
    term.wait_for("filters: country LB");
    // Up twice recalls the query from history; the filter stays.
    term.keys("Up");
    term.keys("Up");
    term.keys("Enter");
    let lb = search_json(sample_index(), &["لبنان", "--country", "LB"])["total"]
        .as_u64()
        .unwrap();
    // Wait for the second run of the query (the recalled one) to print its summary.
    let start = Instant::now();
    let after = loop {
        let screen = term.capture(false);
        if screen.matches("أرشيف> لبنان").count() >= 2 {
            let after = &screen[screen.rfind("أرشيف> لبنان").unwrap()..];
            if after.contains("matching article") {
                break after.to_string();
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the recalled query never ran:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(after.contains(&format!("{lb} matching article")), "{after}");
    term.keys(":quit");
    term.keys("Enter");
    term.wait_for("__DONE__");
}

#[test]
fn an_arabic_query_being_typed_reads_right_to_left_like_the_prompt() {
    let state = tempfile::tempdir().unwrap();
    let env = format!("XDG_STATE_HOME='{}'", state.path().display());
    let term = Tmux::start(
        "typing",
        120,
        40,
        &shell_command(&env, &["-i", "-n", "1", "--bidi", "reorder", "--no-pager"]),
    );
    let prompt: String = "أرشيف".chars().rev().collect();
    term.wait_for(&prompt);
    term.keys("لبنان");
    // Typed, not yet entered: on screen in visual order, never in logical order.
    let typed: String = "لبنان".chars().rev().collect();
    let screen = term.wait_for(&typed);
    assert!(!screen.contains("لبنان"), "{screen}");
    term.keys("Enter");
    term.wait_for("matching article");
    term.keys(":quit");
    term.keys("Enter");
    term.wait_for("__DONE__");
}

#[test]
fn show_at_the_prompt_pages_the_whole_article_in_a_real_terminal() {
    let state = tempfile::tempdir().unwrap();
    let first = search_json(sample_index(), &["لبنان", "-n", "1"]);
    let id = first["hits"][0]["id"].as_str().unwrap();
    let whole = search_json(sample_index(), &["--show", id]);
    let paragraphs: Vec<String> = whole["body"]
        .as_str()
        .unwrap()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    let words = |p: &str| p.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
    let env = format!(
        "-u PAGER -u LESS -u ARSHIF_PAGER XDG_STATE_HOME='{}'",
        state.path().display()
    );
    // 20 rows: the article is longer than the screen, so :show pages it through less.
    let term = Tmux::start(
        "show",
        100,
        20,
        &shell_command(&env, &["-i", "-n", "1", "--bidi", "off"]),
    );
    term.wait_for("أرشيف>");
    term.keys("لبنان");
    term.keys("Enter");
    term.wait_for("matching article");
    term.keys(":show 1");
    term.keys("Enter");
    // less shows the article's start and waits; its end is further down.
    term.wait_for("countries: ");
    let screen = term.capture(false);
    assert!(
        screen.contains(whole["title"].as_str().unwrap()),
        "{screen}"
    );
    let last = words(paragraphs.last().unwrap());
    assert!(!screen.contains(&last), "paged, not all at once: {screen}");
    term.keys("G");
    term.wait_for(&last);
    term.keys("q");
    // Back at the prompt, which still works.
    term.keys(":quit");
    term.keys("Enter");
    term.wait_for("__DONE__");
}
