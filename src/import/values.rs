//! Reading numbers and dates as CRM exports write them.

use chrono::{NaiveDate, NaiveDateTime};

use crate::model::Money;
use crate::model::serde_format::within_book_years;

/// How an export writes numbers: US-style (`1,200.50`) or European (`1.200,50`).
/// Semicolon-separated files are European.
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

/// Which number of `03/04/2026` is the day: decided once for the whole file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayOrder {
    /// `MM/DD/YY(YY)`, as US exports write it.
    MonthFirst,
    /// `DD/MM/YYYY` or `DD.MM.YYYY`.
    DayFirst,
}

impl DayOrder {
    /// As `--dates` takes it.
    pub fn parse(text: &str) -> Option<DayOrder> {
        match text.trim().to_lowercase().as_str() {
            "mdy" => Some(DayOrder::MonthFirst),
            "dmy" => Some(DayOrder::DayFirst),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            DayOrder::MonthFirst => "month first (MM/DD/YYYY)",
            DayOrder::DayFirst => "day first (DD/MM/YYYY)",
        }
    }
}

/// What a file's dates say about their order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatesSeen {
    /// No date with day and month as bare numbers (ISO dates only, or none).
    Unneeded,
    Decided(DayOrder),
    /// Every such date reads either way (`03/04/2026`): the first of them.
    Undecided {
        line: u64,
        example: String,
    },
}

/// `03/04/2026` as its first two numbers and separator, if it is written that way.
fn day_and_month(text: &str) -> Option<(u32, u32, char)> {
    let day_part = day_part(text.trim());
    if NaiveDate::parse_from_str(day_part, "%Y-%m-%d").is_ok() {
        return None;
    }
    let separator = day_part.chars().find(|c| ['/', '.', '-'].contains(c))?;
    let parts: Vec<&str> = day_part.split(separator).collect();
    match parts.as_slice() {
        [a, b, _] if a.len() <= 2 && b.len() <= 2 => {
            Some((a.parse().ok()?, b.parse().ok()?, separator))
        }
        _ => None,
    }
}

/// Decides the day order from every date of the file, `(line, text)`: a first number
/// over 12 is a day (`13/02/24`), a second over 12 a month's day (`02/13/24`); dates
/// with dots are day-first unless one says otherwise. Dates that disagree are refused.
pub fn day_order<'a>(dates: impl Iterator<Item = (u64, &'a str)>) -> Result<DatesSeen, String> {
    let mut day_first: Option<(u64, &str)> = None;
    let mut month_first: Option<(u64, &str)> = None;
    let mut undecided: Option<(u64, &str)> = None;
    let mut dotted_only = true;
    for (line, text) in dates {
        let Some((a, b, separator)) = day_and_month(text) else {
            continue;
        };
        dotted_only &= separator == '.';
        // A date neither way (`13/45/2026`) says nothing: its row is refused later.
        match (a, b) {
            (13..=31, 1..=12) => day_first.get_or_insert((line, text)),
            (1..=12, 13..=31) => month_first.get_or_insert((line, text)),
            (1..=12, 1..=12) => undecided.get_or_insert((line, text)),
            _ => continue,
        };
    }
    match (day_first, month_first, undecided) {
        (Some((d_line, d)), Some((m_line, m)), _) => Err(format!(
            "the dates disagree: line {d_line} has \"{d}\" (day first), line {m_line} \"{m}\" (month first); fix the file"
        )),
        (Some(_), None, _) => Ok(DatesSeen::Decided(DayOrder::DayFirst)),
        (None, Some(_), _) => Ok(DatesSeen::Decided(DayOrder::MonthFirst)),
        (None, None, Some(_)) if dotted_only => Ok(DatesSeen::Decided(DayOrder::DayFirst)),
        (None, None, Some((line, example))) => Ok(DatesSeen::Undecided {
            line,
            example: example.to_string(),
        }),
        (None, None, None) => Ok(DatesSeen::Unneeded),
    }
}

/// `2026-11-20 14:03` → `2026-11-20`.
fn day_part(text: &str) -> &str {
    text.split(['T', ' '])
        .next()
        .unwrap_or(text)
        .trim_end_matches(',')
}

/// `2026-11-20`, `2026-11-20 14:03`, `2026-11-20T14:03:00Z`, and `11/20/2026`,
/// `11/20/26`, `20.11.2026` or `20/11/2026` in the file's `order`.
pub fn date(text: &str, order: DayOrder) -> Result<Option<NaiveDate>, String> {
    let date = calendar_date(text, order)?;
    date.map(within_book_years).transpose()
}

fn calendar_date(text: &str, order: DayOrder) -> Result<Option<NaiveDate>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let day_part = day_part(text);
    if let Ok(date) = NaiveDate::parse_from_str(day_part, "%Y-%m-%d") {
        return Ok(Some(date));
    }
    if let Ok(stamp) = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S") {
        return Ok(Some(stamp.date()));
    }
    let parts: Vec<&str> = day_part.split(['/', '.', '-']).collect();
    if let [y, m, d] = parts.as_slice()
        && y.len() == 4
        && let (Ok(y), Ok(m), Ok(d)) = (y.parse(), m.parse(), d.parse())
    {
        // `2026/11/20`: year first, whatever the order of the rest of the file.
        return NaiveDate::from_ymd_opt(y, m, d)
            .map(Some)
            .ok_or_else(|| format!("\"{text}\" is not a date"));
    }
    if let [a, b, y] = parts.as_slice() {
        let (a, b, y): (u32, u32, i32) = match (a.parse(), b.parse(), y.parse()) {
            (Ok(a), Ok(b), Ok(y)) => (a, b, y),
            _ => return Err(format!("\"{text}\" is not a date")),
        };
        let year = if y < 100 { 2000 + y } else { y };
        let (month, day) = match order {
            DayOrder::MonthFirst => (a, b),
            DayOrder::DayFirst => (b, a),
        };
        return NaiveDate::from_ymd_opt(year, month, day)
            .map(Some)
            .ok_or_else(|| format!("\"{text}\" is not a date read {}", order.name()));
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
        use DayOrder::{DayFirst, MonthFirst};
        let d = |y, m, dd| Ok(Some(NaiveDate::from_ymd_opt(y, m, dd).unwrap()));
        assert_eq!(date("2026-11-20", MonthFirst), d(2026, 11, 20));
        assert_eq!(date("2026-11-20 14:03", DayFirst), d(2026, 11, 20));
        assert_eq!(date("2026-11-20T14:03:00Z", MonthFirst), d(2026, 11, 20));
        assert_eq!(date("11/20/2026", MonthFirst), d(2026, 11, 20));
        assert_eq!(date("11/20/26", MonthFirst), d(2026, 11, 20));
        assert_eq!(date("20/11/2026", DayFirst), d(2026, 11, 20));
        assert_eq!(date("20.11.2026", DayFirst), d(2026, 11, 20));
        assert_eq!(date("03.04.2026", DayFirst), d(2026, 4, 3));
        assert_eq!(date("03/04/2026", MonthFirst), d(2026, 3, 4));
        assert_eq!(date("", MonthFirst), Ok(None));
        assert!(date("20/11/2026", MonthFirst).is_err());
        assert!(date("2026-02-30", MonthFirst).is_err());
        assert!(date("yesterday", MonthFirst).is_err());
    }

    #[test]
    fn the_day_order_is_decided_for_the_whole_file() {
        let seen =
            |dates: &[&str]| day_order(dates.iter().enumerate().map(|(i, d)| (i as u64 + 2, *d)));
        let decided = |order| Ok(DatesSeen::Decided(order));
        assert_eq!(seen(&["03/04/24", "13/02/24"]), decided(DayOrder::DayFirst));
        assert_eq!(
            seen(&["03/04/24", "1/15/2027 0:00"]),
            decided(DayOrder::MonthFirst)
        );
        assert_eq!(seen(&["03.04.2026"]), decided(DayOrder::DayFirst));
        assert_eq!(seen(&["2026-11-20", ""]), Ok(DatesSeen::Unneeded));
        assert_eq!(
            seen(&["2026-11-20", "03/04/2026"]),
            Ok(DatesSeen::Undecided {
                line: 3,
                example: "03/04/2026".to_string()
            })
        );
        assert!(
            seen(&["13/02/24", "02/13/24"])
                .unwrap_err()
                .contains("disagree")
        );
    }
}
