//! `http-load`: N clients sending the query mix to `arshif-search --serve` for a while, each
//! request timed from sending to the last byte of its answer. Loopback only, bounded in time and
//! in requests.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{bail, Result};

use crate::mix::{self, Query};

/// The most requests one run sends, whatever its duration.
const MAX_REQUESTS: usize = 5_000_000;

pub fn load(base: &str, mix: &[Query], clients: usize, seconds: u64) -> Result<()> {
    let host = base
        .strip_prefix("http://")
        .and_then(|rest| rest.split('/').next())
        .unwrap_or("");
    let name = host.rsplit_once(':').map_or(host, |(n, _)| n);
    let loopback = name == "localhost"
        || name
            .trim_matches(['[', ']'])
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if !loopback {
        bail!("http-load sends only to loopback (http://127.0.0.1:PORT), not {base}");
    }
    let mix = Arc::new(mix.to_vec());
    let times = Arc::new(Mutex::new(vec![Vec::new(); mix.len()]));
    let errors = Arc::new(Mutex::new(Vec::<String>::new()));
    let sent = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let until = started + Duration::from_secs(seconds);
    let threads: Vec<_> = (0..clients)
        .map(|client| {
            let (mix, times, errors, sent) =
                (mix.clone(), times.clone(), errors.clone(), sent.clone());
            let base = base.to_string();
            std::thread::spawn(move || {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .timeout_global(Some(Duration::from_secs(30)))
                    .build()
                    .into();
                let mut mine = vec![Vec::new(); mix.len()];
                let mut i = client * 7919 % mix.len();
                while Instant::now() < until && sent.fetch_add(1, Ordering::Relaxed) < MAX_REQUESTS
                {
                    let q = &mix[i];
                    let mut request = agent.get(format!("{base}/api/search")).query("q", &q.text);
                    if let Some(c) = &q.country {
                        request = request.query("country", c);
                    }
                    if let Some(a) = &q.actor {
                        request = request.query("actor", a);
                    }
                    if let Some(f) = q.from {
                        request = request.query("from", day(f));
                    }
                    if let Some(t) = q.to {
                        request = request.query("to", day(t - time::Duration::days(1)));
                    }
                    if q.facets {
                        request = request.query("facets", "tables");
                    }
                    let start = Instant::now();
                    let outcome = request.call().map_err(|e| e.to_string()).and_then(|mut r| {
                        let status = r.status().as_u16();
                        let body = r.body_mut().read_to_string().map_err(|e| e.to_string())?;
                        if status == 200 {
                            Ok(())
                        } else {
                            Err(format!(
                                "{status}: {}",
                                body.chars().take(200).collect::<String>()
                            ))
                        }
                    });
                    match outcome {
                        Ok(()) => mine[i].push(start.elapsed()),
                        Err(e) => errors.lock().unwrap().push(e),
                    }
                    i = (i + 1) % mix.len();
                }
                let mut all = times.lock().unwrap();
                for (into, from) in all.iter_mut().zip(mine) {
                    into.extend(from);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("a client thread");
    }
    let elapsed = started.elapsed().as_secs_f64();
    let times = times.lock().unwrap();
    let errors = errors.lock().unwrap();
    let answered: usize = times.iter().map(Vec::len).sum();
    eprintln!(
        "{clients} clients, {elapsed:.1} s: {answered} answered (200), {} errors, {:.1} requests/s",
        errors.len(),
        answered as f64 / elapsed
    );
    for e in errors.iter().take(5) {
        eprintln!("  error: {e}");
    }
    mix::report(&mix, &times);
    Ok(())
}

fn day(t: time::OffsetDateTime) -> String {
    format!("{:04}-{:02}-{:02}", t.year(), t.month() as u8, t.day())
}
