//! FINRA Rule 3220: gifts to each client person per year against the book's `gift_limit`.
//!
//! Exempt gifts (personal, bereavement, de minimis, promotional) are recorded but not
//! counted. The year is the calendar year of today, or the 365 days up to today with
//! `gift_year: Rolling12`. An undated gift is counted, to be safe.

use chrono::{Datelike, Days, NaiveDate};

use crate::model::{Book, Client, Gift, GiftYear, Money};

/// Share of the limit from which a recipient is flagged as near it.
pub const NEAR_SHARE: f64 = 0.8;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Standing {
    /// Over the limit: a breach.
    Over,
    /// At 80 % of the limit or more (exactly at the limit is allowed, and near).
    Near,
    Ok,
}

impl Standing {
    pub fn label(self) -> &'static str {
        match self {
            Standing::Over => "OVER",
            Standing::Near => "near",
            Standing::Ok => "ok",
        }
    }
}

/// One recipient's gifts in the gift year.
#[derive(Debug, Clone, PartialEq)]
pub struct RecipientTally {
    pub client_id: String,
    pub client_name: String,
    pub recipient: String,
    pub counted: Money,
    pub exempt: Money,
    pub gifts: usize,
    pub limit: Money,
    /// What may still be given this year (0 when over).
    pub headroom: Money,
    pub standing: Standing,
}

impl RecipientTally {
    pub fn over_by(&self) -> Money {
        if self.counted > self.limit {
            self.counted - self.limit
        } else {
            Money::ZERO
        }
    }
}

/// The first and last day of the gift year containing `today`.
pub fn gift_window(book: &Book, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    match book.gift_year.unwrap_or_default() {
        GiftYear::Calendar => (
            NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today),
            NaiveDate::from_ymd_opt(today.year(), 12, 31).unwrap_or(today),
        ),
        GiftYear::Rolling12 => (
            today.checked_sub_days(Days::new(364)).unwrap_or(today),
            today,
        ),
    }
}

fn in_window(gift: &Gift, window: (NaiveDate, NaiveDate)) -> bool {
    gift.date.is_none_or(|d| d >= window.0 && d <= window.1)
}

fn same_person(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

fn standing(counted: Money, limit: Money) -> Standing {
    if counted > limit {
        Standing::Over
    } else if counted.as_f64() >= limit.as_f64() * NEAR_SHARE && counted > Money::ZERO {
        Standing::Near
    } else {
        Standing::Ok
    }
}

fn tally_client(
    client: &Client,
    window: (NaiveDate, NaiveDate),
    limit: Money,
) -> Vec<RecipientTally> {
    let mut tallies: Vec<RecipientTally> = Vec::new();
    for gift in client.gifts.iter().filter(|g| in_window(g, window)) {
        let found = tallies
            .iter()
            .position(|t| same_person(&t.recipient, &gift.recipient));
        let index = found.unwrap_or_else(|| {
            tallies.push(RecipientTally {
                client_id: client.id.clone(),
                client_name: client.name.clone(),
                recipient: gift.recipient.trim().to_string(),
                counted: Money::ZERO,
                exempt: Money::ZERO,
                gifts: 0,
                limit,
                headroom: limit,
                standing: Standing::Ok,
            });
            tallies.len() - 1
        });
        let tally = &mut tallies[index];
        tally.gifts += 1;
        if gift.exempt {
            tally.exempt += gift.value();
        } else {
            tally.counted += gift.value();
        }
    }
    for tally in &mut tallies {
        tally.headroom = if tally.counted < limit {
            limit - tally.counted
        } else {
            Money::ZERO
        };
        tally.standing = standing(tally.counted, limit);
    }
    tallies
}

/// Every recipient given anything this gift year: over first, then near, then largest.
pub fn gift_tally(book: &Book, today: NaiveDate) -> Vec<RecipientTally> {
    let window = gift_window(book, today);
    let limit = book.gift_limit();
    let mut tallies: Vec<RecipientTally> = book
        .clients
        .iter()
        .flat_map(|c| tally_client(c, window, limit))
        .collect();
    tallies.sort_by(|a, b| {
        a.standing
            .cmp(&b.standing)
            .then(b.counted.cmp(&a.counted))
            .then_with(|| a.recipient.to_lowercase().cmp(&b.recipient.to_lowercase()))
            .then_with(|| a.client_id.cmp(&b.client_id))
    });
    tallies
}

/// One client's recipients this gift year (for the client view: no need to tally the book).
pub fn client_tally(book: &Book, client: &Client, today: NaiveDate) -> Vec<RecipientTally> {
    tally_client(client, gift_window(book, today), book.gift_limit())
}

/// What a new gift would do to its recipient's standing: used to warn before saving one.
#[derive(Debug, Clone, PartialEq)]
pub struct GiftCheck {
    pub counted_before: Money,
    pub counted_after: Money,
    pub limit: Money,
    pub standing_after: Standing,
}

impl GiftCheck {
    pub fn over_by(&self) -> Money {
        if self.counted_after > self.limit {
            self.counted_after - self.limit
        } else {
            Money::ZERO
        }
    }
}

pub fn check_new_gift(book: &Book, client: &Client, gift: &Gift, today: NaiveDate) -> GiftCheck {
    let window = gift_window(book, gift.date.unwrap_or(today));
    let limit = book.gift_limit();
    let counted_before: Money = client
        .gifts
        .iter()
        .filter(|g| !g.exempt && in_window(g, window) && same_person(&g.recipient, &gift.recipient))
        .map(Gift::value)
        .sum();
    let counted_after = if gift.exempt {
        counted_before
    } else {
        counted_before + gift.value()
    };
    GiftCheck {
        counted_before,
        counted_after,
        limit,
        standing_after: standing(counted_after, limit),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn gift(date: Option<&str>, to: &str, value: i64, exempt: bool) -> Gift {
        Gift {
            date: date.map(day),
            recipient: to.into(),
            description: "g".into(),
            value: Some(Money::from_units(value)),
            exempt,
        }
    }

    fn book_with(gifts: Vec<Gift>) -> Book {
        let mut client = Client::new("c", "Client");
        client.gifts = gifts;
        Book {
            clients: vec![client],
            ..Book::default()
        }
    }

    #[test]
    fn default_limit_is_300_and_exactly_at_it_is_near_not_over() {
        let book = book_with(vec![
            gift(Some("2026-02-01"), "Ann", 200, false),
            gift(Some("2026-06-01"), "ann ", 100, false),
        ]);
        let tally = gift_tally(&book, day("2026-11-27"));
        assert_eq!(tally.len(), 1);
        assert_eq!(tally[0].limit, Money::from_units(300));
        assert_eq!(tally[0].counted, Money::from_units(300));
        assert_eq!(tally[0].standing, Standing::Near);
        assert_eq!(tally[0].headroom, Money::ZERO);
        assert_eq!(tally[0].over_by(), Money::ZERO);
    }

    #[test]
    fn one_cent_over_is_over_and_exempt_gifts_do_not_count() {
        let mut book = book_with(vec![
            gift(Some("2026-02-01"), "Ann", 300, false),
            gift(Some("2026-03-01"), "Ann", 500, true),
            gift(Some("2026-03-02"), "Bo", 100, false),
        ]);
        book.clients[0].gifts[0].value = Some(Money::from_cents(30_001));
        let tally = gift_tally(&book, day("2026-11-27"));
        assert_eq!(tally[0].recipient, "Ann");
        assert_eq!(tally[0].standing, Standing::Over);
        assert_eq!(tally[0].over_by(), Money::from_cents(1));
        assert_eq!(tally[0].exempt, Money::from_units(500));
        assert_eq!(tally[1].recipient, "Bo");
        assert_eq!(tally[1].standing, Standing::Ok);
        assert_eq!(tally[1].headroom, Money::from_units(200));
    }

    #[test]
    fn calendar_year_resets_on_january_first() {
        let book = book_with(vec![gift(Some("2025-12-31"), "Ann", 290, false)]);
        assert_eq!(
            gift_tally(&book, day("2025-12-31"))[0].standing,
            Standing::Near
        );
        assert!(gift_tally(&book, day("2026-01-01")).is_empty());
    }

    #[test]
    fn rolling_year_looks_back_365_days() {
        let mut book = book_with(vec![
            gift(Some("2025-11-28"), "Ann", 200, false),
            gift(Some("2025-11-27"), "Ann", 200, false),
        ]);
        book.gift_year = Some(GiftYear::Rolling12);
        let tally = gift_tally(&book, day("2026-11-27"));
        assert_eq!(tally[0].counted, Money::from_units(200));
        // In a leap year the window still holds 365 days.
        assert_eq!(gift_window(&book, day("2028-03-01")).0, day("2027-03-03"));
    }

    #[test]
    fn undated_gifts_count_to_be_safe() {
        let book = book_with(vec![gift(None, "Ann", 250, false)]);
        assert_eq!(
            gift_tally(&book, day("2026-11-27"))[0].standing,
            Standing::Near
        );
    }

    #[test]
    fn same_name_at_two_clients_is_two_people() {
        let mut book = book_with(vec![gift(Some("2026-02-01"), "Ann", 200, false)]);
        let mut other = Client::new("d", "Other");
        other.gifts = vec![gift(Some("2026-02-01"), "Ann", 200, false)];
        book.clients.push(other);
        let tally = gift_tally(&book, day("2026-11-27"));
        assert_eq!(tally.len(), 2);
        assert!(tally.iter().all(|t| t.standing == Standing::Ok));
    }

    #[test]
    fn warns_before_a_gift_takes_someone_over() {
        let book = book_with(vec![gift(Some("2026-02-01"), "Ann", 250, false)]);
        let new = gift(Some("2026-11-27"), "Ann", 90, false);
        let check = check_new_gift(&book, &book.clients[0], &new, day("2026-11-27"));
        assert_eq!(check.standing_after, Standing::Over);
        assert_eq!(check.over_by(), Money::from_units(40));
        let exempt = gift(Some("2026-11-27"), "Ann", 90, true);
        let check = check_new_gift(&book, &book.clients[0], &exempt, day("2026-11-27"));
        assert_eq!(check.counted_after, Money::from_units(250));
    }

    #[test]
    fn limit_comes_from_the_file() {
        let mut book = book_with(vec![gift(Some("2026-02-01"), "Ann", 150, false)]);
        book.gift_limit = Some(Money::from_units(100));
        assert_eq!(
            gift_tally(&book, day("2026-11-27"))[0].standing,
            Standing::Over
        );
    }
}
