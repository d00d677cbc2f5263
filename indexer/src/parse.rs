//! Reading one corpus file into articles.
//!
//! Archives are messy, so every way a file can be wrong has a precise, one-line reason, and a
//! bad line of a JSONL file costs only that line. Nothing here panics on any input.

use std::fs;
use std::io::Read;
use std::path::Path;

use arshif_entities::gazetteer::slug;
use arshif_entities::Gazetteer;
use arshif_schema::{date, Actor, ActorKind, Article};
use serde::Deserialize;

use crate::corpus::{Format, SourceFile};
use crate::decode::decode;

/// Something wrong with a file or a line: where, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file path, or `path:LINE` for one line of a JSONL file.
    pub location: String,
    pub reason: String,
}

/// What one file yielded.
#[derive(Debug, Default)]
pub struct Parsed {
    pub articles: Vec<Article>,
    /// Files or lines that were not indexed.
    pub skipped: Vec<Problem>,
    /// Articles indexed with something left out (an unreadable date).
    pub warnings: Vec<Problem>,
}

impl Parsed {
    fn skip(location: String, reason: impl Into<String>) -> Parsed {
        Parsed {
            skipped: vec![Problem {
                location,
                reason: reason.into(),
            }],
            ..Parsed::default()
        }
    }
}

/// Reads a corpus file's bytes, refusing files larger than `max_bytes` without reading them.
pub fn read(file: &SourceFile, max_bytes: u64) -> Result<Vec<u8>, Problem> {
    let location = file.path.display().to_string();
    let too_big = |len: u64| Problem {
        location: location.clone(),
        reason: format!(
            "file is {}, above the --max-file-size limit of {}",
            crate::size::human(len),
            crate::size::human(max_bytes)
        ),
    };
    if file.size > max_bytes {
        return Err(too_big(file.size));
    }
    let cannot = |e: std::io::Error| Problem {
        location: location.clone(),
        reason: format!("cannot read: {e}"),
    };
    // The walk saw a regular file, but it may have been replaced since: opened without
    // blocking (a FIFO would wait for a writer forever) and checked again before reading.
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let mut handle = options.open(&file.path).map_err(cannot)?;
    let kind = handle.metadata().map_err(cannot)?.file_type();
    if !kind.is_file() {
        return Err(Problem {
            location,
            reason: format!(
                "{}, not a regular file: not read",
                crate::corpus::special_kind(&kind)
            ),
        });
    }
    let mut bytes = Vec::with_capacity(file.size as usize);
    // Read at most one byte past the limit: a file that grew since the walk is still refused.
    handle
        .by_ref()
        .take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Reads and parses one corpus file; a file that cannot be read is one skipped problem.
pub fn parse_file(file: &SourceFile, max_bytes: u64, gazetteer: &Gazetteer) -> Parsed {
    match read(file, max_bytes) {
        Ok(bytes) => {
            let location = file.path.display().to_string();
            parse_bytes(&location, &file.rel, file.format, &bytes, gazetteer)
        }
        Err(problem) => Parsed {
            skipped: vec![problem],
            ..Parsed::default()
        },
    }
}

/// Parses the content of a file. `location` names it in problems, `rel` is the id base.
pub fn parse_bytes(
    location: &str,
    rel: &str,
    format: Format,
    bytes: &[u8],
    gazetteer: &Gazetteer,
) -> Parsed {
    let file_date = Path::new(rel)
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(date::from_file_name);
    let ctx = Context {
        location,
        rel,
        file_date,
        gazetteer,
    };
    let (text, legacy) = match decode(bytes) {
        Ok(decoded) => decoded,
        // A JSONL file is lines that stand alone: one with a broken byte costs only itself.
        Err(_) if format == Format::JsonLines && utf8_lines(bytes) => {
            return ctx.json_lines_of(byte_lines(bytes));
        }
        Err(reason) => return Parsed::skip(location.to_string(), reason),
    };
    let mut parsed = match format {
        Format::Text => ctx.text(&text),
        Format::Json => ctx.json(&text),
        Format::JsonLines => ctx.json_lines(&text),
    };
    if let Some(encoding) = legacy {
        parsed.warnings.push(Problem {
            location: location.to_string(),
            reason: format!("not UTF-8: decoded as {encoding}; convert it to UTF-8 to be sure"),
        });
    }
    parsed
}

/// Whether bytes that failed to decode as a whole are UTF-8 text with broken lines, to be read
/// line by line: invalid UTF-8 (not empty, binary or UTF-16), but mostly valid UTF-8.
fn utf8_lines(bytes: &[u8]) -> bool {
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    let valid: usize = bytes.utf8_chunks().map(|c| c.valid().len()).sum();
    !utf16 && !bytes.contains(&0) && valid * 2 >= bytes.len() && std::str::from_utf8(bytes).is_err()
}

/// The lines of UTF-8 bytes (as [`str::lines`] cuts them), each decoded or with its reason.
fn byte_lines(bytes: &[u8]) -> impl Iterator<Item = Result<&str, String>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    bytes.split(|&b| b == b'\n').map(|line| {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        std::str::from_utf8(line).map_err(|e| {
            format!(
                "not valid UTF-8 (first invalid byte at column {}); the file's other lines are read",
                e.valid_up_to() + 1
            )
        })
    })
}

/// The most countries, and the most actors, an article's metadata may list: far more than any
/// article is about, few enough that one line listing 200,000 of them (which took 35 s to
/// index) costs nothing. The rest are dropped with a warning.
pub const MAX_LISTED: usize = 256;

/// An article as JSON carries it. Unknown fields are ignored.
#[derive(Deserialize)]
struct RawArticle {
    title: Option<String>,
    #[serde(alias = "text", alias = "content")]
    body: Option<String>,
    date: Option<String>,
    url: Option<String>,
    source: Option<String>,
    lang: Option<String>,
    countries: Option<OneOrMany>,
    actors: Option<OneOrMany>,
}

/// `"countries": "AM"` and `"countries": ["AM", "AZ"]` both work.
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

struct Context<'a> {
    location: &'a str,
    rel: &'a str,
    file_date: Option<time::OffsetDateTime>,
    gazetteer: &'a Gazetteer,
}

impl Context<'_> {
    fn text(&self, text: &str) -> Parsed {
        let mut lines = text.lines().skip_while(|l| l.trim().is_empty());
        let title = lines.next().unwrap_or("").trim().to_string();
        let body = lines.collect::<Vec<_>>().join("\n").trim().to_string();
        Parsed {
            articles: vec![Article {
                id: self.rel.to_string(),
                title,
                body,
                date: self.file_date,
                ..Article::default()
            }],
            ..Parsed::default()
        }
    }

    fn json(&self, text: &str) -> Parsed {
        let mut parsed = Parsed::default();
        if text.trim_start().starts_with('[') {
            match serde_json::from_str::<Vec<serde_json::Value>>(text) {
                Ok(items) => {
                    for (i, item) in items.into_iter().enumerate() {
                        let n = i + 1;
                        let location = format!("{}[{n}]", self.location);
                        let raw = serde_json::from_value::<RawArticle>(item)
                            .map_err(|e| format!("not an article: {e}"));
                        self.add(raw, format!("{}#{n}", self.rel), location, &mut parsed);
                    }
                }
                Err(e) => return Parsed::skip(self.location.into(), format!("invalid JSON: {e}")),
            }
        } else {
            let raw =
                serde_json::from_str::<RawArticle>(text).map_err(|e| format!("invalid JSON: {e}"));
            self.add(
                raw,
                self.rel.to_string(),
                self.location.to_string(),
                &mut parsed,
            );
        }
        parsed
    }

    fn json_lines(&self, text: &str) -> Parsed {
        self.json_lines_of(text.lines().map(Ok))
    }

    /// JSONL from its lines, each decoded or with the reason it could not be.
    fn json_lines_of<'t>(&self, lines: impl Iterator<Item = Result<&'t str, String>>) -> Parsed {
        let mut parsed = Parsed::default();
        for (i, line) in lines.enumerate() {
            let n = i + 1;
            let line = match line {
                Ok(line) => line,
                Err(reason) => {
                    parsed.skipped.push(Problem {
                        location: format!("{}:{n}", self.location),
                        reason,
                    });
                    continue;
                }
            };
            if line.trim().is_empty() {
                continue;
            }
            let raw =
                serde_json::from_str::<RawArticle>(line).map_err(|e| format!("invalid JSON: {e}"));
            self.add(
                raw,
                format!("{}#{n}", self.rel),
                format!("{}:{n}", self.location),
                &mut parsed,
            );
        }
        parsed
    }

    fn add(
        &self,
        raw: Result<RawArticle, String>,
        id: String,
        location: String,
        parsed: &mut Parsed,
    ) {
        let raw = match raw {
            Ok(raw) => raw,
            Err(reason) => {
                parsed.skipped.push(Problem { location, reason });
                return;
            }
        };
        let title = raw.title.unwrap_or_default().trim().to_string();
        let body = raw.body.unwrap_or_default().trim().to_string();
        if title.is_empty() && body.is_empty() {
            parsed.skipped.push(Problem {
                location,
                reason: "article has no title and no body".into(),
            });
            return;
        }
        let date = match raw.date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            None => self.file_date,
            Some(text) => match date::parse(text) {
                Ok(date) => Some(date),
                Err(e) => {
                    parsed.warnings.push(Problem {
                        location: location.clone(),
                        reason: format!("{e}; indexed without a date"),
                    });
                    self.file_date
                }
            },
        };
        let g = self.gazetteer;
        let mut listed = |what: &str, list: Option<OneOrMany>| -> Vec<String> {
            let mut list = list.map(OneOrMany::into_vec).unwrap_or_default();
            if list.len() > MAX_LISTED {
                parsed.warnings.push(Problem {
                    location: location.clone(),
                    reason: format!(
                        "{} {what} listed; only the first {MAX_LISTED} are kept",
                        list.len()
                    ),
                });
                list.truncate(MAX_LISTED);
            }
            list
        };
        let countries = listed("countries", raw.countries);
        let actors = listed("actors", raw.actors);
        parsed.articles.push(Article {
            id,
            title,
            body,
            date,
            url: raw.url,
            source: raw.source.map(|s| s.trim().to_string()),
            lang: raw.lang.map(|s| s.trim().to_ascii_lowercase()),
            countries: countries
                .iter()
                .filter(|c| !c.trim().is_empty())
                .map(|c| g.country_id(c))
                .collect(),
            actors: actors
                .iter()
                .filter(|a| !a.trim().is_empty())
                .map(|a| match g.actor(a) {
                    Some(e) => Actor::new(ActorKind::of(e.kind), e.id.clone()),
                    None => Actor::new(ActorKind::Other, slug(a)),
                })
                .collect(),
            // Metadata names what the article is about: all of it is main.
            main_countries: None,
            main_actors: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(rel: &str, format: Format, content: &[u8]) -> Parsed {
        parse_bytes(rel, rel, format, content, Gazetteer::builtin())
    }

    #[test]
    fn text_files_take_the_first_non_empty_line_as_title() {
        let p = parse(
            "news/2022-09-13-clashes.txt",
            Format::Text,
            "\n\r\nمقتل جنود في اشتباكات\r\n\r\nأسفرت الاشتباكات عن مقتل.\r\nسطر ثان.\n".as_bytes(),
        );
        assert!(p.skipped.is_empty());
        let a = &p.articles[0];
        assert_eq!(a.id, "news/2022-09-13-clashes.txt");
        assert_eq!(a.title, "مقتل جنود في اشتباكات");
        assert_eq!(a.body, "أسفرت الاشتباكات عن مقتل.\nسطر ثان.");
        assert_eq!(a.date.map(date::display).as_deref(), Some("2022-09-13"));
    }

    #[test]
    fn json_fields_aliases_and_resolution() {
        let json = r#"{"title":"ت","content":"نص","date":"2023-09-19T14:30:00Z","source":" رويترز ",
            "lang":"AR","countries":["am","أذربيجان"],"actors":"Nikol Pashinyan","author":"x"}"#;
        let p = parse("a.json", Format::Json, json.as_bytes());
        assert!(p.skipped.is_empty(), "{:?}", p.skipped);
        let a = &p.articles[0];
        assert_eq!(a.body, "نص");
        assert_eq!(a.source.as_deref(), Some("رويترز"));
        assert_eq!(a.lang.as_deref(), Some("ar"));
        assert_eq!(a.countries, vec!["AM", "AZ"]);
        assert_eq!(
            a.actors,
            vec![Actor::new(ActorKind::Person, "nikol-pashinyan")]
        );
        assert_eq!(
            a.date.map(date::display).as_deref(),
            Some("2023-09-19T14:30:00Z")
        );
    }

    #[test]
    fn json_arrays_hold_several_articles() {
        let p = parse(
            "many.json",
            Format::Json,
            br#"[{"title":"a"},{"body":"b"},{"x":1}]"#,
        );
        let ids: Vec<_> = p.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, vec!["many.json#1", "many.json#2"]);
        assert_eq!(p.skipped.len(), 1);
        assert_eq!(p.skipped[0].location, "many.json[3]");
    }

    #[test]
    fn jsonl_bad_lines_cost_only_themselves() {
        let content = "{\"title\":\"واحد\"}\n\n{broken\n{\"title\": 5}\n{\"url\":\"u\"}\n{\"body\":\"خمسة\",\"date\":\"أمس\"}\n";
        let p = parse("feed.jsonl", Format::JsonLines, content.as_bytes());
        let ids: Vec<_> = p.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, vec!["feed.jsonl#1", "feed.jsonl#6"]);
        let where_: Vec<_> = p.skipped.iter().map(|s| s.location.as_str()).collect();
        assert_eq!(where_, vec!["feed.jsonl:3", "feed.jsonl:4", "feed.jsonl:5"]);
        assert!(
            p.skipped[0].reason.starts_with("invalid JSON"),
            "{:?}",
            p.skipped[0]
        );
        assert!(
            p.skipped[1].reason.contains("invalid type"),
            "{:?}",
            p.skipped[1]
        );
        assert!(p.skipped[2].reason.contains("no title and no body"));
        assert_eq!(p.warnings.len(), 1);
        assert!(p.warnings[0].reason.contains("indexed without a date"));
        assert!(p.articles[1].date.is_none());
    }

    #[test]
    fn bad_bytes_are_named() {
        let cases: [(&[u8], &str); 5] = [
            (b"", "empty file"),
            (b"  \n\t ", "empty file"),
            (b"title\0\x01\x02", "binary file"),
            (
                b"\xd8\xa3\xd8\xb1\xd9\x85\xd9\x8a\xd9\x86\xd9\x8a\xd8",
                "not valid UTF-8 (first invalid byte at offset 12)",
            ),
            (b"\xFF\xFE\x41", "odd number of bytes"),
        ];
        for (bytes, reason) in cases {
            let p = parse("f.txt", Format::Text, bytes);
            assert!(p.articles.is_empty());
            assert!(
                p.skipped[0].reason.contains(reason),
                "{:?} vs {reason}",
                p.skipped
            );
        }
    }

    #[test]
    fn a_jsonl_line_with_a_broken_byte_costs_only_itself() {
        let mut bytes = "{\"title\":\"أول\"}\r\n".as_bytes().to_vec();
        bytes.extend_from_slice(b"{\"title\":\"cut \xD8\"}\n");
        bytes.extend_from_slice("{\"title\":\"ثالث\"}\n".as_bytes());
        let p = parse("f.jsonl", Format::JsonLines, &bytes);
        let ids: Vec<&str> = p.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["f.jsonl#1", "f.jsonl#3"]);
        assert_eq!(p.articles[0].title, "أول");
        assert_eq!(p.skipped.len(), 1);
        assert_eq!(p.skipped[0].location, "f.jsonl:2");
        assert!(p.skipped[0]
            .reason
            .contains("not valid UTF-8 (first invalid byte at column 15)"));
        // A .txt file is one text: still refused whole.
        assert_eq!(parse("f.txt", Format::Text, &bytes).skipped.len(), 1);
    }

    #[test]
    fn long_lists_are_capped_and_odd_dates_refused_with_warnings() {
        let actors: Vec<String> = (0..200_000).map(|i| format!("actor-{i}")).collect();
        let line = serde_json::json!({
            "title": "t", "actors": actors, "countries": vec!["AM"; 300], "date": "9999-12-31T23:59:59Z"
        });
        let started = std::time::Instant::now();
        let p = parse("f.jsonl", Format::JsonLines, line.to_string().as_bytes());
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        let a = &p.articles[0];
        assert_eq!(a.actors.len(), MAX_LISTED);
        assert_eq!(a.countries.len(), MAX_LISTED);
        assert_eq!(a.date, None);
        let reasons: Vec<&str> = p.warnings.iter().map(|w| w.reason.as_str()).collect();
        assert!(
            reasons.contains(&"200000 actors listed; only the first 256 are kept"),
            "{reasons:?}"
        );
        assert!(
            reasons.contains(&"300 countries listed; only the first 256 are kept"),
            "{reasons:?}"
        );
        assert!(
            reasons.iter().any(|r| r.contains("out of range")),
            "{reasons:?}"
        );
    }

    #[test]
    fn boms_are_decoded() {
        let mut utf16le = vec![0xFF, 0xFE];
        utf16le.extend("عنوان\nنص".encode_utf16().flat_map(|u| u.to_le_bytes()));
        let mut utf16be = vec![0xFE, 0xFF];
        utf16be.extend("عنوان\nنص".encode_utf16().flat_map(|u| u.to_be_bytes()));
        let utf8 = [b"\xEF\xBB\xBF".as_slice(), "عنوان\nنص".as_bytes()].concat();
        for bytes in [utf16le, utf16be, utf8] {
            let p = parse("f.txt", Format::Text, &bytes);
            assert_eq!(p.articles[0].title, "عنوان");
            assert_eq!(p.articles[0].body, "نص");
        }
    }
}
