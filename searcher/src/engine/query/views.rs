//! Each literal of the query over the fields it should search in a language: for Arabic both
//! views (stemmed and exact), a quoted phrase the exact view only (or the pairs field).

use arshif_analysis::Lang;
use arshif_schema::schema::field;
use arshif_schema::schema::text_field_names;
use tantivy::query::Occur;
use tantivy::query_grammar::{Delimiter, UserInputAst, UserInputLeaf, UserInputLiteral};

use crate::engine::pair_phrase::QueryPairs;

/// Rewrites every literal of the query to search the fields of `lang` it should (see the module
/// documentation); for Arabic, both views. `pairs`: where two-word phrases of common words may
/// search the pairs field instead of `body_exact` (not under a boost the user wrote, see
/// [`crate::engine::pair_phrase`]).
pub(super) fn views(ast: UserInputAst, lang: Lang, pairs: Option<&QueryPairs>) -> UserInputAst {
    match ast {
        UserInputAst::Clause(clauses) => UserInputAst::Clause(
            clauses
                .into_iter()
                .map(|(occur, sub)| (occur, views(sub, lang, pairs)))
                .collect(),
        ),
        UserInputAst::Boost(sub, boost) => {
            UserInputAst::Boost(Box::new(views(*sub, lang, None)), boost)
        }
        UserInputAst::Leaf(leaf) => match *leaf {
            UserInputLeaf::Literal(literal) => literal_views(literal, lang, pairs),
            other => UserInputAst::Leaf(Box::new(other)),
        },
    }
}

/// The fields a literal searches in `lang`: for Arabic (stemmed, exact) pairs, for the other
/// languages their one field, by the field the user named, if any.
fn literal_views(
    literal: UserInputLiteral,
    lang: Lang,
    query_pairs: Option<&QueryPairs>,
) -> UserInputAst {
    let (title, body) = text_field_names(lang);
    let pairs: Vec<(String, Option<&str>)> = match (literal.field_name.as_deref(), lang) {
        (None, Lang::Ar) => vec![
            (title, Some(field::TITLE_EXACT)),
            (body, Some(field::BODY_EXACT)),
        ],
        (Some(field::TITLE), Lang::Ar) => vec![(title, Some(field::TITLE_EXACT))],
        (Some(field::BODY), Lang::Ar) => vec![(body, Some(field::BODY_EXACT))],
        (None, _) => vec![(title, None), (body, None)],
        (Some(field::TITLE), _) => vec![(title, None)],
        (Some(field::BODY), _) => vec![(body, None)],
        // Any other field (or a misspelt one, which the parser reports) is left as written.
        (Some(_), _) => return UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal))),
    };
    let phrase = literal.delimiter != Delimiter::None;
    let mut fields = Vec::new();
    for (stemmed, exact) in pairs {
        // A quoted phrase searches Arabic's exact view only; the other languages have one view.
        match exact {
            Some(field::BODY_EXACT) if phrase => {
                let pair = query_pairs
                    .and_then(|p| p.field_for(&literal.phrase, literal.slop, literal.prefix));
                fields.push(pair.unwrap_or(field::BODY_EXACT).to_string());
            }
            Some(exact) if phrase => fields.push(exact.to_string()),
            Some(exact) => {
                fields.push(stemmed);
                fields.push(exact.to_string());
            }
            None => fields.push(stemmed),
        }
    }
    UserInputAst::Clause(
        fields
            .into_iter()
            .map(|field| {
                let leaf = UserInputLeaf::Literal(UserInputLiteral {
                    field_name: Some(field),
                    ..literal.clone()
                });
                (Some(Occur::Should), UserInputAst::Leaf(Box::new(leaf)))
            })
            .collect(),
    )
}
