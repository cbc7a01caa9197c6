//! `konto gifts check`: the pre-flight question "may I give this?", answered with the
//! same rule the tally uses.

use std::fmt::Write;

use chrono::NaiveDate;

use super::Outcome;
use super::args::GiftsCommand;
use crate::edit;
use crate::model::Book;
use crate::rules::gift_gate;
use crate::text::one_line;

pub fn check(book: &Book, today: NaiveDate, command: &GiftsCommand) -> Outcome {
    let GiftsCommand::Check { gift: flags, date } = command;
    let Some(owner) = book.client(&flags.client) else {
        let near = edit::closest_ids(book, &flags.client, 5);
        return cannot_judge(format!(
            "error: no client with id `{}`{}\n",
            one_line(&flags.client),
            edit::did_you_mean(&near)
        ));
    };
    let gift = flags.gift(date.unwrap_or(today));
    let answer = match gift_gate::judge_gift(book, owner, &gift, today) {
        Ok(answer) => answer,
        Err(problem) => return cannot_judge(format!("error: {problem}\n")),
    };
    let mut out = String::new();
    for line in gift_gate::describe(&answer, owner, flags.split > 1, gift_gate::Detail::Full) {
        let _ = writeln!(out, "{line}");
    }
    Outcome {
        stdout: out,
        code: answer.verdict.exit_code(),
        ..Outcome::default()
    }
}

/// Bad input answers as "cannot judge" does: exit code 2, never 0 or 1.
fn cannot_judge(message: String) -> Outcome {
    Outcome {
        stderr: message,
        code: gift_gate::Verdict::CannotJudge.exit_code(),
        ..Outcome::default()
    }
}
