//! The rules that turn a book into answers. Every function takes the book and `today`;
//! nothing here reads the clock, the disk or the terminal.

pub mod checkins;
pub mod clock;
pub mod compliance;
pub mod credit;
pub mod fiscal;
pub mod forecast;
pub mod gift_gate;
pub mod pay;
pub mod pipeline;
pub mod priority;
pub mod quota;
pub mod tasks;
pub mod team;

use chrono::NaiveDate;

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// Orders names ignoring case, without allocating (sorting 10,000 clients compares a lot).
pub fn cmp_names(a: &str, b: &str) -> std::cmp::Ordering {
    a.chars()
        .flat_map(char::to_lowercase)
        .cmp(b.chars().flat_map(char::to_lowercase))
}
