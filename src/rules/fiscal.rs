//! Fiscal years and quarters. Fiscal year `year` starts on the first day of month
//! `fiscal_start` of that calendar year (so with `fiscal_start: 4`, FY 2026 runs from
//! 2026-04-01 to 2027-03-31); quarters are its four three-month spans.

use chrono::{Datelike, Months, NaiveDate};

use super::days_between;

/// A span of days: `start` included, `end` not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Span {
    pub fn contains(self, date: NaiveDate) -> bool {
        self.start <= date && date < self.end
    }

    /// Share of the span gone by the end of `today`: 0 before it, 1 after it.
    pub fn elapsed(self, today: NaiveDate) -> f64 {
        let length = days_between(self.start, self.end).max(1);
        let gone = (days_between(self.start, today) + 1).clamp(0, length);
        gone as f64 / length as f64
    }

    /// The last day in the span.
    pub fn last_day(self) -> NaiveDate {
        self.end.pred_opt().unwrap_or(self.end)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FiscalYear {
    /// Its name: the calendar year it starts in.
    pub year: i32,
    pub span: Span,
}

/// A month number 1–12, else January (validation rejects others before rules run).
fn start_month(fiscal_start: Option<u32>) -> u32 {
    fiscal_start.filter(|m| (1..=12).contains(m)).unwrap_or(1)
}

impl FiscalYear {
    /// Fiscal year `year` for a year starting in month `fiscal_start` (absent: January).
    pub fn new(year: i32, fiscal_start: Option<u32>) -> FiscalYear {
        let month = start_month(fiscal_start);
        let start = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN);
        let end = start
            .checked_add_months(Months::new(12))
            .unwrap_or(NaiveDate::MAX);
        FiscalYear {
            year,
            span: Span { start, end },
        }
    }

    /// The fiscal year `date` falls in.
    pub fn containing(date: NaiveDate, fiscal_start: Option<u32>) -> FiscalYear {
        let month = start_month(fiscal_start);
        let year = if date.month() >= month {
            date.year()
        } else {
            date.year() - 1
        };
        FiscalYear::new(year, fiscal_start)
    }

    /// Quarter `index` (0–3).
    pub fn quarter(self, index: usize) -> Span {
        let months = |n: usize| Months::new(u32::try_from(n * 3).unwrap_or(12));
        let start = self.span.start.checked_add_months(months(index));
        let end = self.span.start.checked_add_months(months(index + 1));
        match (start, end) {
            (Some(start), Some(end)) => Span { start, end },
            _ => self.span,
        }
    }

    /// The quarter (0–3) `date` falls in, if it is in the year.
    pub fn quarter_of(self, date: NaiveDate) -> Option<usize> {
        self.month_of(date).map(|m| m / 3)
    }

    /// The quarter `today` is in; before the year its first, after it its last.
    pub fn current_quarter(self, today: NaiveDate) -> usize {
        if today < self.span.start {
            0
        } else {
            self.quarter_of(today).unwrap_or(3)
        }
    }

    /// The month (0–11, fiscal order) `date` falls in, if it is in the year.
    pub fn month_of(self, date: NaiveDate) -> Option<usize> {
        if !self.span.contains(date) {
            return None;
        }
        let start = self.span.start;
        let months = (date.year() - start.year()) * 12 + i32::try_from(date.month0()).unwrap_or(0)
            - i32::try_from(start.month0()).unwrap_or(0);
        usize::try_from(months).ok()
    }

    /// The year's months in order, each as its calendar month number (1–12).
    pub fn months(self) -> [u32; 12] {
        let first = self.span.start.month0();
        std::array::from_fn(|i| (first + u32::try_from(i).unwrap_or(0)) % 12 + 1)
    }
}

#[cfg(test)]
// The figures compared are exact in binary (0, 1, whole ratios).
#[allow(clippy::float_cmp)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_fiscal_year_starting_in_april() {
        let fy = FiscalYear::containing(day("2027-02-10"), Some(4));
        assert_eq!(fy.year, 2026);
        assert_eq!(fy.span.start, day("2026-04-01"));
        assert_eq!(fy.span.last_day(), day("2027-03-31"));
        assert_eq!(fy.quarter_of(day("2027-02-10")), Some(3));
        assert_eq!(fy.quarter(1).start, day("2026-07-01"));
        assert_eq!(fy.month_of(day("2026-04-30")), Some(0));
        assert_eq!(fy.month_of(day("2027-03-01")), Some(11));
        assert_eq!(fy.months()[0], 4);
        assert_eq!(fy.months()[11], 3);
        assert_eq!(fy.current_quarter(day("2025-01-01")), 0);
        assert_eq!(fy.current_quarter(day("2030-01-01")), 3);
    }

    #[test]
    fn elapsed_counts_today_and_leap_days() {
        let year = FiscalYear::new(2028, None).span;
        assert_eq!(year.elapsed(day("2027-12-31")), 0.0);
        assert!((year.elapsed(day("2028-02-29")) - 60.0 / 366.0).abs() < 1e-12);
        assert_eq!(year.elapsed(day("2028-12-31")), 1.0);
        assert_eq!(year.elapsed(day("2029-06-01")), 1.0);
    }
}
