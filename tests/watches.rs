//! End-to-end: saved searches report what each indexing round adds, exactly once — across
//! `kill -9` before and after the commit — and `--new` shows each reader what they have not seen.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use arshif_e2e::{indexer, repo_root, searcher, Run, Running};

/// A project directory: `arshif.toml` naming the index, a corpus of real articles from
/// data-samples that are not about Armenia, and a private state directory for read markers.
struct Project {
    _dir: tempfile::TempDir,
    root: PathBuf,
    corpus: PathBuf,
    index: PathBuf,
    config: PathBuf,
}

impl Project {
    fn new(extra_config: &str) -> Project {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let corpus = root.join("news");
        fs::create_dir_all(&corpus).unwrap();
        for name in [
            "2019-11-12-lebanon-banks-strike.txt",
            "2023-09-12-morocco-earthquake-aid.txt",
            "iraq-early-elections-sadr.txt",
        ] {
            add_sample(&corpus, name);
        }
        let config = root.join("arshif.toml");
        fs::write(&config, format!("index = \"index\"\n{extra_config}")).unwrap();
        Project {
            index: root.join("index"),
            _dir: dir,
            root,
            corpus,
            config,
        }
    }

    fn env(&self, cmd: &mut Command) {
        cmd.env("ARSHIF_CONFIG", &self.config)
            .env("XDG_STATE_HOME", self.root.join("state"))
            .env_remove("ARSHIF_INDEX");
    }

    fn index(&self) -> Run {
        let mut cmd = indexer();
        self.env(&mut cmd);
        cmd.args(["--threads", "1"]).arg(&self.corpus);
        cmd.output().expect("arshif-index runs").into()
    }

    fn search(&self, args: &[&str]) -> Run {
        let mut cmd = searcher();
        self.env(&mut cmd);
        cmd.args(args).output().expect("arshif-search runs").into()
    }

    /// The ids in a watch's NDJSON output, in order.
    fn reported(&self, name: &str) -> Vec<String> {
        let path = self.index.join("watches").join(format!("{name}.ndjson"));
        fs::read_to_string(path)
            .unwrap_or_default()
            .lines()
            .map(|l| {
                let hit: serde_json::Value = serde_json::from_str(l).expect("a JSON line");
                hit["id"].as_str().expect("an id").to_string()
            })
            .collect()
    }

    /// Starts the indexer paused at `point` (the `test-hooks` pause points).
    fn start_paused(&self, point: &str) -> Running {
        let program: PathBuf = indexer().get_program().into();
        let args = vec![
            "--threads".to_string(),
            "1".to_string(),
            self.corpus.display().to_string(),
        ];
        let config = self.config.display().to_string();
        let state = self.root.join("state").display().to_string();
        Running::start_program(
            &program,
            &self.index,
            &args,
            &[
                ("ARSHIF_INDEX_TEST_PAUSE", point),
                ("ARSHIF_CONFIG", &config),
                ("XDG_STATE_HOME", &state),
            ],
        )
    }
}

fn add_sample(corpus: &Path, name: &str) {
    fs::copy(
        repo_root().join("data-samples").join(name),
        corpus.join(name),
    )
    .unwrap();
}

/// A short article written for this test, about Armenia.
fn add_armenia(corpus: &Path, name: &str, title: &str) {
    fs::write(
        corpus.join(name),
        format!("{title}\nيريفان - قالت وزارة الدفاع في أرمينيا إن الهدوء عاد إلى الحدود مع أذربيجان صباح اليوم.\n"),
    )
    .unwrap();
}

fn ok(run: &Run) {
    assert_eq!(
        run.status,
        Some(0),
        "stdout:\n{}\nstderr:\n{}",
        run.stdout,
        run.stderr
    );
}

#[test]
fn a_saved_search_reports_exactly_the_articles_a_round_adds_and_new_lists_them_once() {
    let notified = tempfile::NamedTempFile::new().unwrap();
    let p = Project::new("");
    // The first round is a baseline: nothing is news yet.
    ok(&p.index());
    let save = p.search(&["*", "--country", "Armenia", "--save", "armenia", "-n", "1"]);
    assert!(matches!(save.status, Some(0) | Some(1)), "{}", save.stderr);
    save.says("saved search armenia");
    let config = fs::read_to_string(&p.config).unwrap();
    assert!(
        config.contains("[[watch]]\nname = \"armenia\"\nquery = \"*\"\ncountry = [\"Armenia\"]"),
        "{config}"
    );
    // A notify command for the same watch: appended by hand, as a user would.
    fs::write(
        &p.config,
        format!(
            "{config}notify = \"cat > '{}'\"\n",
            notified.path().display()
        ),
    )
    .unwrap();

    // Two real articles about Armenia and one about Sudan arrive.
    add_sample(&p.corpus, "armenia-azerbaijan-clashes.txt");
    add_sample(&p.corpus, "armenia-azerbaijan-washington-declaration.json");
    add_sample(&p.corpus, "sudan-cholera-who-visit.txt");
    let run = p.index();
    ok(&run);
    run.says("watch armenia: 2 new articles");
    let mut reported = p.reported("armenia");
    reported.sort();
    assert_eq!(
        reported,
        vec![
            "armenia-azerbaijan-clashes.txt",
            "armenia-azerbaijan-washington-declaration.json"
        ]
    );
    let sent = fs::read_to_string(notified.path()).unwrap();
    assert_eq!(sent.lines().count(), 2, "notify gets the new hits: {sent}");
    assert!(sent.contains("باكو ويريفان"), "{sent}");

    // A reader sees them once.
    let new = p.search(&["--new", "armenia"]);
    ok(&new);
    assert!(new.stdout.contains("مقتل حوالي 100 جندي"), "{}", new.stdout);
    assert!(
        new.stdout.contains("2 new articles for armenia"),
        "{}",
        new.stdout
    );
    let again = p.search(&["--new", "armenia"]);
    assert_eq!(again.status, Some(1), "{}", again.stdout);
    assert!(again.stdout.contains("0 new articles"), "{}", again.stdout);
    let listed = p.search(&["--watches"]);
    ok(&listed);
    assert!(listed.stdout.starts_with("armenia"), "{}", listed.stdout);
    assert!(listed.stdout.contains("    0 new"), "{}", listed.stdout);

    // A round with nothing new reports nothing, and nothing twice.
    let idle = p.index();
    ok(&idle);
    assert!(!idle.stderr.contains("watch armenia"), "{}", idle.stderr);
    assert_eq!(p.reported("armenia").len(), 2);

    // An edited article is reported again (it is news again); an unrelated one is not.
    add_armenia(&p.corpus, "yerevan-calm.txt", "هدوء على حدود أرمينيا");
    fs::write(
        p.corpus.join("sudan-cholera-who-visit.txt"),
        "الكوليرا في السودان\nالخرطوم - قالت منظمة الصحة العالمية إن الإصابات تراجعت.\n",
    )
    .unwrap();
    let run = p.index();
    ok(&run);
    run.says("watch armenia: 1 new article ");
    assert_eq!(p.reported("armenia").last().unwrap(), "yerevan-calm.txt");
    let new = p.search(&["--new", "armenia", "--json"]);
    ok(&new);
    let lines: Vec<&str> = new.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{}", new.stdout);
    let hit: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(hit["id"], "yerevan-calm.txt");
    assert_eq!(hit["title"], "هدوء على حدود أرمينيا");
}

#[test]
fn a_round_killed_before_or_after_its_commit_reports_its_articles_once_in_the_next() {
    let p = Project::new("[[watch]]\nname = \"armenia\"\nquery = \"أرمينيا\"\n");
    ok(&p.index());

    // Killed before the commit is published: nothing is reported, and the next round, which
    // adds the article again, reports it.
    add_armenia(&p.corpus, "first.txt", "أرمينيا تعلن الهدوء");
    let mut running = p.start_paused("commit");
    running.wait_for("test pause at commit");
    running.child.kill().unwrap();
    let (status, seen) = running.finish();
    assert_eq!(status, None, "killed: {seen:#?}");
    assert!(p.reported("armenia").is_empty());
    let run = p.index();
    ok(&run);
    run.says("watch armenia: 1 new article ");
    assert_eq!(p.reported("armenia"), vec!["first.txt"]);

    // Killed after the commit is published, before the watches are told: the next round —
    // with nothing new of its own — reports the article, once.
    add_armenia(&p.corpus, "second.txt", "أرمينيا وأذربيجان تتبادلان الأسرى");
    let mut running = p.start_paused("deliver");
    running.wait_for("test pause at deliver");
    running.child.kill().unwrap();
    let (status, _) = running.finish();
    assert_eq!(status, None);
    assert_eq!(p.reported("armenia"), vec!["first.txt"]);
    let run = p.index();
    ok(&run);
    run.says("watch armenia: 1 new article ");
    assert_eq!(p.reported("armenia"), vec!["first.txt", "second.txt"]);
    let run = p.index();
    ok(&run);
    assert!(!run.stderr.contains("watch armenia"), "{}", run.stderr);
    assert_eq!(p.reported("armenia"), vec!["first.txt", "second.txt"]);
}

#[test]
fn a_delivery_cut_off_halfway_is_written_again_not_twice() {
    let p = Project::new("[[watch]]\nname = \"armenia\"\nquery = \"أرمينيا\"\n");
    ok(&p.index());
    add_armenia(&p.corpus, "first.txt", "أرمينيا تعلن الهدوء");
    ok(&p.index());
    assert_eq!(p.reported("armenia"), vec!["first.txt"]);

    // The next round is killed after its commit; then, as if a delivery had died while
    // writing, half a line is left at the end of the output.
    add_armenia(&p.corpus, "second.txt", "أرمينيا وأذربيجان تتبادلان الأسرى");
    let mut running = p.start_paused("deliver");
    running.wait_for("test pause at deliver");
    running.child.kill().unwrap();
    running.finish();
    let output = p.index.join("watches/armenia.ndjson");
    let mut text = fs::read_to_string(&output).unwrap();
    text.push_str("{\"id\": \"second.txt\", \"tit");
    fs::write(&output, text).unwrap();

    ok(&p.index());
    assert_eq!(p.reported("armenia"), vec!["first.txt", "second.txt"]);
}

#[test]
fn bad_watches_are_refused_with_the_reason() {
    let p = Project::new("[[watch]]\nname = \"../etc\"\nquery = \"x\"\n");
    let run = p.index();
    assert_eq!(run.status, Some(2), "{}", run.stderr);
    run.says("watch name \"../etc\" must be 1 to 64 letters");
    let p = Project::new("");
    let run = p.search(&["--new", "nothing"]);
    assert_eq!(run.status, Some(2), "{}", run.stderr);
    run.says("no saved search is named \"nothing\"");
    let run = p.search(&["x", "--save", "bad name"]);
    assert_eq!(run.status, Some(2), "{}", run.stderr);
    run.says("--save: watch name \"bad name\"");
}

#[test]
fn a_watch_with_an_unknown_country_is_named_and_does_not_hold_up_the_others() {
    let p = Project::new(
        "[[watch]]\nname = \"typo\"\nquery = \"*\"\ncountry = [\"Armenai\"]\n\n\
         [[watch]]\nname = \"armenia\"\nquery = \"أرمينيا\"\n",
    );
    ok(&p.index());
    add_armenia(&p.corpus, "yerevan-1.txt", "الهدوء يعود إلى حدود أرمينيا");
    let run = p.index();
    ok(&run);
    run.says("watch typo did not run: unknown country \"Armenai\"; did you mean Armenia?");
    assert_eq!(
        run.stderr.matches("Armenai").count(),
        1,
        "one line, said once: {}",
        run.stderr
    );
    run.says("watch armenia: 1 new article");
    assert_eq!(p.reported("armenia"), ["yerevan-1.txt"]);
    assert!(p.reported("typo").is_empty());
    // The round is delivered: the next one has no journal to retry and goes on.
    assert!(!p.index.join("watches/pending.json").exists());
    add_armenia(&p.corpus, "yerevan-2.txt", "أرمينيا تفتح معبراً جديداً");
    let run = p.index();
    ok(&run);
    run.says("watch armenia: 1 new article");
    assert_eq!(p.reported("armenia"), ["yerevan-1.txt", "yerevan-2.txt"]);
}
