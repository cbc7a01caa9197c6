//! Text that lines up in a terminal: display widths (CJK, combining marks), friendly dates.

use chrono::NaiveDate;
use unicode_width::UnicodeWidthStr;

use crate::rules::days_between;

pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// Cuts `text` to at most `max` columns, ending in `…` when something was cut.
pub fn truncate(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for ch in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(ch);
        used += w;
    }
    out.push('…');
    out
}

/// Cuts `text` to at most `max` columns from the front: `…/konto/book.ron`.
pub fn truncate_start(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut kept: Vec<char> = Vec::new();
    let mut used = 0;
    for ch in text.chars().rev() {
        let w = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        kept.push(ch);
        used += w;
    }
    let mut out = String::from("…");
    out.extend(kept.into_iter().rev());
    out
}

/// Left-aligned in exactly `columns` columns (cut if longer).
pub fn pad(text: &str, columns: usize) -> String {
    let (cut, used) = fit(text, columns);
    let mut out = String::with_capacity(cut.len() + columns.saturating_sub(used));
    out.push_str(&cut);
    out.extend(std::iter::repeat_n(' ', columns.saturating_sub(used)));
    out
}

/// Right-aligned in exactly `columns` columns (cut if longer).
pub fn pad_left(text: &str, columns: usize) -> String {
    let (cut, used) = fit(text, columns);
    let mut out = String::with_capacity(cut.len() + columns.saturating_sub(used));
    out.extend(std::iter::repeat_n(' ', columns.saturating_sub(used)));
    out.push_str(&cut);
    out
}

/// `text` cut to `columns`, and the columns it then takes. Plain ASCII, the common case,
/// is measured by its length without looking at each character's width.
fn fit(text: &str, columns: usize) -> (std::borrow::Cow<'_, str>, usize) {
    if text.is_ascii() && !text.bytes().any(|b| b.is_ascii_control()) {
        if text.len() <= columns {
            return (std::borrow::Cow::Borrowed(text), text.len());
        }
    } else {
        let w = width(text);
        if w <= columns {
            return (std::borrow::Cow::Borrowed(text), w);
        }
    }
    let cut = truncate(text, columns);
    let w = width(&cut);
    (std::borrow::Cow::Owned(cut), w)
}

/// `today`, `yesterday`, `3d ago`, `in 5d`, `2mo ago`: short, for tables.
pub fn relative_day(date: NaiveDate, today: NaiveDate) -> String {
    let days = days_between(today, date);
    match days {
        0 => "today".to_string(),
        -1 => "yesterday".to_string(),
        1 => "tomorrow".to_string(),
        d if d < 0 && -d < 60 => format!("{}d ago", -d),
        d if d < 0 && -d < 730 => format!("{}mo ago", -d / 30),
        d if d < 0 => format!("{}y ago", -d / 365),
        d if d < 60 => format!("in {d}d"),
        d if d < 730 => format!("in {}mo", d / 30),
        d => format!("in {}y", d / 365),
    }
}

/// `Fri 27 Nov`: a date near today, readable at a glance.
pub fn short_date(date: NaiveDate) -> String {
    date.format("%a %-d %b").to_string()
}

/// `Friday 27 November 2026`.
pub fn long_date(date: NaiveDate) -> String {
    date.format("%A %-d %B %Y").to_string()
}

pub fn percent(ratio: f64) -> String {
    format!("{:.1} %", ratio * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_by_display_width_not_bytes() {
        assert_eq!(pad("Søren", 7), "Søren  ");
        assert_eq!(pad("東京", 6), "東京  ");
        assert_eq!(width(&pad("e\u{301}clair", 8)), 8);
        assert_eq!(pad_left("42", 5), "   42");
    }

    #[test]
    fn truncates_with_an_ellipsis_without_splitting_wide_characters() {
        assert_eq!(truncate("Nordlys Bank", 8), "Nordlys…");
        assert_eq!(truncate("東京海上日動", 5), "東京…");
        assert_eq!(width(&truncate("東京海上日動", 5)), 5);
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(
            truncate_start("/home/me/.config/konto/book.ron", 16),
            "…/konto/book.ron"
        );
        assert_eq!(truncate_start("short", 10), "short");
    }

    #[test]
    fn relative_days_read_naturally() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(relative_day(today, today), "today");
        assert_eq!(relative_day(d(2026, 11, 26), today), "yesterday");
        assert_eq!(relative_day(d(2026, 11, 24), today), "3d ago");
        assert_eq!(relative_day(d(2026, 12, 2), today), "in 5d");
        assert_eq!(relative_day(d(2026, 6, 1), today), "5mo ago");
        assert_eq!(short_date(today), "Fri 27 Nov");
    }
}
