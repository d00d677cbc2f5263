//! What a query may be: how long, how deeply nested, how many terms — bounds that keep a
//! pasted article or a hostile query from exhausting the stack or the machine.

/// The longest query accepted, in bytes: far beyond any typed query, short of a pasted article.
pub const MAX_QUERY_BYTES: usize = 4096;

/// The deepest parenthesis nesting accepted. tantivy's query grammar is a recursive-descent
/// parser: two thousand nested parentheses overflow the stack, which aborts the process.
pub const MAX_NESTING: usize = 16;

/// The most terms a parsed query may hold (each word counts once per searched field).
pub const MAX_TERMS: usize = 512;

/// The most terms a query may hold once analysed in every searched language and view: the
/// [`MAX_TERMS`] as written (two fields), times the fan-out of an ordinary word over the eleven
/// languages (24 fields: 12 times two). CJK bigrams can multiply a long word further; this
/// bounds that too.
pub const MAX_FANNED_TERMS: usize = MAX_TERMS * 12;

/// The deepest nesting of parentheses outside quoted phrases. Unbalanced text counts as written:
/// the parser reports it.
pub(super) fn nesting(text: &str) -> usize {
    let (mut depth, mut deepest, mut quoted, mut escaped) = (0usize, 0usize, false, false);
    for c in text.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '(' if !quoted => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ')' if !quoted => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}
