//! `arshif-search --serve`: the real binary on a free port, over HTTP and in a real browser.
//!
//! - the API answers what the CLI prints (`/api/search` = `--json`, `/api/articles/ID` =
//!   `--show ID --json`), and its errors are JSON with the right status;
//! - it reloads: a commit of `arshif-index` is seen by the next request, searches keep answering
//!   200 while the index is rebuilt under them, and a deleted or damaged index gives 503 while the
//!   server keeps running;
//! - hostile article text stays text, in the JSON and on the page;
//! - the page, in headless Chromium through WebDriver (Debian's `chromium` and
//!   `chromium-driver`): an Arabic query typed, a country facet clicked, an article opened, a
//!   screenshot saved to `target/serve-screenshot.png`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use arshif_e2e::{index, repo_root, sample_index, search, search_json, searcher};
use serde_json::{json, Value};

/// A running `arshif-search --serve`, stopped when dropped.
struct Served {
    child: Child,
    base: String,
    /// The lines it printed on stderr before it was ready.
    banner: Vec<String>,
}

impl Served {
    fn start(index: &Path, extra: &[&str]) -> Served {
        Served::start_at(index, "127.0.0.1:0", extra)
    }

    fn start_at(index: &Path, address: &str, extra: &[&str]) -> Served {
        Served::start_with(index, address, extra, &[])
    }

    fn start_with(index: &Path, address: &str, extra: &[&str], env: &[(&str, &str)]) -> Served {
        let mut child = searcher()
            .envs(env.iter().copied())
            .arg("--index")
            .arg(index)
            .arg("--serve")
            .arg(address)
            .args(extra)
            .env_remove("ARSHIF_LISTEN")
            .env_remove("ARSHIF_CONFIG")
            .current_dir(index.parent().unwrap_or(index))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("arshif-search --serve starts");
        let mut lines = BufReader::new(child.stderr.take().expect("stderr is piped")).lines();
        let mut banner = Vec::new();
        let base = loop {
            let line = lines.next().and_then(Result::ok).unwrap_or_else(|| {
                panic!("the server stopped before saying where it listens: {banner:?}")
            });
            banner.push(line.clone());
            if let Some(at) = line.find("http://") {
                let url = line[at..].split_whitespace().next().unwrap_or_default();
                break url.trim_end_matches('/').to_string();
            }
        };
        // Later lines (warnings) are read so that the pipe never fills.
        std::thread::spawn(move || lines.for_each(drop));
        Served {
            child,
            base,
            banner,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// GET `path` with query parameters: the status and the body parsed as JSON.
    fn get(&self, path: &str, query: &[(&str, &str)]) -> (u16, Value) {
        let (status, body) = self.get_text(path, query, &[]);
        let value = serde_json::from_str(&body)
            .unwrap_or_else(|e| panic!("GET {path} {query:?}: not JSON ({e}): {body}"));
        (status, value)
    }

    fn get_text(
        &self,
        path: &str,
        query: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> (u16, String) {
        let mut request = agent().get(&self.url(path));
        for (k, v) in query {
            request = request.query(*k, *v);
        }
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        let mut response = request.call().unwrap_or_else(|e| panic!("GET {path}: {e}"));
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .read_to_string()
            .expect("a readable body");
        (status, body)
    }

    fn alive(&mut self) -> bool {
        self.child.try_wait().expect("try_wait").is_none()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// The query string as the flags: `("country", "AM")` → `--country AM`, `("q", …)` → QUERY.
fn as_flags<'a>(query: &[(&'a str, &'a str)]) -> Vec<String> {
    let mut flags = Vec::new();
    let mut words = Vec::new();
    for (k, v) in query {
        match *k {
            "q" => words.push(v.to_string()),
            "limit" => flags.extend(["-n".to_string(), v.to_string()]),
            "facets" => flags.push(format!("--facets={v}")),
            "strict" | "expand" => flags.push(format!("--{k}")),
            other => flags.extend([format!("--{}", other.replace('_', "-")), v.to_string()]),
        }
    }
    flags.push("--".into());
    flags.extend(words);
    flags
}

#[test]
fn the_api_answers_what_the_cli_prints() {
    let index = sample_index();
    let server = Served::start(index, &[]);
    assert!(
        server.banner.iter().any(|l| l.contains("loopback")),
        "the start line says it is loopback only: {:?}",
        server.banner
    );
    let cases: &[&[(&str, &str)]] = &[
        &[("q", "أرمينيا")],
        &[("q", "أرمينيا"), ("facets", "tables")],
        &[
            ("q", "*"),
            ("country", "AM,AZ"),
            ("country", "RU"),
            ("facets", "tables,date:year"),
        ],
        &[
            ("q", "*"),
            ("sort", "date"),
            ("limit", "5"),
            ("offset", "3"),
        ],
        &[
            ("q", "*"),
            ("lang", "en,fr"),
            ("from", "2022-01-01"),
            ("to", "2022-12-31"),
        ],
        &[("q", "*"), ("source", "الجزيرة"), ("facets", "main")],
        &[
            ("q", "\"ناغورنو كاراباخ\" OR باشينيان"),
            ("actor", "Pashinyan"),
        ],
        // Relaxed (no article has every word) and a word no article has: suggestions.
        &[("q", "أرمينيا المغرب زلزال")],
        &[("q", "ارمنيا")],
        &[
            ("q", "ceasefire Armenia"),
            ("fields", "id,title,highlights"),
        ],
        &[("q", "لبنان"), ("strict", "1"), ("facets", "date:month")],
    ];
    for case in cases {
        let (status, api) = server.get("/api/search", case);
        assert_eq!(status, 200, "{case:?}: {api}");
        let flags = as_flags(case);
        let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
        let cli = search_json(index, &flags);
        assert_eq!(
            api, cli,
            "/api/search {case:?} differs from arshif-search --json {flags:?}"
        );
    }
    // The relaxed answer and the suggestions really are there.
    let (_, relaxed) = server.get("/api/search", &[("q", "أرمينيا المغرب زلزال")]);
    assert_eq!(relaxed["relaxed"], json!(true), "{relaxed}");
    let (_, typo) = server.get("/api/search", &[("q", "ارمنيا")]);
    assert!(
        typo["suggestions"].to_string().contains("أرمينيا"),
        "{typo}"
    );

    // An article: what --show ID --json prints.
    let id = "wire-2019-2020.ndjson#2";
    let (status, api) = server.get("/api/articles/wire-2019-2020.ndjson%232", &[]);
    assert_eq!(status, 200, "{api}");
    let run = search(index, &["--show", id, "--json"]);
    let cli: Value = serde_json::from_str(&run.stdout).expect("--show --json is JSON");
    assert_eq!(api, cli);

    let (status, s) = server.get("/api/status", &[]);
    assert_eq!(status, 200, "{s}");
    let total = search_json(index, &["*"])["total"].clone();
    assert_eq!(s["documents"], total, "{s}");
    assert!(s["index_bytes"].as_u64().unwrap_or(0) > 1000, "{s}");
    assert!(
        s["last_commit"].as_str().unwrap_or("").starts_with("20"),
        "{s}"
    );
    assert_eq!(s["version"], json!(env!("CARGO_PKG_VERSION")), "{s}");
}

#[test]
fn errors_are_json_with_the_right_status() {
    let server = Served::start(sample_index(), &[]);
    let error = |path: &str, query: &[(&str, &str)]| -> (u16, Value) {
        let (status, body) = server.get(path, query);
        let message = body["error"]
            .as_str()
            .unwrap_or_else(|| panic!("{path} {query:?}: no error in {body}"));
        assert!(
            !message.contains("panicked") && !message.contains("RUST_BACKTRACE"),
            "{message}"
        );
        (status, body)
    };
    let (status, body) = error("/api/search", &[("q", "*"), ("country", "أرمينا")]);
    assert_eq!(status, 400);
    assert!(
        body["error"].as_str().unwrap().contains("did you mean"),
        "{body}"
    );
    assert_eq!(body["suggestions"], json!(["أرمينيا"]), "{body}");
    assert_eq!(error("/api/search", &[("q", "(أرمينيا")]).0, 400);
    assert_eq!(error("/api/search", &[("q", "")]).0, 400);
    assert_eq!(
        error("/api/search", &[("q", "x"), ("cuontry", "AM")]).0,
        400
    );
    assert_eq!(
        error("/api/search", &[("q", "x"), ("limit", "many")]).0,
        400
    );
    assert_eq!(
        error(
            "/api/search",
            &[("q", "x"), ("from", "2023-01-01"), ("to", "2022-01-01")]
        )
        .0,
        400
    );
    assert_eq!(
        error("/api/search", &[("q", "x"), ("facets", "date:week")]).0,
        400
    );
    let deep = format!("{}x{}", "(".repeat(40), ")".repeat(40));
    assert_eq!(error("/api/search", &[("q", &deep)]).0, 400);
    let (status, body) = error("/api/articles/no-such-article.txt", &[]);
    assert_eq!(status, 404, "{body}");
    assert_eq!(error("/api/nothing", &[]).0, 404);
    assert_eq!(error("/etc/passwd", &[]).0, 404);
    assert_eq!(error("/app.js/../../Cargo.toml", &[]).0, 404);
    // Too long: the engine's query limit (4,096 bytes), and a request target beyond any query.
    let long = "كلمة ".repeat(1000);
    let (status, body) = error("/api/search", &[("q", &long)]);
    assert_eq!(status, 414, "{body}");
    assert!(body["error"].as_str().unwrap().contains("4096"), "{body}");
    let huge = "a".repeat(40_000);
    assert_eq!(error("/api/search", &[("q", &huge)]).0, 414);
    // A body: 413. Another host name on a loopback server: 421 (DNS rebinding).
    let mut response = agent()
        .post(&server.url("/api/search"))
        .send(&vec![b'x'; 100_000][..])
        .expect("POST answers");
    assert_eq!(response.status().as_u16(), 413);
    drop(response.body_mut().read_to_string());
    let (status, body) = server.get_text("/api/status", &[], &[("Host", "evil.example:7700")]);
    assert_eq!(status, 421, "{body}");
    // Read-only: no other method.
    let mut response = agent()
        .post(&server.url("/api/search"))
        .send("q=x")
        .expect("POST answers");
    assert_eq!(response.status().as_u16(), 405);
    drop(response.body_mut().read_to_string());
    // No CORS: another origin's script cannot read answers.
    let mut response = agent()
        .get(&server.url("/api/status"))
        .header("Origin", "http://evil.example")
        .call()
        .expect("GET answers");
    assert!(response
        .headers()
        .get("access-control-allow-origin")
        .is_none());
    assert!(response.headers().get("content-security-policy").is_some());
    drop(response.body_mut().read_to_string());
}

#[test]
fn answers_are_gzipped_for_clients_that_ask() {
    let server = Served::start(sample_index(), &[]);
    let url = format!(
        "{}?q=%D8%A3%D8%B1%D9%85%D9%8A%D9%86%D9%8A%D8%A7&facets=tables",
        server.url("/api/search")
    );
    let mut plain = agent().get(&url).call().expect("GET answers");
    assert!(plain.headers().get("content-encoding").is_none());
    let plain = plain.body_mut().read_to_vec().expect("a body");
    let mut gzipped = agent()
        .get(&url)
        .header("Accept-Encoding", "gzip")
        .call()
        .expect("GET answers");
    assert_eq!(
        gzipped
            .headers()
            .get("content-encoding")
            .and_then(|v| v.to_str().ok()),
        Some("gzip")
    );
    let compressed = gzipped.body_mut().read_to_vec().expect("a body");
    assert!(
        compressed.len() * 2 < plain.len(),
        "{} bytes gzipped of {}",
        compressed.len(),
        plain.len()
    );
    let mut unpacked = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(&compressed[..]),
        &mut unpacked,
    )
    .expect("a gzip stream");
    assert_eq!(unpacked, plain, "the same answer, compressed");
}

#[test]
fn a_search_past_the_time_limit_is_503_and_the_server_goes_on() {
    // The test build sleeps 5 s in any search for exactly this query (src/hooks.rs).
    let slow = "أرمينيا OR روسيا";
    let server = Served::start_with(
        sample_index(),
        "127.0.0.1:0",
        &["--time-limit", "300ms"],
        &[("ARSHIF_SEARCH_TEST_SLOW", slow)],
    );
    let asked = std::time::Instant::now();
    let (status, body) = server.get("/api/search", &[("q", slow)]);
    assert_eq!(status, 503, "{body}");
    let message = body["error"].as_str().unwrap_or_default();
    assert!(
        message.contains("longer than 300ms") && message.contains("narrow the query"),
        "{message}"
    );
    assert!(
        asked.elapsed() < std::time::Duration::from_secs(5),
        "answered before the slow search ended"
    );
    // Other searches still answer, in full, while the slow one runs on.
    let (status, body) = server.get("/api/search", &[("q", "أرمينيا")]);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body, search_json(sample_index(), &["أرمينيا"]));
    assert_eq!(server.get("/api/status", &[]).0, 200);
}

#[test]
fn a_bad_time_limit_is_refused_before_listening() {
    for (limit, says) in [("soon", "not a duration"), ("0s", "more than zero")] {
        let run = searcher()
            .args(["--index"])
            .arg(sample_index())
            .args(["--serve", "127.0.0.1:0", "--time-limit", limit])
            .env_remove("ARSHIF_CONFIG")
            .output()
            .expect("arshif-search runs");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("--time-limit") && stderr.contains(says),
            "{stderr}"
        );
    }
}

#[test]
fn a_token_is_required_when_given() {
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, "s3cret-token-for-the-newsroom\n").unwrap();
    let server = Served::start(
        sample_index(),
        &["--token-file", token_file.to_str().unwrap()],
    );
    let (status, _) = server.get_text("/api/status", &[], &[]);
    assert_eq!(status, 401);
    let (status, _) = server.get_text(
        "/api/status",
        &[],
        &[("Authorization", "Bearer wrong-token-wrong-token")],
    );
    assert_eq!(status, 401);
    let (status, body) = server.get_text(
        "/api/status",
        &[],
        &[("Authorization", "Bearer s3cret-token-for-the-newsroom")],
    );
    assert_eq!(status, 200, "{body}");
    let (status, _) = server.get_text(
        "/api/status",
        &[],
        &[("Cookie", "arshif_token=s3cret-token-for-the-newsroom")],
    );
    assert_eq!(status, 200);
    // The page itself holds no archive text: it loads, and asks for the token.
    let (status, page) = server.get_text("/", &[], &[]);
    assert_eq!(status, 200);
    assert!(page.contains("app.js"));
}

#[test]
fn a_non_loopback_address_warns_that_there_is_no_authentication() {
    let server = Served::start_at(sample_index(), "0.0.0.0:0", &[]);
    let said = server.banner.join("\n");
    assert!(
        said.contains("warning") && said.contains("no authentication"),
        "{said}"
    );
    assert!(said.contains("0.0.0.0"), "{said}");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn a_deleted_or_damaged_index_gives_503_and_the_server_keeps_running() {
    let dir = tempfile::tempdir().unwrap();
    let idx = dir.path().join("idx");
    copy_dir(sample_index(), &idx);
    let mut server = Served::start(&idx, &[]);
    let q = [("q", "أرمينيا")];
    assert_eq!(server.get("/api/search", &q).0, 200);

    std::fs::remove_dir_all(&idx).unwrap();
    let (status, body) = server.get("/api/search", &q);
    assert_eq!(status, 503, "{body}");
    assert!(body["error"].as_str().unwrap().contains("index"), "{body}");
    assert_eq!(server.get("/api/status", &[]).0, 503);
    assert!(server.alive());

    // Back: the next request opens it again.
    copy_dir(sample_index(), &idx);
    assert_eq!(server.get("/api/search", &q).0, 200);

    // Damaged: a copy whose segment files are overwritten, put in its place.
    std::fs::remove_dir_all(&idx).unwrap();
    assert_eq!(server.get("/api/search", &q).0, 503);
    copy_dir(sample_index(), &idx);
    for entry in std::fs::read_dir(&idx).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if [".idx", ".term", ".store", ".fast", ".pos"]
            .iter()
            .any(|e| name.ends_with(e))
        {
            let len = std::fs::metadata(&path).unwrap().len() as usize;
            std::fs::write(&path, vec![0x5a; len]).unwrap();
        }
    }
    let (status, body) = server.get("/api/search", &q);
    assert_eq!(status, 503, "{body}");
    let message = body["error"].as_str().unwrap();
    assert!(
        message.contains("damaged") || message.contains("arshif-index"),
        "{message}"
    );
    assert!(server.alive(), "the server survived the damaged index");

    std::fs::remove_dir_all(&idx).unwrap();
    copy_dir(sample_index(), &idx);
    assert_eq!(server.get("/api/search", &q).0, 200);
}

/// A corpus of a few articles in a temp dir.
fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn each_request_sees_the_latest_commit_and_searches_answer_during_a_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    copy_dir(&repo_root().join("data-samples"), &corpus);
    let idx = dir.path().join("idx");
    assert_eq!(index(&corpus, &idx, &[]).status, Some(0));
    let server = Arc::new(Served::start(&idx, &[]));
    let q = [("q", "قهرمانة")];
    assert_eq!(server.get("/api/search", &q).1["total"], json!(0));

    write(
        &corpus,
        "2024-05-01-new.txt",
        "قهرمانة الأرشيف تعود\n\nخبر جديد عن قهرمانة الأرشيف.\n",
    );
    assert_eq!(index(&corpus, &idx, &[]).status, Some(0));
    assert_eq!(
        server.get("/api/search", &q).1["total"],
        json!(1),
        "the new commit is seen"
    );

    // Searches run without pause while the index is rebuilt twice under them.
    let done = Arc::new(AtomicBool::new(false));
    let searching = {
        let server = server.clone();
        let done = done.clone();
        std::thread::spawn(move || {
            let mut answered = 0;
            let started = Instant::now();
            while !done.load(Ordering::Relaxed)
                && answered < 5000
                && started.elapsed() < Duration::from_secs(300)
            {
                let (status, body) =
                    server.get("/api/search", &[("q", "أرمينيا"), ("facets", "tables")]);
                assert_eq!(status, 200, "during a rebuild: {body}");
                assert_eq!(body["total"], json!(3), "one commit, never a mix: {body}");
                answered += 1;
            }
            answered
        })
    };
    for _ in 0..2 {
        let run = index(&corpus, &idx, &["--rebuild"]);
        assert_eq!(run.status, Some(0), "{}", run.stderr);
    }
    done.store(true, Ordering::Relaxed);
    let answered = searching.join().expect("no failed search");
    assert!(answered > 0);
}

#[test]
fn hostile_titles_stay_text_in_the_json() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    write(
        &corpus,
        "xss.txt",
        "<img src=x onerror=alert(1)> أرمينيا\n\nنص عن أرمينيا <script>alert(2)</script> & more\n",
    );
    let idx = dir.path().join("idx");
    assert_eq!(index(&corpus, &idx, &[]).status, Some(0));
    let server = Served::start(&idx, &[]);
    let (status, raw) = server.get_text("/api/search", &[("q", "أرمينيا")], &[]);
    assert_eq!(status, 200);
    assert!(
        !raw.contains('<') && !raw.contains('>'),
        "markup characters are escaped: {raw}"
    );
    let answer: Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(
        answer["hits"][0]["title"],
        json!("<img src=x onerror=alert(1)> أرمينيا")
    );
    let (_, raw) = server.get_text("/api/articles/xss.txt", &[], &[]);
    assert!(!raw.contains("<script>"), "{raw}");
}

// ---------------------------------------------------------------------------------------------
// The page in a real browser, through WebDriver (raw HTTP: a session, elements, scripts).

/// Where a program is on PATH.
fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(program))
            .find(|p| p.is_file())
    })
}

/// Chromium and its driver, or why the browser tests cannot run: a failure when CI or
/// `ARSHIF_REQUIRE_BROWSER` asks for them, a skip (said on stderr) otherwise.
fn browser() -> Option<(PathBuf, PathBuf)> {
    let chromium = which("chromium").or_else(|| which("chromium-browser"));
    let driver = which("chromedriver");
    match (chromium, driver) {
        (Some(c), Some(d)) => Some((c, d)),
        _ => {
            let why = "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)";
            let required = ["CI", "ARSHIF_REQUIRE_BROWSER"]
                .iter()
                .any(|v| std::env::var(v).is_ok_and(|v| !v.is_empty() && v != "0" && v != "false"));
            assert!(
                !required,
                "the browser test is required here (CI or ARSHIF_REQUIRE_BROWSER) but {why}"
            );
            eprintln!("skipped the browser test: {why}");
            None
        }
    }
}

/// A WebDriver session on a chromedriver this test started.
struct Browser {
    driver: Child,
    base: String,
    session: String,
    _profile: tempfile::TempDir,
}

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Browser {
    fn start(chromium: &Path, chromedriver: &Path) -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let base = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        while agent().get(&format!("{base}/status")).call().is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        let mut browser = Browser {
            driver,
            base,
            session: String::new(),
            _profile: profile,
        };
        let created = browser.call(
            "POST",
            "/session",
            json!({"capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": chromium,
                    "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                             "--window-size=1280,1000", "--lang=en-US",
                             format!("--user-data-dir={}", browser._profile.path().display())],
                },
            }}}),
        );
        browser.session = created["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no WebDriver session: {created}"))
            .to_string();
        browser
    }

    fn call(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("{}{path}", self.base);
        let mut response = match method {
            "GET" => agent().get(&url).call(),
            "DELETE" => agent().delete(&url).call(),
            _ => agent()
                .post(&url)
                .header("Content-Type", "application/json")
                .send(body.to_string()),
        }
        .unwrap_or_else(|e| panic!("WebDriver {method} {path}: {e}"));
        let text = response
            .body_mut()
            .read_to_string()
            .expect("WebDriver answers");
        let value: Value = serde_json::from_str(&text).expect("WebDriver answers JSON");
        value["value"].clone()
    }

    fn session(&self, path: &str, body: Value) -> Value {
        let v = self.call("POST", &format!("/session/{}{path}", self.session), body);
        assert!(v.get("error").is_none(), "WebDriver {path}: {v}");
        v
    }

    fn open(&self, url: &str) {
        self.session("/url", json!({ "url": url }));
    }

    fn script(&self, script: &str) -> Value {
        self.session("/execute/sync", json!({ "script": script, "args": [] }))
    }

    fn element(&self, css: &str) -> String {
        let v = self.session("/element", json!({"using": "css selector", "value": css}));
        v[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {v}"))
            .to_string()
    }

    fn click(&self, css: &str) {
        let id = self.element(css);
        self.session(&format!("/element/{id}/click"), json!({}));
    }

    fn type_into(&self, css: &str, text: &str) {
        let id = self.element(css);
        self.session(&format!("/element/{id}/value"), json!({ "text": text }));
    }

    fn key(&self, key: &str) {
        self.session(
            "/actions",
            json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
                {"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}]}]}),
        );
    }

    /// Waits until `script` returns something truthy (non-empty), and returns it.
    fn wait(&self, what: &str, script: &str) -> Value {
        let started = Instant::now();
        loop {
            let v = self.script(script);
            let truthy = match &v {
                Value::Null | Value::Bool(false) => false,
                Value::Array(a) => !a.is_empty(),
                Value::String(s) => !s.is_empty(),
                _ => true,
            };
            if truthy {
                return v;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "waited in vain for {what}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn screenshot(&self, to: &Path) {
        let v = self.call(
            "GET",
            &format!("/session/{}/screenshot", self.session),
            Value::Null,
        );
        let png = base64(v.as_str().expect("a base64 screenshot"));
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, png).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = agent()
                .delete(&format!("{}/session/{}", self.base, self.session))
                .call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Standard base64 (WebDriver's screenshots).
fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => (c - b'A') as u32,
            b'a'..=b'z' => (c - b'a' + 26) as u32,
            b'0'..=b'9' => (c - b'0' + 52) as u32,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("not base64: {c}"),
        }
    };
    let clean: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let digits: Vec<u8> = chunk.iter().copied().filter(|&b| b != b'=').collect();
        let mut n = 0u32;
        for (i, &d) in digits.iter().enumerate() {
            n |= value(d) << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..digits.len()]);
    }
    out
}

const HIT_TITLES: &str =
    "return Array.from(document.querySelectorAll('#hits .hit h2')).map(e => e.textContent)";

#[test]
fn the_page_in_a_real_browser() {
    let Some((chromium, chromedriver)) = browser() else {
        return;
    };
    let index = sample_index();
    let server = Served::start(index, &[]);
    let browser = Browser::start(&chromium, &chromedriver);
    browser.open(&server.url("/"));
    browser.wait(
        "the page",
        "return document.readyState === 'complete' && document.getElementById('q')",
    );

    // `/` focuses the box; an Arabic query typed, Enter.
    browser.script("document.activeElement.blur(); return true");
    browser.key("/");
    assert_eq!(
        browser.script("return document.activeElement.id"),
        json!("q")
    );
    browser.type_into("#q", "أرمينيا\u{E007}");
    let titles = browser.wait("results", HIT_TITLES);
    let cli = search_json(index, &["أرمينيا", "-n", "20"]);
    let expected: Vec<Value> = cli["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["title"].clone())
        .collect();
    assert_eq!(
        titles,
        Value::Array(expected),
        "the page shows the CLI's hits, in order"
    );
    let url = browser.script("return location.search").to_string();
    assert!(url.contains("q="), "the query is in the URL: {url}");
    let marks = browser.script("return document.querySelectorAll('#hits mark').length");
    assert!(
        marks.as_u64().unwrap_or(0) > 0,
        "matched words are highlighted"
    );
    assert_eq!(
        browser.script("return document.querySelector('#hits .hit h2 a').getAttribute('dir')"),
        json!("auto")
    );
    // The histogram is drawn.
    let bars = browser.script("return document.querySelectorAll('#histogram rect').length");
    assert!(bars.as_u64().unwrap_or(0) > 0, "a histogram");
    // An Arabic query: the interface reads right to left, in Arabic.
    let words = browser.script(
        "return [document.documentElement.dir, document.documentElement.lang, \
         document.querySelector('#notes .total').textContent, \
         document.querySelector('#facets h3').textContent, \
         document.querySelector('#search button[type=submit]').textContent]",
    );
    let hits = cli["total"].as_u64().unwrap();
    assert_eq!(words[0], json!("rtl"), "{words}");
    assert_eq!(words[1], json!("ar"), "{words}");
    assert!(
        words[2]
            .as_str()
            .unwrap()
            .starts_with(&format!("{hits} مقال")),
        "{words}"
    );
    assert_eq!(words[3], json!("الدول"), "{words}");
    // Each hit's countries by their Arabic names (from the hit, not from the facet table).
    let meta = browser.script(
        "return Array.from(document.querySelectorAll('#hits .hit .meta')).map(m => m.textContent)",
    );
    assert!(
        meta.as_array()
            .unwrap()
            .iter()
            .all(|m| m.as_str().unwrap().contains("أرمينيا")),
        "{meta}"
    );
    assert_eq!(words[4], json!("ابحث"), "{words}");
    browser.screenshot(&repo_root().join("target/serve-screenshot.png"));

    // A country facet that narrows: fewer hits, each about that country.
    let total = cli["total"].as_u64().unwrap();
    let narrower = cli_facet(index, total);
    browser.click(&format!(
        "#facets ul[data-facet=country] button[data-value='{narrower}']"
    ));
    let expected = search_json(index, &["أرمينيا", "-n", "20", "--country", &narrower]);
    let want: Vec<Value> = expected["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["title"].clone())
        .collect();
    let got = browser.wait(
        "narrowed results",
        &format!(
            "const t = Array.from(document.querySelectorAll('#hits .hit h2')).map(e => e.textContent); return t.length === {} && location.search.includes('country=') ? t : null",
            want.len()
        ),
    );
    assert_eq!(got, Value::Array(want));
    assert!((expected["total"].as_u64().unwrap()) < total);
    // Clicked again, it un-filters.
    browser.click(&format!(
        "#facets ul[data-facet=country] button[data-value='{narrower}']"
    ));
    browser.wait(
        "all results again",
        &format!("return document.querySelectorAll('#hits .hit').length === {total} && !location.search.includes('country=')"),
    );

    // An article, whole.
    browser.click("#hits .hit h2 a");
    let body = browser.wait("the article", "return Array.from(document.querySelectorAll('#article .body p')).map(p => p.textContent).join('\\n')");
    let first = cli["hits"][0]["id"].as_str().unwrap();
    let shown = search(index, &["--show", first, "--json"]);
    let article: Value = serde_json::from_str(&shown.stdout).unwrap();
    let first_paragraph = article["body"]
        .as_str()
        .unwrap()
        .split('\n')
        .find(|l| !l.trim().is_empty())
        .unwrap()
        .trim();
    assert!(
        body.as_str().unwrap().contains(first_paragraph),
        "the article's text: {body}"
    );
    assert!(browser
        .script("return location.search")
        .to_string()
        .contains("show="));
    browser.screenshot(&repo_root().join("target/serve-screenshot-article.png"));
    // Back to the results with Escape... through the close button.
    browser.click("#close");
    browser.wait(
        "the results again",
        "return document.getElementById('reader').hidden",
    );

    // An English query: the interface is English again, left to right.
    browser.script("document.getElementById('q').value = ''; return true");
    browser.type_into("#q", "Armenia\u{E007}");
    let total = search_json(index, &["Armenia"])["total"].as_u64().unwrap();
    let line = browser.wait(
        "English results",
        "const t = document.querySelector('#notes .total'); return document.documentElement.dir === 'ltr' && t && t.textContent.includes('article') ? t.textContent : null",
    );
    assert!(
        line.as_str()
            .unwrap()
            .starts_with(&format!("{total} article")),
        "{line}"
    );
    assert_eq!(
        browser.script("return document.querySelector('#facets h3').textContent"),
        json!("Countries")
    );
}

/// A country that some but not all of the `total` hits of أرمينيا are about.
fn cli_facet(index: &Path, total: u64) -> String {
    let answer = search_json(index, &["أرمينيا", "--facets"]);
    answer["facets"]["country"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["count"].as_u64().unwrap() < total)
        .expect("a country that narrows")["value"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn hostile_titles_stay_text_in_the_page() {
    let Some((chromium, chromedriver)) = browser() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let title = "<img src=x onerror=alert(1)> أرمينيا";
    write(
        &corpus,
        "xss.txt",
        &format!("{title}\n\nنص عن أرمينيا <script>alert(2)</script>\n"),
    );
    let idx = dir.path().join("idx");
    assert_eq!(index(&corpus, &idx, &[]).status, Some(0));
    let server = Served::start(&idx, &[]);
    let browser = Browser::start(&chromium, &chromedriver);
    browser.open(&server.url("/?q=%D8%A3%D8%B1%D9%85%D9%8A%D9%86%D9%8A%D8%A7"));
    let titles = browser.wait("results", HIT_TITLES);
    assert_eq!(titles, json!([title]), "the title is shown as text");
    assert_eq!(
        browser.script("return document.querySelectorAll('img, script:not([src])').length"),
        json!(0)
    );
    browser.click("#hits .hit h2 a");
    let body = browser.wait("the article", "return document.querySelector('#article .body p') && document.querySelector('#article .body p').textContent");
    assert!(
        body.as_str().unwrap().contains("<script>alert(2)</script>"),
        "{body}"
    );
    assert_eq!(
        browser.script("return document.querySelectorAll('img, script:not([src])').length"),
        json!(0)
    );
}
