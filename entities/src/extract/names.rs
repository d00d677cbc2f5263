//! The gazetteer's names as sequences of word ids, found leftmost-longest in an article's ids.
//!
//! A trie over word ids, not an automaton over bytes: with the places, 77,000 names had to be
//! compiled into an Aho-Corasick automaton at every run (494 M instructions, half of
//! `Extractor::new`), while a name is at most a few words and most of an article's words are
//! no name's word (one [`OTHER`](super) symbol a run, skipped without a lookup). Walking the
//! trie from each word that starts a name finds the same matches as a leftmost-longest
//! automaton — the leftmost start, the longest name there, then on after it — at the cost of
//! one array read per word, and the trie is built in a few million instructions.

use rustc_hash::FxHashMap;

/// Word sequences → pattern index, walked word by word.
pub struct Names {
    /// word id → the node after that one word, [`NONE`] when no name starts with it. An array,
    /// not a map: it is read once for every name word of every article.
    first: Vec<u32>,
    /// (node, next word id) → node.
    next: FxHashMap<(u32, u32), u32>,
    /// node → the pattern that ends there, [`NONE`] when none does.
    ends: Vec<u32>,
}

const NONE: u32 = u32::MAX;

/// A name found: symbols `start..end` of the text, pattern index `pattern`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match {
    pub start: usize,
    pub end: usize,
    pub pattern: usize,
}

impl Names {
    /// The trie of `sequences` (pattern `i` is `sequences[i]`), word ids below `words`.
    /// Sequences are never empty; two equal sequences keep the first index.
    pub fn new(sequences: &[Vec<u32>], words: u32) -> Names {
        let mut names = Names {
            first: vec![NONE; words as usize],
            next: FxHashMap::default(),
            ends: Vec::new(),
        };
        for (pattern, seq) in sequences.iter().enumerate() {
            let Some((&head, tail)) = seq.split_first() else {
                continue;
            };
            let mut node = match names.first[head as usize] {
                NONE => {
                    let node = names.add_node();
                    names.first[head as usize] = node;
                    node
                }
                node => node,
            };
            for &id in tail {
                node = match names.next.get(&(node, id)) {
                    Some(&child) => child,
                    None => {
                        let child = names.add_node();
                        names.next.insert((node, id), child);
                        child
                    }
                };
            }
            if names.ends[node as usize] == NONE {
                names.ends[node as usize] = pattern as u32;
            }
        }
        names
    }

    fn add_node(&mut self) -> u32 {
        self.ends.push(NONE);
        (self.ends.len() - 1) as u32
    }

    /// The longest name that starts at `text[start]`, if one does.
    pub fn longest_at(&self, text: &[u32], start: usize) -> Option<Match> {
        let mut node = *self.first.get(*text.get(start)? as usize)?;
        let mut found = None;
        let mut at = start;
        loop {
            if node == NONE {
                return found;
            }
            at += 1;
            if self.ends[node as usize] != NONE {
                found = Some(Match {
                    start,
                    end: at,
                    pattern: self.ends[node as usize] as usize,
                });
            }
            node = match text.get(at) {
                Some(&id) => self.next.get(&(node, id)).copied().unwrap_or(NONE),
                None => NONE,
            };
        }
    }

    /// Every name in `text`, leftmost-longest and not overlapping, in order.
    pub fn find_all(&self, text: &[u32]) -> Vec<Match> {
        let mut found = Vec::new();
        let mut at = 0;
        while at < text.len() {
            // Most symbols start no name (a run of other words, a break): one array read.
            if self
                .first
                .get(text[at] as usize)
                .is_none_or(|&node| node == NONE)
            {
                at += 1;
                continue;
            }
            match self.longest_at(text, at) {
                Some(m) => {
                    at = m.end;
                    found.push(m);
                }
                None => at += 1,
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, MatchKind};

    /// The matches of a leftmost-longest Aho-Corasick automaton over the same sequences, one
    /// byte a word (ids below 128 here): what `Names` replaced, and must agree with.
    fn automaton_matches(sequences: &[Vec<u32>], text: &[u32]) -> Vec<Match> {
        let bytes: Vec<Vec<u8>> = sequences
            .iter()
            .map(|s| s.iter().map(|&id| id as u8).collect())
            .collect();
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&bytes)
            .expect("small patterns");
        let text: Vec<u8> = text.iter().map(|&id| id as u8).collect();
        ac.find_iter(&text)
            .map(|m| Match {
                start: m.start(),
                end: m.end(),
                pattern: m.pattern().as_usize(),
            })
            .collect()
    }

    #[test]
    fn the_longest_name_at_the_leftmost_start_wins() {
        // 2 3: "United Nations"; 4 2 3: "Security Council of the United Nations" as one name;
        // 3 alone; 5 6 7 with a gap the text does not fill.
        let seqs = vec![vec![2, 3], vec![4, 2, 3], vec![3], vec![5, 6, 7], vec![5]];
        let names = Names::new(&seqs, 10);
        let text = [1, 4, 2, 3, 1, 2, 3, 3, 5, 6, 1, 5, 6, 7];
        let found = names.find_all(&text);
        assert_eq!(found, automaton_matches(&seqs, &text));
        let spans: Vec<(usize, usize, usize)> =
            found.iter().map(|m| (m.start, m.end, m.pattern)).collect();
        assert_eq!(
            spans,
            vec![(1, 4, 1), (5, 7, 0), (7, 8, 2), (8, 9, 4), (11, 14, 3)]
        );
    }

    #[test]
    fn agrees_with_the_automaton_on_every_short_text() {
        // Every text of up to 6 words over a 5-word alphabet, against names sharing prefixes
        // and suffixes: the trie must find exactly what the automaton finds.
        let seqs = vec![
            vec![2],
            vec![2, 3],
            vec![2, 3, 4],
            vec![3, 4],
            vec![4, 0, 2],
            vec![3, 3],
            vec![2, 4, 2, 3],
        ];
        let names = Names::new(&seqs, 5);
        let mut checked = 0;
        for len in 0..=6u32 {
            for n in 0..5u32.pow(len) {
                let text: Vec<u32> = (0..len).map(|i| (n / 5u32.pow(i)) % 5).collect();
                assert_eq!(
                    names.find_all(&text),
                    automaton_matches(&seqs, &text),
                    "{text:?}"
                );
                checked += 1;
            }
        }
        assert_eq!(checked, 19_531);
    }
}
