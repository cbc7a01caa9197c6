//! `konto deal`, `konto gift add` and `konto checkin`: what the dashboard does to deals,
//! gifts and check-ins, from the command line. Each command becomes one [`Op`] made under
//! the book's lock by [`edit::apply`], as the dashboard's changes are.

use std::fmt::Write;

use chrono::NaiveDate;

use super::args::{Closing, DealAction, DealFlags, GiftAction};
use super::{Outcome, change_client, happened_on};
use crate::edit::{self, DealFields, Op};
use crate::model::{Gift, Stage};
use crate::rules::gift_gate;
use crate::storage::Reads;
use crate::text::{one_line, sentence_case};

/// A date flag read as the dashboard reads dates, or the error to print.
fn date_flag(
    flag: &str,
    text: Option<&str>,
    read: impl Fn(&str) -> Result<NaiveDate, String>,
) -> Result<Option<NaiveDate>, Outcome> {
    text.map(read).transpose().map_err(|problem| {
        Outcome::fail(format!(
            "error: {flag}: {} Nothing was changed.\n",
            crate::text::sentence(&problem)
        ))
    })
}

fn fields(
    flags: &DealFlags,
    title: Option<&String>,
    today: NaiveDate,
) -> Result<DealFields, Outcome> {
    let close = date_flag("--close", flags.close.as_deref(), |when| {
        edit::parse_when(when, today)
    })?;
    Ok(DealFields {
        title: title.cloned(),
        kind: flags.kind,
        stage: flags.stage,
        amount: flags.amount.map(Some),
        close_date: close.map(Some),
        forecast: flags.forecast.map(|choice| choice.0),
        share: flags.share.map(Some),
        credit: flags.credit.map(Some),
        term_months: flags.term.map(Some),
        qualification: Box::default(),
    })
}

/// `konto deal add|edit|move|won|lost`.
pub fn deal(
    action: &DealAction,
    location: &crate::storage::location::DataLocation,
    today: NaiveDate,
) -> Outcome {
    let (client, deal, op) = match action {
        DealAction::Add {
            client,
            title,
            fields: flags,
        } => match fields(flags, Some(title), today) {
            Ok(fields) => (client, None, Op::AddDeal(fields)),
            Err(outcome) => return outcome,
        },
        DealAction::Edit {
            client,
            deal,
            title,
            fields: flags,
        } => match fields(flags, title.as_ref(), today) {
            Ok(fields) if fields.is_empty() => {
                return Outcome::fail(
                    "error: nothing to change: give --title, --amount, --close, --stage, --kind, --forecast, --share, --credit or --term.\n"
                        .to_string(),
                );
            }
            Ok(fields) => (
                client,
                Some(deal),
                Op::EditDeal {
                    deal: String::new(),
                    fields,
                },
            ),
            Err(outcome) => return outcome,
        },
        DealAction::Move {
            client,
            deal,
            stage,
        } => (
            client,
            Some(deal),
            Op::MoveDeal {
                deal: String::new(),
                stage: *stage,
            },
        ),
        DealAction::Won(Closing { client, deal, date })
        | DealAction::Lost(Closing { client, deal, date }) => {
            let on = match date_flag("--date", date.as_deref(), |when| happened_on(when, today)) {
                Ok(on) => on,
                Err(outcome) => return outcome,
            };
            let outcome = if matches!(action, DealAction::Won(_)) {
                Stage::Won
            } else {
                Stage::Lost
            };
            (
                client,
                Some(deal),
                Op::CloseDeal {
                    deal: String::new(),
                    outcome,
                    on,
                },
            )
        }
    };
    change_client(location, (client, Reads::Settings), |book, client| {
        // The deal as people name it (its id or the start of its title), then by id.
        let op = match deal {
            Some(key) => naming(op, edit::find_deal(client, key)?),
            None => op,
        };
        let applied = edit::apply(book, client, op, today)?;
        let id = applied.id.unwrap_or_default();
        Ok(format!(
            "{} at {} (deal id `{}`).\n",
            sentence_case(&one_line(&applied.said)),
            one_line(&client.name),
            one_line(&id)
        ))
    })
}

/// `op` made to name the deal with id `id`.
fn naming(op: Op, id: String) -> Op {
    match op {
        Op::EditDeal { fields, .. } => Op::EditDeal { deal: id, fields },
        Op::MoveDeal { stage, .. } => Op::MoveDeal { deal: id, stage },
        Op::CloseDeal { outcome, on, .. } => Op::CloseDeal {
            deal: id,
            outcome,
            on,
        },
        other => other,
    }
}

/// `konto gift add`: recorded whatever the gift rule says, with its judgement printed as
/// `konto gifts check` prints it, and a warning when it goes over.
pub fn gift(
    action: &GiftAction,
    location: &crate::storage::location::DataLocation,
    today: NaiveDate,
) -> Outcome {
    let GiftAction::Add {
        gift: flags,
        description,
        date,
    } = action;
    let on = match date_flag("--date", date.as_deref(), |when| {
        edit::parse_when(when, today)
    }) {
        Ok(on) => on.unwrap_or(today),
        Err(outcome) => return outcome,
    };
    let what = description.clone().unwrap_or_else(|| {
        let default = if flags.entertainment {
            "Entertainment"
        } else {
            "Gift"
        };
        default.to_string()
    });
    let split = flags.split;
    let gift = Gift {
        // A group gift: the recipient's share is what is recorded for them.
        description: if split > 1 {
            format!("{what} (a share of {split})")
        } else {
            what
        },
        ..flags.gift(on)
    };
    let mut over = false;
    let outcome = change_client(
        location,
        (&flags.client, Reads::WholeBook),
        |book, client| {
            // Judged as `gifts check` judges it: against the log before this gift.
            let answer = gift_gate::judge_gift(book, client, &gift, today)?;
            over = answer.verdict == gift_gate::Verdict::NotAllowed;
            let mut out = String::new();
            for line in gift_gate::describe(&answer, client, split > 1, gift_gate::Detail::Full) {
                let _ = writeln!(out, "{line}");
            }
            let applied = edit::apply(book, client, Op::AddGift(gift.clone()), today)?;
            let _ = writeln!(
                out,
                "Recorded \"{}\" at {} (gift id `{}`).",
                one_line(&gift.description),
                one_line(&client.name),
                one_line(&applied.id.unwrap_or_default())
            );
            Ok(out)
        },
    );
    if over && outcome.code == 0 {
        return Outcome {
            stderr: "warning: this gift goes over the limit; it is recorded all the same, as the log must be complete.\n".to_string(),
            ..outcome
        };
    }
    outcome
}

/// `konto checkin CLIENT WHEN`: the next check-in moved.
pub fn checkin(
    client: &str,
    when: &str,
    location: &crate::storage::location::DataLocation,
    today: NaiveDate,
) -> Outcome {
    let on = match edit::parse_when(when, today) {
        Ok(on) => on,
        Err(problem) => {
            return Outcome::fail(format!(
                "error: {} Nothing was changed.\n",
                crate::text::sentence(&problem)
            ));
        }
    };
    change_client(location, (client, Reads::Settings), |book, client| {
        edit::apply(book, client, Op::Reschedule { on }, today)?;
        Ok(format!(
            "Next check-in with {}: {}.\n",
            one_line(&client.name),
            crate::text::short_date(on, today)
        ))
    })
}
