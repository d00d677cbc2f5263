//! The variant groups of `data/arabic-variants.tsv`: sets of spellings that must meet (or stay
//! apart, or be stopwords). Arshif must get every group right; the table also records what
//! Lucene's ArabicAnalyzer gives (filled in by `bench/peers/lucene/variants`), and this test
//! checks that Arshif wins or ties Lucene on every group. Run with `-- --nocapture` to print the
//! table of docs/arabic-analysis.md.

use arshif_schema::analyzers::terms;

struct Group {
    name: String,
    kind: String,
    expect: String,
    spellings: Vec<String>,
    lucene: Vec<String>,
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find("\\u{") {
        out.push_str(&rest[..at]);
        let end = rest[at..].find('}').expect("closing brace") + at;
        let code = u32::from_str_radix(&rest[at + 3..end], 16).expect("hex");
        out.push(char::from_u32(code).expect("a char"));
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

fn groups() -> Vec<Group> {
    include_str!("data/arabic-variants.tsv")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 5, "{line}");
            let spellings: Vec<String> = cols[3].split(' ').map(unescape).collect();
            let lucene: Vec<String> = cols[4]
                .split('|')
                .map(|t| {
                    if t == "∅" {
                        String::new()
                    } else {
                        t.to_string()
                    }
                })
                .collect();
            assert_eq!(
                lucene.len(),
                spellings.len(),
                "rerun bench/peers/lucene/variants: {line}"
            );
            Group {
                name: cols[0].to_string(),
                kind: cols[1].to_string(),
                expect: cols[2].to_string(),
                spellings,
                lucene,
            }
        })
        .collect()
}

/// Whether the analyses of the spellings (each a space-joined term list) do what `expect` says.
fn holds(expect: &str, analyses: &[String]) -> bool {
    match expect {
        "meet" => !analyses[0].is_empty() && analyses.iter().all(|a| a == &analyses[0]),
        "apart" => {
            let mut seen = std::collections::HashSet::new();
            analyses.iter().all(|a| !a.is_empty() && seen.insert(a))
        }
        "stop" => analyses.iter().all(String::is_empty),
        other => panic!("unknown expectation {other}"),
    }
}

fn show(analyses: &[String]) -> String {
    analyses
        .iter()
        .map(|a| {
            if a.is_empty() {
                "∅".to_string()
            } else {
                a.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

#[test]
fn arshif_gets_every_group_right_and_never_loses_to_lucene() {
    let groups = groups();
    assert!(groups.len() >= 30);
    let (mut won, mut tied) = (0, 0);
    println!("| group | kind | spellings | Lucene | Arshif | |\n|---|---|---|---|---|---|");
    for g in &groups {
        let ours: Vec<String> = g.spellings.iter().map(|s| terms(s).join(" ")).collect();
        let lucene_ok = holds(&g.expect, &g.lucene);
        let ours_ok = holds(&g.expect, &ours);
        assert!(
            ours_ok,
            "{} ({}): {:?} → {:?}",
            g.name, g.expect, g.spellings, ours
        );
        if lucene_ok {
            tied += 1;
        } else {
            won += 1;
        }
        let spellings: Vec<String> = g
            .spellings
            .iter()
            .map(|s| s.replace(|c: char| ('\u{200B}'..='\u{200F}').contains(&c), "·"))
            .collect();
        println!(
            "| {} | {} {} | {} | {} {} | {} ✓ | {} |",
            g.name,
            g.kind,
            g.expect,
            spellings.join(" "),
            show(&g.lucene),
            if lucene_ok { "✓" } else { "✗" },
            show(&ours),
            if lucene_ok { "tie" } else { "**Arshif**" }
        );
    }
    println!(
        "\n{} groups: Arshif wins {won}, ties {tied}, loses 0",
        groups.len()
    );
}
