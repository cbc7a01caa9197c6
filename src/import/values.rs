//! Reading numbers and dates as CRM exports write them.

use chrono::{NaiveDate, NaiveDateTime};

use crate::model::Money;
use crate::model::serde_format::within_book_years;

/// How an export writes numbers and dates: US-style (`1,200.50`, `11/20/2026`) or
/// European (`1.200,50`, `20.11.2026`). Semicolon-separated files are European.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    Us,
    European,
}

/// `1,200,000`, `$1,200,000.00`, `USD 1200000`, `1.200.000,50 €`, `1 200 000`,
/// `1.2E+06`, `$1.2m`: read exactly, as [`Money::parse`] reads a typed amount once the
/// export's separators are put the way it takes them. Anything else (`12,50` in a US file,
/// `0.001`, `(5000)`, an amount past 2^53 cents) is refused, saying why.
pub fn amount(text: &str, locale: Locale) -> Result<Option<Money>, String> {
    let shown = text.trim();
    if shown.is_empty() {
        return Ok(None);
    }
    if shown.starts_with('(') && shown.ends_with(')') {
        return Err(format!(
            "\"{shown}\" is negative (written as accounting does); amounts cannot be negative"
        ));
    }
    let typed = as_typed(shown, locale);
    let read = Money::parse_exponent(&typed).unwrap_or_else(|| Money::parse(&typed));
    read.map(Some).map_err(|why| {
        if typed == shown {
            why
        } else {
            format!("\"{shown}\": {why}")
        }
    })
}

/// An export's number with US separators and no spaces inside, as a person types it:
/// `1.200.000,50` (European) → `1,200,000.50`; `1 200 000` → `1,200,000`.
fn as_typed(text: &str, locale: Locale) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut typed = String::with_capacity(text.len());
    for (i, c) in chars.iter().enumerate() {
        let between_digits = i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        let c = match (*c, locale) {
            (' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'', _) if between_digits => ',',
            ('.', Locale::European) => ',',
            (',', Locale::European) => '.',
            (c, _) => c,
        };
        typed.push(c);
    }
    typed
}

/// `2026-11-20`, `2026-11-20 14:03`, `2026-11-20T14:03:00Z`, `11/20/2026` (US),
/// `20.11.2026` or `20/11/2026` (European). Day and month are swapped when the first
/// number cannot be a month.
pub fn date(text: &str, locale: Locale) -> Result<Option<NaiveDate>, String> {
    let date = calendar_date(text, locale)?;
    date.map(within_book_years).transpose()
}

fn calendar_date(text: &str, locale: Locale) -> Result<Option<NaiveDate>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let day_part = text
        .split(['T', ' '])
        .next()
        .unwrap_or(text)
        .trim_end_matches(',');
    if let Ok(date) = NaiveDate::parse_from_str(day_part, "%Y-%m-%d") {
        return Ok(Some(date));
    }
    if let Ok(stamp) = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S") {
        return Ok(Some(stamp.date()));
    }
    let parts: Vec<&str> = day_part.split(['/', '.', '-']).collect();
    if let [a, b, y] = parts.as_slice() {
        let (a, b, y): (u32, u32, i32) = match (a.parse(), b.parse(), y.parse()) {
            (Ok(a), Ok(b), Ok(y)) => (a, b, y),
            _ => return Err(format!("\"{text}\" is not a date")),
        };
        let year = if y < 100 { 2000 + y } else { y };
        let (month, day) = match locale {
            Locale::Us if a > 12 => (b, a),
            Locale::Us => (a, b),
            Locale::European if b > 12 => (a, b),
            Locale::European => (b, a),
        };
        if let Some(date) = NaiveDate::from_ymd_opt(year, month, day) {
            return Ok(Some(date));
        }
    }
    Err(format!("\"{text}\" is not a date"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_in_either_convention() {
        let m = |units| Ok(Some(Money::from_units(units)));
        assert_eq!(amount("$1,200,000.00", Locale::Us), m(1_200_000));
        assert_eq!(amount("USD 420000", Locale::Us), m(420_000));
        assert_eq!(
            amount("1.200.000,50 €", Locale::European),
            Ok(Some(Money::from_cents(120_000_050)))
        );
        assert_eq!(amount("1 200 000", Locale::European), m(1_200_000));
        assert_eq!(amount("", Locale::Us), Ok(None));
        assert!(amount("n/a", Locale::Us).is_err());
        assert!(amount("-5", Locale::Us).is_err());
    }

    #[test]
    fn amounts_are_read_exactly_or_refused() {
        let m = |units| Ok(Some(Money::from_units(units)));
        assert_eq!(amount("1.2E+06", Locale::Us), m(1_200_000));
        assert_eq!(amount("3E5", Locale::Us), m(300_000));
        assert_eq!(amount("1,2E+06", Locale::European), m(1_200_000));
        assert_eq!(amount("$1.2m", Locale::Us), m(1_200_000));
        assert_eq!(amount("250k", Locale::Us), m(250_000));
        assert_eq!(
            amount("12,50", Locale::European),
            Ok(Some(Money::from_cents(1250)))
        );
        assert_eq!(
            amount("1\u{a0}200\u{a0}000 kr", Locale::European),
            m(1_200_000)
        );
        for refused in [
            "12,50",
            "(5000)",
            "0.001",
            "12.345",
            "1e308",
            "1.5E-3",
            "99999999999999999",
        ] {
            let read = amount(refused, Locale::Us);
            assert!(read.is_err(), "{refused} was read as {read:?}");
        }
        assert!(amount("12.345,678", Locale::European).is_err());
    }

    #[test]
    fn dates_in_the_usual_export_forms() {
        let d = |y, m, dd| Ok(Some(NaiveDate::from_ymd_opt(y, m, dd).unwrap()));
        assert_eq!(date("2026-11-20", Locale::Us), d(2026, 11, 20));
        assert_eq!(date("2026-11-20 14:03", Locale::Us), d(2026, 11, 20));
        assert_eq!(date("2026-11-20T14:03:00Z", Locale::Us), d(2026, 11, 20));
        assert_eq!(date("11/20/2026", Locale::Us), d(2026, 11, 20));
        assert_eq!(date("20/11/2026", Locale::Us), d(2026, 11, 20));
        assert_eq!(date("20.11.2026", Locale::European), d(2026, 11, 20));
        assert_eq!(date("03.04.2026", Locale::European), d(2026, 4, 3));
        assert_eq!(date("", Locale::Us), Ok(None));
        assert!(date("2026-02-30", Locale::Us).is_err());
        assert!(date("yesterday", Locale::Us).is_err());
    }
}
