//! `konto gifts check`: the pre-flight question "may I give this?", answered with the
//! same rule the tally uses.

use std::fmt::Write;

use chrono::NaiveDate;

use super::Outcome;
use super::args::GiftsCommand;
use crate::edit;
use crate::model::{Book, Gift, GiftKind, Money};
use crate::rules::compliance;
use crate::text::one_line;

pub fn check(book: &Book, today: NaiveDate, command: &GiftsCommand) -> Outcome {
    let GiftsCommand::Check {
        client,
        recipient,
        value,
        face,
        entertainment,
        attended,
        split,
        date,
    } = command;
    let Some(owner) = book.client(client) else {
        let near = edit::closest_ids(book, client, 5);
        return Outcome::fail(format!(
            "error: no client with id `{}`.{}\n",
            one_line(client),
            edit::did_you_mean(&near)
        ));
    };
    // A group gift: the recipient's share of cost and face value.
    let share = |m: Money| Money::from_cents(m.cents() / i64::from(*split));
    let gift = Gift {
        date: Some(date.unwrap_or(today)),
        kind: entertainment.then_some(GiftKind::Entertainment),
        attended: *attended,
        recipient: recipient.clone(),
        value: Some(share(*value)),
        face_value: face.map(share),
        ..Gift::default()
    };
    let check = compliance::check_new_gift(book, owner, &gift, today);
    let Some(person) = check.recipients.first() else {
        return Outcome::fail("error: the gift names no recipient.\n".to_string());
    };
    let mut out = String::new();
    let limit = compliance::describe_limit(book, gift.date.unwrap_or(today));
    if !person.counted {
        let _ = writeln!(
            out,
            "Allowed: business entertainment you attend is not a gift; {} stays at {} this year (limit {}).",
            one_line(&person.name),
            person.total_after.grouped(),
            one_line(&limit)
        );
        return Outcome::ok(out);
    }
    let _ = writeln!(
        out,
        "{} counted for {} (the higher of cost and face value{}); {} this year with it.",
        person.counted_value.grouped(),
        one_line(&person.name),
        if *split > 1 { ", their share" } else { "" },
        person.total_after.grouped(),
    );
    if let Some(breach) = person.breach {
        let _ = writeln!(
            out,
            "Not allowed: {}.",
            one_line(&breach.describe(&owner.name))
        );
        return Outcome {
            stdout: out,
            code: 1,
            ..Outcome::default()
        };
    }
    {
        {
            let headroom = person
                .limit
                .map(|l| format!(", {} left after it", (l - person.total_after).grouped()))
                .unwrap_or_default();
            let rule = check.limit.and_then(|l| l.book);
            let within = match person.limit {
                Some(own) if rule != Some(own) => {
                    format!("{}'s own policy of {} a year", owner.name, own.grouped())
                }
                _ => limit,
            };
            let _ = writeln!(out, "Allowed: within {}{headroom}.", one_line(&within));
            Outcome::ok(out)
        }
    }
}
