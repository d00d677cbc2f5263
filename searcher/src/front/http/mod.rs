//! # `--serve`: the archive over HTTP
//!
//! A web page at `/` (its three files embedded in the binary: [`assets`]) and a JSON API:
//!
//! - `GET /api/search?q=…&country=…` — what `arshif-search --json` prints for the same query and
//!   filters ([`params`] reads the query string as the flags, [`crate::front::prepare`] checks it
//!   as it checks them, [`crate::front::Prepared::json`] writes the same document);
//! - `GET /api/articles/{id}` — what `--show ID --json` prints;
//! - `GET /api/status` — document count, last commit, index size, version.
//!
//! Errors are `{"error": "…"}` (with `"suggestions"` for an unknown name) and a status: 400 for a
//! bad query or parameter, 401 without the token, 404, 413/414 for a request too large, 503 when
//! the index is missing or unusable or a search takes longer than [`TIME_LIMIT`].
//!
//! **Reloading.** The tantivy `Index` is opened once (the analyzers registered, the stamp
//! checked) and kept; each request makes its own reader on it, which reads the latest
//! `meta.json`: every request sees the latest commit of `arshif-index`, and one request sees one
//! commit throughout (its search, facets and histogram). The server also keeps the latest
//! searcher, so that the segments a new commit keeps stay mapped between requests. A request that
//! fails in a way a concurrent commit can cause (a merged-away file deleted between reading
//! `meta.json` and opening it) opens the index again and retries, as the CLI does; a missing or
//! damaged index answers 503 and is opened afresh by the next request.
//!
//! **Safety.** Nothing here writes. Searches run on the blocking pool, at most
//! [`concurrency`] at a time, each within [`TIME_LIMIT`], a panic in one (tantivy on a damaged
//! segment) caught and answered as 503. Only the embedded files are served. On a loopback address
//! the `Host` header must name loopback too (so a web page elsewhere cannot reach the archive
//! through DNS rebinding); no CORS headers are sent, so other sites' scripts cannot read answers.

mod assets;
pub mod params;

use std::borrow::Cow;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result};
use arshif_entities::Gazetteer;
use arshif_schema::config::Config;
use arshif_schema::{sanitize, Fields, Opened};
use axum::body::Body;
use axum::extract::{Path as UrlPath, RawQuery, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

use crate::engine::{self, QueryError, SearchError};
use crate::front::{error_json, json as json_front, prepare, unknown};

/// Where the server listens when nothing says otherwise.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:7700";
/// The environment variable naming the address.
pub const LISTEN_ENV: &str = "ARSHIF_LISTEN";
/// How long one request may take before it is answered 503, unless `--time-limit` or
/// `[serve] time_limit` says otherwise.
pub const TIME_LIMIT: Duration = Duration::from_secs(10);
/// The longest request target (path and query string): a query of 4,096 bytes of Arabic is
/// about 12 KB percent-encoded, with room for filters.
pub const MAX_URI: usize = 32 * 1024;
/// The largest request body: every endpoint is a GET, so none is needed.
pub const MAX_BODY: u64 = 16 * 1024;

/// What the server knows between requests.
struct Server {
    dir: PathBuf,
    config: Config,
    gazetteer: Cow<'static, Gazetteer>,
    token: Option<String>,
    /// The host names accepted in `Host` (on loopback only: see the module's documentation).
    loopback: bool,
    live: Mutex<Option<Arc<Live>>>,
    /// Held by each search until it ends, even past its time limit.
    permits: Arc<tokio::sync::Semaphore>,
    /// How long a request may take before it is answered 503.
    time_limit: Duration,
}

/// The open index: the tantivy `Index` (analyzers registered) and the last searcher a request
/// used, kept so that its segments stay mapped.
struct Live {
    index: tantivy::Index,
    fields: Fields,
    keeper: Mutex<Option<tantivy::Searcher>>,
}

/// An answer that is an error: a status and `{"error": …}`.
struct Failure {
    status: StatusCode,
    body: Value,
}

impl Failure {
    fn new(status: StatusCode, message: impl Into<String>) -> Failure {
        Failure {
            status,
            body: error_json(&message.into(), None),
        }
    }

    /// The status an error of the engine or of a request's checks deserves.
    fn of(e: &anyhow::Error, unknown_status: StatusCode) -> Failure {
        let message = arshif_schema::error::for_people(e.as_ref());
        let status = match status_of(e) {
            Some(StatusCode::NOT_FOUND) => unknown_status,
            Some(s) => s,
            None => StatusCode::BAD_REQUEST,
        };
        Failure {
            status,
            body: error_json(&message, unknown(e)),
        }
    }
}

/// 503 for an index that cannot be used, 414 for a query over the length limit, 404 for an
/// unknown name (the caller decides: 400 for a filter value), `None` for the rest (400).
fn status_of(e: &anyhow::Error) -> Option<StatusCode> {
    let query = |q: &QueryError| match q {
        QueryError::TooLong(_) => Some(StatusCode::URI_TOO_LONG),
        QueryError::Index(_) => Some(StatusCode::SERVICE_UNAVAILABLE),
        QueryError::Unknown(_) => Some(StatusCode::NOT_FOUND),
        _ => None,
    };
    if let Some(s) = e.downcast_ref::<SearchError>() {
        return match s {
            SearchError::Query(q) => query(q),
            SearchError::Open(_) | SearchError::Index(_) => Some(StatusCode::SERVICE_UNAVAILABLE),
        };
    }
    if let Some(q) = e.downcast_ref::<QueryError>() {
        return query(q);
    }
    if e.downcast_ref::<arshif_schema::Error>().is_some()
        || e.downcast_ref::<tantivy::TantivyError>().is_some()
    {
        return Some(StatusCode::SERVICE_UNAVAILABLE);
    }
    None
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        json_response(self.status, sanitize::json_line(&self.body))
    }
}

/// A JSON answer. `<`, `>` and `&` only ever occur inside strings in JSON, and are written as
/// `\u003c`, `\u003e`, `\u0026` there: the same JSON to a parser, and nothing that a browser
/// sniffing for HTML (or a careless page) could take for markup.
fn json_response(status: StatusCode, line: String) -> Response {
    let line = line
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        format!("{line}\n"),
    )
        .into_response()
}

/// How many searches run at once: two per core (a search waits on the disk at times), others
/// wait their turn within the time limit.
pub fn concurrency() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get() * 2)
}

/// Where to listen: the flag's value, else `$ARSHIF_LISTEN`, else `[serve] listen`, else
/// [`DEFAULT_LISTEN`].
pub fn listen_address(flag: Option<&str>, config: &Config) -> String {
    flag.map(String::from)
        .or_else(|| {
            std::env::var(LISTEN_ENV)
                .ok()
                .filter(|v| !v.trim().is_empty())
        })
        .or_else(|| config.serve.listen.clone())
        .unwrap_or_else(|| DEFAULT_LISTEN.to_string())
}

/// The time limit of one request: `--time-limit`, else `[serve] time_limit`, else
/// [`TIME_LIMIT`]. Zero is refused: every request would fail.
pub fn time_limit(flag: Option<&str>, config: &Config) -> Result<Duration> {
    let (text, whence) = match (flag, &config.serve.time_limit) {
        (Some(f), _) => (f, "--time-limit"),
        (None, Some(c)) => (c.as_str(), "time_limit in arshif.toml's [serve]"),
        (None, None) => return Ok(TIME_LIMIT),
    };
    let limit = humantime::parse_duration(text.trim()).with_context(|| {
        format!("{whence}: {text:?} is not a duration; write it as 10s, 500ms or 1m")
    })?;
    anyhow::ensure!(
        !limit.is_zero(),
        "{whence}: the time limit must be more than zero"
    );
    Ok(limit)
}

/// Runs the server until SIGINT or SIGTERM.
pub fn serve(
    address: &str,
    token_file: Option<&Path>,
    time_limit: Duration,
    dir: PathBuf,
    config: Config,
    gazetteer: Cow<'static, Gazetteer>,
) -> Result<bool> {
    let token = token_file
        .map(|f| -> Result<String> {
            let text = std::fs::read_to_string(f)
                .with_context(|| format!("--token-file {}", f.display()))?;
            let token = text.lines().next().unwrap_or_default().trim().to_string();
            anyhow::ensure!(
                token.len() >= 16,
                "--token-file {}: the token (its first line) must be at least 16 characters",
                f.display()
            );
            Ok(token)
        })
        .transpose()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    let previous_hook = quiet_panics();
    let result = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(address)
            .await
            .with_context(|| format!("cannot listen on {address}"))?;
        let local = listener.local_addr()?;
        let server = Arc::new(Server {
            loopback: local.ip().is_loopback(),
            dir,
            config,
            gazetteer,
            token,
            live: Mutex::new(None),
            permits: Arc::new(tokio::sync::Semaphore::new(concurrency())),
            time_limit,
        });
        announce(&server, local);
        axum::serve(listener, router(server))
            .with_graceful_shutdown(stopped())
            .await
            .context("the server stopped")
    });
    std::panic::set_hook(previous_hook);
    result.map(|()| true)
}

/// The line that says where the archive is, and who can reach it.
fn announce(server: &Server, local: SocketAddr) {
    let url = format!("http://{local}/");
    let index = sanitize::terminal(&server.dir.display().to_string()).into_owned();
    // Warnings first: the line with the URL is the last one a script waits for.
    if let Err(e) = engine::open(&server.dir) {
        eprintln!(
            "arshif-search: warning: {}; searches answer 503 until it can be opened",
            arshif_schema::error::for_people(&e)
        );
    }
    if server.loopback {
        eprintln!(
            "arshif-search: serving {index} at {url} (loopback: this machine only; Ctrl-C stops)"
        );
    } else if server.token.is_some() {
        eprintln!("arshif-search: serving {index} at {url} to the network; /api/ requires the token (Ctrl-C stops)");
    } else {
        eprintln!(
            "arshif-search: warning: {} can be reached from other machines and there is no authentication: anyone who can connect can read the whole archive (--token-file FILE requires a token)",
            local.ip()
        );
        eprintln!("arshif-search: serving {index} at {url} (Ctrl-C stops)");
    }
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
async fn stopped() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(t) => t,
                Err(_) => return std::future::pending().await,
            };
        tokio::select! {
            _ = interrupt => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}

fn router(server: Arc<Server>) -> Router {
    Router::new()
        .route("/", get(assets::page))
        .route("/app.js", get(assets::script))
        .route("/app.css", get(assets::style))
        .route("/api/search", get(search))
        .route("/api/articles/{*id}", get(article))
        .route("/api/status", get(status))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(server.clone(), guard))
        // gzip for clients that ask (browsers do): an answer with facets is 10-40 KB of JSON,
        // a fifth of that compressed, which matters behind a proxy on a newsroom's network.
        .layer(tower_http::compression::CompressionLayer::new().gzip(true))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            |_: Box<dyn std::any::Any + Send>| {
                Failure::new(StatusCode::SERVICE_UNAVAILABLE, "internal error").into_response()
            },
        ))
        .with_state(server)
}

async fn not_found() -> Failure {
    Failure::new(StatusCode::NOT_FOUND, "no such page")
}

/// Every request: its size, its host, its token; every answer: headers that keep a browser from
/// running anything but the page's own script.
async fn guard(State(server): State<Arc<Server>>, request: Request, next: Next) -> Response {
    let mut response = match check(&server, &request) {
        Err(failure) => failure.into_response(),
        Ok(()) => next.run(request).await,
    };
    let headers = response.headers_mut();
    for (name, value) in [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

fn check(server: &Server, request: &Request) -> Result<(), Failure> {
    let target = request
        .uri()
        .path_and_query()
        .map_or(0, |p| p.as_str().len());
    if target > MAX_URI {
        return Err(Failure::new(
            StatusCode::URI_TOO_LONG,
            format!("the request is {target} bytes long; the limit is {MAX_URI} (a query at most 4096 bytes)"),
        ));
    }
    let body = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if body.is_some_and(|n| n > MAX_BODY)
        || request.headers().contains_key(header::TRANSFER_ENCODING)
    {
        return Err(Failure::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "requests carry no body here: every endpoint is a GET",
        ));
    }
    if server.loopback {
        let host = request
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        if !loopback_host(host) {
            return Err(Failure::new(
                StatusCode::MISDIRECTED_REQUEST,
                "this server answers only to localhost, 127.0.0.1 or [::1]",
            ));
        }
    }
    if let Some(token) = &server.token {
        if request.uri().path().starts_with("/api/") && !authorized(request, token) {
            return Err(Failure::new(
                StatusCode::UNAUTHORIZED,
                "this server requires a token: Authorization: Bearer TOKEN (the first line of its --token-file)",
            ));
        }
    }
    Ok(())
}

/// `localhost`, `127.0.0.1`, `[::1]`, with or without a port.
fn loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The request carries the token, as a bearer token or as the `arshif_token` cookie.
fn authorized(request: &Request, token: &str) -> bool {
    let headers = request.headers();
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().strip_prefix("arshif_token="));
    bearer.into_iter().chain(cookie).any(|t| same(t, token))
}

/// Compares in time that does not depend on where the strings first differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

impl Server {
    /// The open index, opened now if it is not.
    fn live(&self) -> Result<Arc<Live>, SearchError> {
        let mut live = self.live.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(l) = &*live {
            return Ok(l.clone());
        }
        let opened = engine::open(&self.dir)?;
        let fresh = Arc::new(Live {
            index: opened.index.clone(),
            fields: opened.fields,
            keeper: Mutex::new(None),
        });
        *live = Some(fresh.clone());
        Ok(fresh)
    }

    /// Forgets `stale` (if it is still the open index), so the next request opens it again.
    fn forget(&self, stale: &Arc<Live>) {
        let mut live = self.live.lock().unwrap_or_else(|p| p.into_inner());
        if live.as_ref().is_some_and(|l| Arc::ptr_eq(l, stale)) {
            *live = None;
        }
    }

    /// Runs `work` on the index's latest commit (a reader of its own, see the module's
    /// documentation), retrying as [`engine::with_index`] does when a concurrent commit got in
    /// the way.
    fn with_index<T>(
        &self,
        mut work: impl FnMut(&Opened) -> Result<T, SearchError>,
    ) -> Result<T, SearchError> {
        let mut attempt = 1;
        loop {
            let live = self.live()?;
            let opened = Opened::new(live.index.clone(), live.fields, self.dir.clone());
            match work(&opened) {
                Ok(value) => {
                    if let Ok(searcher) = opened.searcher() {
                        *live.keeper.lock().unwrap_or_else(|p| p.into_inner()) = Some(searcher);
                    }
                    return Ok(value);
                }
                Err(e) if e.is_transient() => {
                    self.forget(&live);
                    if attempt >= engine::ATTEMPTS {
                        return Err(e);
                    }
                    attempt += 1;
                    std::thread::sleep(Duration::from_millis(20 * attempt as u64));
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Runs `work` on the blocking pool, within the concurrency and time limits, a panic caught.
    async fn run(
        self: &Arc<Self>,
        work: impl FnOnce(&Server) -> Result<String, Failure> + Send + 'static,
    ) -> Response {
        let server = self.clone();
        let limit = self.time_limit;
        let outcome = tokio::time::timeout(limit, async move {
            let permit = server.permits.clone().acquire_owned().await;
            let inner = server.clone();
            tokio::task::spawn_blocking(move || {
                let _permit = permit;
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&inner)))
                    .map_err(|_| inner.panicked())
            })
            .await
        })
        .await;
        match outcome {
            Ok(Ok(Ok(Ok(line)))) => json_response(StatusCode::OK, line),
            Ok(Ok(Ok(Err(failure)))) | Ok(Ok(Err(failure))) => failure.into_response(),
            Ok(Err(_)) => Failure::new(StatusCode::SERVICE_UNAVAILABLE, "internal error").into_response(),
            Err(_) => Failure::new(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "the request took longer than {}: narrow the query or its filters, or try again",
                    humantime::format_duration(limit)
                ),
            )
            .into_response(),
        }
    }

    /// A panic in a search (tantivy on a damaged segment): 503 with the CLI's advice, and the
    /// index opened afresh next time.
    fn panicked(&self) -> Failure {
        let message = LAST_PANIC
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
            .unwrap_or_else(|| "unknown panic".into());
        if let Some(live) = self.live.lock().unwrap_or_else(|p| p.into_inner()).take() {
            drop(live);
        }
        eprintln!(
            "arshif-search: {}",
            sanitize::terminal(&arshif_schema::guard::advice(&self.dir, &message))
        );
        Failure::new(
            StatusCode::SERVICE_UNAVAILABLE,
            arshif_schema::guard::advice(&self.dir, &message),
        )
    }
}

static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// A panic hook that keeps the message for the answer and prints no backtrace; returns the
/// hook it replaced.
#[allow(clippy::type_complexity)]
fn quiet_panics() -> Box<dyn Fn(&std::panic::PanicHookInfo<'_>) + Sync + Send + 'static> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        *LAST_PANIC.lock().unwrap_or_else(|p| p.into_inner()) = Some(format!("{message}{place}"));
    }));
    previous
}

/// `GET /api/search`: what `arshif-search --json` prints.
async fn search(State(server): State<Arc<Server>>, RawQuery(query): RawQuery) -> Response {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect();
    server
        .run(move |server| {
            let prepared = params::asked(&pairs)
                .and_then(|asked| prepare(&asked, &server.config))
                .map_err(|e| Failure::of(&e, StatusCode::BAD_REQUEST))?;
            crate::hooks::slow_search(&pairs);
            let answer = server
                .with_index(|opened| prepared.answer(opened, &server.gazetteer))
                .map_err(|e| Failure::of(&e.into(), StatusCode::BAD_REQUEST))?;
            Ok(prepared.json(&answer))
        })
        .await
}

/// `GET /api/articles/{id}`: what `arshif-search --show ID --json` prints.
async fn article(State(server): State<Arc<Server>>, UrlPath(id): UrlPath<String>) -> Response {
    server
        .run(move |server| {
            let shown = server
                .with_index(|opened| engine::show(opened, &id, &server.gazetteer))
                .map_err(|e| Failure::of(&e.into(), StatusCode::NOT_FOUND))?;
            Ok(sanitize::json_line(&json_front::article(&shown)))
        })
        .await
}

/// `GET /api/status`: `{"version", "documents", "segments", "last_commit", "index_bytes"}`.
async fn status(State(server): State<Arc<Server>>) -> Response {
    server
        .run(move |server| {
            let (documents, segments) = server
                .with_index(|opened| {
                    let searcher = opened.latest_searcher()?;
                    Ok((searcher.num_docs(), searcher.segment_readers().len()))
                })
                .map_err(|e| Failure::of(&e.into(), StatusCode::SERVICE_UNAVAILABLE))?;
            let last_commit = std::fs::metadata(server.dir.join("meta.json"))
                .and_then(|m| m.modified())
                .ok()
                .map(rfc3339);
            Ok(sanitize::json_line(&json!({
                "version": env!("CARGO_PKG_VERSION"),
                "documents": documents,
                "segments": segments,
                "last_commit": last_commit,
                "index_bytes": directory_bytes(&server.dir),
            })))
        })
        .await
}

fn rfc3339(t: SystemTime) -> String {
    time::OffsetDateTime::from(t)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// The size of the index's files (not of subdirectories: saved searches' journals).
fn directory_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

/// A response from an embedded file.
fn embedded(content_type: &'static str, body: &'static str) -> Response {
    Response::builder()
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_on_loopback() {
        for ok in [
            "localhost:7700",
            "127.0.0.1:7700",
            "[::1]:7700",
            "127.0.0.1",
            "LOCALHOST",
        ] {
            assert!(loopback_host(ok), "{ok}");
        }
        for bad in [
            "evil.example:7700",
            "10.0.0.1:7700",
            "",
            "[::2]:80",
            "localhost.evil:80",
        ] {
            assert!(!loopback_host(bad), "{bad}");
        }
    }

    #[test]
    fn the_time_limit_comes_from_the_flag_then_the_file() {
        let mut config = Config::default();
        assert_eq!(time_limit(None, &config).unwrap(), TIME_LIMIT);
        config.serve.time_limit = Some("1m 30s".into());
        assert_eq!(time_limit(None, &config).unwrap(), Duration::from_secs(90));
        assert_eq!(
            time_limit(Some("500ms"), &config).unwrap(),
            Duration::from_millis(500)
        );
        config.serve.time_limit = Some("later".into());
        let e = time_limit(None, &config).unwrap_err().to_string();
        assert!(e.contains("[serve]") && e.contains("not a duration"), "{e}");
        assert!(time_limit(Some("0ms"), &config).is_err());
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same("abcdefghijklmnop", "abcdefghijklmnop"));
        assert!(!same("abcdefghijklmnop", "abcdefghijklmnoq"));
        assert!(!same("abc", "abcd"));
    }
}
