//! The command line, as clap sees it.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use crate::model::InteractionKind;
use crate::model::serde_format::parse_date;

#[derive(Debug, Parser)]
#[command(
    name = "konto",
    version,
    about = "A keyboard-first dashboard for account executives: who to call today, who matters most, where you stand against quota.",
    after_help = "With no command, konto opens the dashboard."
)]
pub struct Args {
    /// The book file to use (default: $KONTO_DATA, else <config dir>/konto/book.ron).
    #[arg(long, global = true, value_name = "PATH")]
    pub data: Option<PathBuf>,

    /// Pretend today is this date (YYYY-MM-DD), for planning and demos.
    #[arg(long, global = true, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub today: Option<NaiveDate>,

    /// Open the dashboard without the morning reminder window, this once.
    #[arg(long)]
    pub no_reminders: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Overdue and today's check-ins, then the coming days.
    Remind {
        /// How many days ahead to list upcoming check-ins.
        #[arg(long, default_value_t = 7, value_name = "N")]
        days: u32,
        /// Print JSON for scripts.
        #[arg(long)]
        json: bool,
        /// Also send a desktop notification (notify-send, or osascript on macOS).
        #[arg(long)]
        notify: bool,
    },
    /// Clients by priority, with each term's contribution.
    Rank {
        /// Show only the first N.
        #[arg(long, value_name = "N")]
        top: Option<usize>,
        /// Explain each score term by term (factor × weight = contribution).
        #[arg(long)]
        explain: bool,
        /// Print JSON for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Quota attainment, pace, forecast and earnings.
    Quota {
        /// Print JSON for scripts.
        #[arg(long)]
        json: bool,
    },
    /// This gift year's tally per recipient against the gift limit (FINRA Rule 3220).
    Gifts {
        /// Print JSON for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Validate the book file: a one-line summary, or what is wrong and where.
    Check,
    /// Print where the book file is.
    Path,
    /// Record an interaction dated today; a contact resets the check-in clock.
    Log {
        /// The client's id.
        id: String,
        /// Call, Email, Meeting, Demo or Note.
        #[arg(long, default_value = "Call", value_parser = parse_kind)]
        kind: InteractionKind,
        /// One line on what happened.
        summary: String,
    },
    /// Append a dated line to a client's notes.
    Note {
        /// The client's id.
        id: String,
        /// The note.
        text: String,
    },
}

fn parse_day(text: &str) -> Result<NaiveDate, String> {
    parse_date(text)
}

fn parse_kind(text: &str) -> Result<InteractionKind, String> {
    InteractionKind::parse(text).ok_or_else(|| {
        format!("`{text}` is not a kind of interaction; use Call, Email, Meeting, Demo or Note")
    })
}
