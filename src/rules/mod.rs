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
    // Byte by byte while both are ASCII (lower-casing an ASCII letter is one byte to one
    // byte, in the same order), character by character from the first byte that is not.
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let mut at = 0;
    while let (Some(&p), Some(&q)) = (x.get(at), y.get(at)) {
        if !p.is_ascii() || !q.is_ascii() {
            break;
        }
        if !p.eq_ignore_ascii_case(&q) {
            return p.to_ascii_lowercase().cmp(&q.to_ascii_lowercase());
        }
        at += 1;
    }
    // Every byte before `at` is ASCII: a character boundary in both.
    cmp_lowercase(&a[at..], &b[at..])
}

fn cmp_lowercase(a: &str, b: &str) -> std::cmp::Ordering {
    a.chars()
        .flat_map(char::to_lowercase)
        .cmp(b.chars().flat_map(char::to_lowercase))
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn names_order_as_their_lower_case_letters_do(
            a in "[a-zA-Z ÆØÅæøåİß東京\\PC]{0,8}",
            b in "[a-zA-Z ÆØÅæøåİß東京\\PC]{0,8}",
            shared in "[a-zA-Z ]{0,6}",
        ) {
            for (a, b) in [(a.clone(), b.clone()), (format!("{shared}{a}"), format!("{shared}{b}"))] {
                proptest::prop_assert_eq!(cmp_names(&a, &b), cmp_lowercase(&a, &b), "{:?} {:?}", a, b);
            }
        }
    }
}
