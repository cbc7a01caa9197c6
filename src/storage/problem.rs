//! Turns parser errors into messages a person who edits the file by hand can act on.

use std::fmt;

use ron::error::{Error as RonError, SpannedError};

/// What is wrong with a book's text, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line and column, when the problem has a place in the file.
    pub line: Option<usize>,
    pub col: Option<usize>,
    pub message: String,
}

impl Problem {
    pub fn at(line: usize, col: usize, message: impl Into<String>) -> Self {
        Problem {
            line: Some(line),
            col: Some(col),
            message: message.into(),
        }
    }

    pub fn unplaced(message: impl Into<String>) -> Self {
        Problem {
            line: None,
            col: None,
            message: message.into(),
        }
    }

    pub fn from_ron(error: &SpannedError) -> Self {
        let position = error.span.start;
        Problem::at(position.line, position.col, explain(&error.code))
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.col) {
            (Some(line), Some(col)) => write!(f, "line {line}, column {col}: {}", self.message),
            (Some(line), None) => write!(f, "line {line}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

/// Words for what a record is called in the file, from the Rust type name ron reports.
fn record_name(outer: Option<&str>) -> String {
    let name = match outer {
        Some("Book") | None => "the book",
        Some("Client") => "a client",
        Some("Contact") => "a contact",
        Some("Interaction") => "an interaction",
        Some("Deal") => "a deal",
        Some("Project") => "a project",
        Some("Gift") => "a gift",
        Some("Quota") => "the quota",
        Some("Bonus") => "a bonus",
        Some("PriorityWeights") => "the priority weights",
        Some("StageProbability") => "the stage probabilities",
        Some("DefaultCadence") => "the default cadence",
        Some(other) => return format!("`{other}`"),
    };
    name.to_string()
}

fn value_name(outer: Option<&str>) -> &'static str {
    match outer {
        Some("Tier") => "tier",
        Some("InteractionKind") => "interaction kind",
        Some("DealKind") => "deal kind",
        Some("Stage") => "deal stage",
        Some("ProjectStatus") => "project status",
        Some("GiftYear") => "gift year",
        Some("RemindOnLaunch") => "reminder setting",
        _ => "value",
    }
}

fn closest<'a>(found: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(found, c), *c))
        .filter(|(distance, c)| *distance <= 2.max(c.len() / 3))
        .min()
        .map(|(_, c)| c)
}

/// ` Did you mean `tier`?` when a close name exists, else nothing.
fn did_you_mean(found: &str, expected: &[&str]) -> String {
    closest(found, expected)
        .map(|c| format!(" Did you mean `{c}`?"))
        .unwrap_or_default()
}

fn explain(code: &RonError) -> String {
    match code {
        RonError::Message(message) => message.clone(),
        RonError::MissingStructField { field, outer } => {
            format!("{} is missing its `{field}`", record_name(outer.as_deref()))
        }
        RonError::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            let hint = did_you_mean(found, expected);
            format!(
                "`{found}` is not a field of {}.{hint} Known fields: {}",
                record_name(outer.as_deref()),
                expected.join(", ")
            )
        }
        RonError::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => {
            let hint = did_you_mean(found, expected);
            format!(
                "`{found}` is not a {}.{hint} Use one of: {}",
                value_name(outer.as_deref()),
                expected.join(", ")
            )
        }
        RonError::DuplicateStructField { field, outer } => {
            format!(
                "`{field}` is written twice in {}",
                record_name(outer.as_deref())
            )
        }
        RonError::InvalidValueForType { expected, found } => {
            format!("expected {expected} here, but found {found}")
        }
        RonError::ExpectedComma => "a comma is missing between two entries".to_string(),
        RonError::ExpectedString => "expected text in double quotes here".to_string(),
        RonError::ExpectedStringEnd => "this text has no closing double quote".to_string(),
        RonError::ExpectedStructLikeEnd => {
            "expected a closing `)` here (or a comma before the next field)".to_string()
        }
        RonError::ExpectedArrayEnd => {
            "expected a closing `]` here (or a comma before the next entry)".to_string()
        }
        RonError::ExpectedStructLike => "expected a record in parentheses `( … )` here".to_string(),
        RonError::ExpectedArray => "expected a list in square brackets `[ … ]` here".to_string(),
        RonError::Eof => "the file ends too early: a bracket or quote is not closed".to_string(),
        RonError::TrailingCharacters => {
            "there is more text after the end of the book's closing `)`".to_string()
        }
        RonError::IntegerOutOfBounds => "this number is too large".to_string(),
        RonError::ExpectedInteger => "expected a whole number here".to_string(),
        RonError::ExpectedFloat => "expected a number here".to_string(),
        RonError::Utf8Error(_) => "the file is not valid UTF-8 text".to_string(),
        RonError::UnclosedBlockComment => "a `/*` comment is never closed".to_string(),
        other => other.to_string(),
    }
}

/// The 1-based line and column of a byte offset in `text`.
pub fn position_of(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let text = "ab\nçd\nef";
        assert_eq!(position_of(text, 0), (1, 1));
        assert_eq!(position_of(text, 3), (2, 1));
        assert_eq!(position_of(text, 5), (2, 2));
        assert_eq!(position_of(text, 7), (3, 1));
    }

    #[test]
    fn suggests_the_nearest_field() {
        assert_eq!(
            closest("cadance_days", &["cadence_days", "tier"]),
            Some("cadence_days")
        );
        assert_eq!(closest("zzz", &["cadence_days", "tier"]), None);
    }
}
