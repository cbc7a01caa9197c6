//! The command line, as clap sees it.

// Doc comments here are clap's help text, printed as written: no Markdown backticks.
#![allow(clippy::doc_markdown)]

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use crate::review::Period;

use crate::import::Mappings;
use crate::import::columns::Field;
use crate::model::serde_format::parse_date;
use crate::model::{BuyingRole, DealKind, ForecastCategory, InteractionKind, Money, Stage};
use strum::IntoEnumIterator;

#[derive(Debug, Parser)]
#[command(
    name = "konto",
    version,
    about = "A keyboard-first dashboard for account executives: who to call today, who matters most, where you stand against quota.",
    after_help = "With no command, konto opens the dashboard."
)]
pub struct Args {
    /// The book file to use (default: $KONTO_DATA, else `<config dir>/konto/book.ron`).
    #[arg(long, global = true, value_name = "PATH")]
    pub data: Option<PathBuf>,

    /// Pretend today is this date (YYYY-MM-DD), for planning and demos.
    #[arg(long, global = true, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub today: Option<NaiveDate>,

    /// Pretend it is this time of day where you are (HH:MM), for contacts' local times;
    /// with --today and no --at, noon.
    #[arg(long, global = true, value_name = "HH:MM", value_parser = parse_clock)]
    pub at: Option<chrono::NaiveTime>,

    /// Open the dashboard without the morning reminder window, this once.
    #[arg(long)]
    pub no_reminders: bool,

    /// Measuring only: quit as soon as the dashboard's first frame is drawn (builds with
    /// the `test-support` feature only).
    #[cfg(feature = "test-support")]
    #[arg(long, hide = true)]
    pub exit_after_first_frame: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The largest demo book `konto demo` writes (about 360 MB of text).
pub const MAX_DEMO_CLIENTS: u64 = 200_000;

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
        /// Start the next quota year's plan: the same targets and pay plan for the year
        /// after the one the book names (its own deals won count toward it).
        #[arg(long, conflicts_with = "json")]
        next_year: bool,
    },
    /// Open deals across clients: by stage, by forecast call, then by close date with
    /// days in stage and the slipped and rotting flags.
    Pipeline {
        /// Print JSON for scripts.
        #[arg(long)]
        json: bool,
    },
    /// This gift year's tally per recipient against the gift limit (FINRA Rule 3220).
    Gifts {
        /// Print JSON for scripts.
        #[arg(long)]
        json: bool,
        #[command(subcommand)]
        check: Option<GiftsCommand>,
    },
    /// Validate the book file: a one-line summary, or what is wrong and where.
    Check,
    /// Print a shell completion script: `konto completions bash > ~/.local/share/bash-completion/completions/konto`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `konto man > ~/.local/share/man/man1/konto.1`.
    Man,
    /// Print where the book file is.
    Path,
    /// The preferences file (keys, colours, reminders, first sort): where it is, or a
    /// commented default one to start from.
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
    /// Record an interaction (dated today unless --date says); a contact resets the
    /// check-in clock.
    Log {
        /// The client's id.
        id: String,
        /// Call, Email, Meeting, Demo, Note, or Attempt (no answer: the clock is not reset).
        #[arg(long, default_value = "Call", value_parser = parse_kind)]
        kind: InteractionKind,
        /// When it happened: 2026-11-20, yesterday, -3d, -1w (not in the future).
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
        date: Option<String>,
        /// Who it was with: a contact's id or the start of their name (repeat for more).
        #[arg(long = "with", value_name = "CONTACT")]
        with: Vec<String>,
        /// One line on what happened.
        summary: String,
    },
    /// Add or edit a person at a client.
    Contact {
        #[command(subcommand)]
        action: ContactAction,
    },
    /// The people at every client, or at one.
    Contacts {
        /// Only this client's (its id).
        client: Option<String>,
        /// Print JSON for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Add a next step, or mark one done.
    Task {
        #[command(subcommand)]
        action: TaskAction,
    },
    /// Open tasks by due date, overdue first, with their client.
    Tasks {
        /// Done tasks too.
        #[arg(long)]
        all: bool,
        /// Only this colleague's (a team id), or yours (me).
        #[arg(long, value_name = "ID|me")]
        owner: Option<String>,
        /// Print JSON for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Each colleague's open tasks and projects, and the days they are committed twice.
    Team {
        /// Print JSON for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Add, edit, move or close a deal.
    Deal {
        #[command(subcommand)]
        action: DealAction,
    },
    /// Record a gift or entertainment (always recorded; says what the gift rule makes of it).
    Gift {
        #[command(subcommand)]
        action: GiftAction,
    },
    /// Keep this book in step with other machines through a git remote: commits the
    /// book, brings in what the others changed (merged field by field), and sends it.
    #[command(args_conflicts_with_subcommands = true)]
    Sync {
        #[command(subcommand)]
        action: Option<SyncAction>,
        /// Settle the clashes the last sync stopped at: keep this machine's values
        /// (`mine`) or the remote's (`theirs`).
        #[arg(long, value_parser = parse_side)]
        keep: Option<crate::sync::Side>,
        /// With --keep: only these clients' clashes (ids).
        clients: Vec<String>,
        /// Seconds a fetch or push may take before the remote counts as unreachable.
        #[arg(long, default_value_t = 30)]
        timeout: u64,
    },
    /// The fiscal quarter's forecast call: target, closed, commit, best case, pipeline
    /// (each including the one before), weighted, slipped deals, the deals behind them,
    /// and what moved since the last call submitted.
    Forecast {
        #[command(subcommand)]
        action: Option<ForecastAction>,
        /// The quarter: this or next.
        #[arg(long, global = true, default_value = "this", value_parser = ["this", "next"])]
        quarter: String,
        /// Print JSON for scripts.
        #[arg(long, global = true)]
        json: bool,
    },
    /// A sales manager's roll-up over the team's books (named in team.ron), read-only.
    Rollup {
        #[command(subcommand)]
        action: Option<RollupAction>,
        /// The team file (default: team.ron beside config.ron).
        #[arg(long, global = true)]
        team: Option<std::path::PathBuf>,
        /// The fiscal quarter the forecast is for: this or next.
        #[arg(long, global = true, default_value = "this", value_parser = ["this", "next"])]
        quarter: String,
        /// Print JSON for scripts.
        #[arg(long, global = true)]
        json: bool,
    },
    /// git's merge driver for a book kept in a repository of your own: merges the three
    /// versions field by field into OURS. A clash keeps OURS' value, leaves a book that
    /// loads, and exits 1. Set up with `git config merge.konto.driver "konto merge-driver
    /// %O %A %B %P"` and `book.ron merge=konto` in .gitattributes.
    MergeDriver {
        /// The common ancestor's file (%O).
        base: std::path::PathBuf,
        /// This side's file, which gets the result (%A).
        ours: std::path::PathBuf,
        /// The other side's file (%B).
        theirs: std::path::PathBuf,
        /// The file's path in the repository (%P), for messages.
        path: Option<String>,
    },
    /// Move a client's next check-in: 2026-12-10, fri, tomorrow, +2w.
    Checkin {
        /// The client's id.
        client: String,
        /// When: 2026-12-10, fri, tomorrow, +3d, +2w.
        #[arg(allow_hyphen_values = true)]
        when: String,
    },
    /// Append a dated line to a client's notes.
    Note {
        /// The client's id.
        id: String,
        /// The note.
        text: String,
    },
    /// Add clients from a CRM export (CSV) or contacts from vCards.
    Import {
        #[command(subcommand)]
        source: ImportSource,
    },
    /// Log the client contact your calendar exports and mailboxes show: meetings and
    /// emails with known contacts (or at a client's mail domain), once each, however often
    /// it runs. Only dates, participants and subjects are read; bodies never.
    Capture(CaptureArgs),
    /// Write the book or its calendar for other tools.
    Export {
        #[command(subcommand)]
        format: ExportFormat,
    },
    /// A Markdown summary for a pipeline review or a one-on-one.
    Report {
        #[command(flatten)]
        period: PeriodChoice,
        #[command(flatten)]
        output: OutFile,
    },
    /// Write a realistic generated book (the same for the same seed).
    Demo {
        /// How many clients (1 to 200,000: a book larger than that is no demo).
        #[arg(
            long,
            default_value_t = 50,
            value_name = "N",
            value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=MAX_DEMO_CLIENTS)
        )]
        clients: usize,
        /// The seed: the same seed gives the same book.
        #[arg(long, default_value_t = 1, value_name = "S")]
        seed: u64,
        /// Write to this new file instead of printing (an existing file is never replaced).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, clap::Args)]
pub struct CaptureArgs {
    /// A calendar export (.ics: Outlook, Google, Apple, Thunderbird). Repeatable.
    #[arg(long = "ics", value_name = "FILE")]
    pub ics: Vec<PathBuf>,
    /// An mbox file (Thunderbird's folders, Apple Mail's export). Repeatable.
    #[arg(long, value_name = "FILE")]
    pub mbox: Vec<PathBuf>,
    /// A Maildir folder (mutt, mbsync, offlineimap): its cur/ and new/. Repeatable.
    #[arg(long, value_name = "DIR")]
    pub maildir: Vec<PathBuf>,
    /// A single message (.eml). Repeatable.
    #[arg(long, value_name = "FILE")]
    pub eml: Vec<PathBuf>,
    /// Your own address (repeatable; default: the book's owner_email).
    #[arg(long = "me", value_name = "EMAIL")]
    pub me: Vec<String>,
    /// Leave out anything before this day.
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub since: Option<NaiveDate>,
    /// The time zone whose dates count (default: this computer's).
    #[arg(long = "tz", value_name = "ZONE")]
    pub zone: Option<String>,
    /// Say what would be logged; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print JSON for scripts.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, Subcommand)]
pub enum ConfigAction {
    /// Print where `config.ron` is read from (it need not exist: no file, the defaults).
    Path,
    /// Print a default `config.ron`, every setting commented out:
    /// `konto config default > "$(konto config path)"`.
    Default,
}

#[derive(Debug, Subcommand)]
pub enum ContactAction {
    /// Add a person to a client.
    Add {
        /// The client's id.
        client: String,
        /// Their full name.
        name: String,
        #[command(flatten)]
        details: ContactFlags,
    },
    /// Change a person's details (only the ones given).
    Edit {
        /// The client's id.
        client: String,
        /// The contact's id, or the start of their name.
        contact: String,
        /// A new name.
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        details: ContactFlags,
    },
}

#[derive(Debug, Clone, Default, clap::Args)]
pub struct ContactFlags {
    /// Their job title, e.g. CFO.
    #[arg(long)]
    pub role: Option<String>,
    /// Champion, EconomicBuyer, DecisionMaker, TechnicalBuyer, Influencer, User or Blocker.
    #[arg(long, value_parser = parse_buying_role)]
    pub buying_role: Option<BuyingRole>,
    /// Their email address (capture matches mail and meetings to them by it).
    #[arg(long)]
    pub email: Option<String>,
    /// Their phone number, as you would dial it.
    #[arg(long)]
    pub phone: Option<String>,
    /// Their time zone, e.g. Europe/Copenhagen.
    #[arg(long)]
    pub timezone: Option<String>,
    /// Days between check-ins with this person.
    #[arg(long, value_name = "DAYS")]
    pub cadence: Option<u32>,
    /// A line about them.
    #[arg(long)]
    pub notes: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TaskAction {
    /// Add a next step to a client.
    Add {
        /// The client's id.
        client: String,
        /// What is to be done.
        title: String,
        /// When: 2026-12-01, fri, tomorrow, +2w.
        #[arg(long, value_name = "WHEN")]
        due: Option<String>,
        /// Whose it is: a team id (default: yours).
        #[arg(long, value_name = "TEAM_ID")]
        owner: Option<String>,
        /// The deal it moves forward: its id, or the start of its title.
        #[arg(long, value_name = "DEAL")]
        deal: Option<String>,
    },
    /// Mark a task done (or open again, if it was done).
    Done {
        /// The client's id.
        client: String,
        /// The task's id, or the start of its title.
        task: String,
    },
}

/// A deal's fields as the command line gives them.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct DealFlags {
    /// Its value: 140,000, 140k.
    #[arg(long, value_name = "AMOUNT", value_parser = parse_money)]
    pub amount: Option<Money>,
    /// Lead, Qualified, Proposal, Negotiation, Won or Lost.
    #[arg(long, value_parser = parse_stage)]
    pub stage: Option<Stage>,
    /// The expected (or actual) close date: 2026-12-20, fri, +2w.
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
    pub close: Option<String>,
    /// NewBusiness, Upsell or Renewal.
    #[arg(long, value_parser = parse_deal_kind)]
    pub kind: Option<DealKind>,
    /// Your call: Pipeline, BestCase, Commit, Omitted, or ByStage (the stage's default).
    #[arg(long, value_name = "CALL", value_parser = parse_forecast)]
    pub forecast: Option<ForecastChoice>,
    /// Your split of it: 50% or 0.5 (default: all of it).
    #[arg(long, value_name = "SHARE", value_parser = parse_rate)]
    pub share: Option<f64>,
    /// This deal's credit rate over its kind's: 80% or 0.8.
    #[arg(long, value_name = "RATE", value_parser = parse_rate)]
    pub credit: Option<f64>,
    /// The contract's length, for first-year credit: 36 (months) or 3y.
    #[arg(long, value_name = "MONTHS", value_parser = parse_term)]
    pub term: Option<u32>,
}

/// A forecast call, or back to the stage's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForecastChoice(pub Option<ForecastCategory>);

#[derive(Debug, Subcommand)]
pub enum ForecastAction {
    /// Keep today's call in the book, to compare next week's with.
    Submit {
        /// What you told your manager with it.
        #[arg(long)]
        note: Option<String>,
    },
    /// Every call submitted, with its note.
    History,
}

#[derive(Debug, Subcommand)]
pub enum RollupAction {
    /// This fiscal quarter per member and for the team: target, closed, commit, best
    /// case, pipeline, weighted, attainment (the default).
    Forecast,
    /// A Markdown page for the weekly forecast call: forecast, pipeline, activity, gifts.
    Report {
        /// The period pipeline moves and activity cover: 7d or 2w back, or a date.
        #[arg(long, default_value = "7d", allow_hyphen_values = true)]
        since: String,
    },
    /// Each member's open deals by stage, what slipped or rots, and close dates pushed.
    Pipeline {
        /// Pushed since when: 7d or 2w back, or a date.
        #[arg(long, default_value = "7d", allow_hyphen_values = true)]
        since: String,
    },
    /// Each member's logged contact since a day, by kind, and key accounts overdue.
    Activity {
        /// From when: 7d or 2w back, or a date (2026-11-01, -3d, mon).
        #[arg(long, default_value = "7d", allow_hyphen_values = true)]
        since: String,
    },
    /// One gift register for the team (FINRA Rule 3220 counts what every associated
    /// person gave): each recipient across every member's book, counted in dollars.
    Gifts {
        /// Instead: walk each remote member's published history and list the gifts
        /// edited or removed after they were first pushed.
        #[arg(long)]
        audit: bool,
    },
    /// Bring the mirrors of the members' git remotes up to date (read-only).
    Fetch {
        /// Seconds each fetch may take.
        #[arg(long, default_value_t = 30)]
        timeout: u64,
    },
}

#[derive(Debug, Subcommand)]
pub enum SyncAction {
    /// Set the book up to sync with REMOTE (any URL git takes, or a path): an empty remote
    /// gets this book, a remote's book becomes this one when there is none here.
    Init {
        remote: String,
        /// This machine's name in the history (default: its host name).
        #[arg(long)]
        device: Option<String>,
        /// Seconds a fetch or push may take before the remote counts as unreachable.
        #[arg(long, default_value_t = 30)]
        timeout: u64,
    },
    /// Where the book stands against the remote, as of the last sync.
    Status {
        /// Print JSON for scripts.
        #[arg(long)]
        json: bool,
    },
    /// When, and on which machine, the book (or one client) changed.
    Log {
        /// A client's id: only the changes that touched it.
        client: Option<String>,
    },
}

fn parse_side(text: &str) -> Result<crate::sync::Side, String> {
    match text.to_lowercase().as_str() {
        "mine" | "ours" | "here" => Ok(crate::sync::Side::Mine),
        "theirs" | "remote" | "there" => Ok(crate::sync::Side::Theirs),
        _ => Err(format!("`{text}`: say mine or theirs")),
    }
}

#[derive(Debug, Subcommand)]
pub enum DealAction {
    /// Add a deal to a client.
    Add {
        /// The client's id.
        client: String,
        /// What is being sold.
        title: String,
        #[command(flatten)]
        fields: DealFlags,
    },
    /// Change a deal's fields (tasks for it stay with it through a new title).
    Edit {
        /// The client's id.
        client: String,
        /// The deal: its id, or the start of its title.
        deal: String,
        /// A new title.
        #[arg(long)]
        title: Option<String>,
        #[command(flatten)]
        fields: DealFlags,
    },
    /// Move a deal to a stage (Won or Lost closes it today).
    Move {
        /// The client's id.
        client: String,
        /// The deal: its id, or the start of its title.
        deal: String,
        /// Lead, Qualified, Proposal, Negotiation, Won or Lost.
        #[arg(value_parser = parse_stage)]
        stage: Stage,
    },
    /// Mark a deal won.
    Won(Closing),
    /// Mark a deal lost.
    Lost(Closing),
}

/// Which deal closes, and when.
#[derive(Debug, Clone, clap::Args)]
pub struct Closing {
    /// The client's id.
    pub client: String,
    /// The deal: its id, or the start of its title.
    pub deal: String,
    /// The day it closed (default today): 2026-12-01, yesterday, -3d.
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
    pub date: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum GiftAction {
    /// Record a gift or entertainment given; prints what `konto gifts check` would say of
    /// it and exits 1 when it goes over (it is recorded all the same).
    Add {
        #[command(flatten)]
        gift: GiftFlags,
        /// What it was (default: "Gift", or "Entertainment").
        #[arg(long)]
        description: Option<String>,
        /// When it was given (default today): 2026-11-20, yesterday, -3d.
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
        date: Option<String>,
    },
}

/// The tables `konto export csv` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Table {
    /// One row per client, with next check-in and priority.
    Clients,
    /// One row per person, with their client and the last contact with them.
    Contacts,
    /// One row per task, open and done, with its client.
    Tasks,
}

/// The period a review covers: `--period month`, or its shorthand `--month`.
#[derive(Debug, Clone, Default, clap::Args)]
#[group(id = "report_period", multiple = false)]
pub struct PeriodChoice {
    /// The period to review.
    #[arg(long, value_enum, value_name = "PERIOD")]
    period: Option<Period>,
    /// The seven days up to today (the default); the same as --period week.
    #[arg(long)]
    week: bool,
    /// The month to date; the same as --period month.
    #[arg(long)]
    month: bool,
    /// The quarter to date; the same as --period quarter.
    #[arg(long)]
    quarter: bool,
}

impl PeriodChoice {
    /// The one period chosen (clap refuses two), the week when none is.
    pub fn period(&self) -> Period {
        match (self.period, self.week, self.month, self.quarter) {
            (Some(period), ..) => period,
            (None, _, true, _) => Period::Month,
            (None, _, _, true) => Period::Quarter,
            _ => Period::Week,
        }
    }
}

/// Where an export or report goes: printed, or written to a file.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct OutFile {
    /// Write to this file instead of printing (readable by you only; written whole or not at all).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace FILE if it exists (never the book or its backup, a folder, a device or a FIFO).
    #[arg(long, requires = "out")]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum GiftsCommand {
    /// May I give this? The counted value, the total it would reach and the limit or
    /// client policy that applies; exits 0 when allowed, 1 when it would go over.
    Check {
        #[command(flatten)]
        gift: GiftFlags,
        /// When it is given (default today).
        #[arg(long, value_name = "DATE", value_parser = parse_day)]
        date: Option<NaiveDate>,
    },
}

/// A gift as `konto gifts check` and `konto gift add` are told of it.
#[derive(Debug, Clone, clap::Args)]
pub struct GiftFlags {
    /// The client's id.
    pub client: String,
    /// The person: a contact id or name at the client (or anyone's name).
    pub recipient: String,
    /// What it costs: 90, 1,200, 60k.
    #[arg(value_parser = parse_money)]
    pub value: Money,
    /// Face or market value (tickets), when higher than the cost.
    #[arg(long, value_name = "F", value_parser = parse_money)]
    pub face: Option<Money>,
    /// Business entertainment (with --attended: you or a colleague go along).
    #[arg(long)]
    pub entertainment: bool,
    /// You or a colleague go along: business entertainment, recorded but not counted
    /// against the yearly gift limit (with --entertainment).
    #[arg(long, requires = "entertainment")]
    pub attended: bool,
    /// A group gift shared by N people: the recipient's share is what counts.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub split: u32,
}

impl GiftFlags {
    /// The recipient's gift on `on`: their share of cost and face value when shared.
    pub fn gift(&self, on: NaiveDate) -> crate::model::Gift {
        let share = |m: Money| Money::from_cents(m.cents() / i64::from(self.split));
        crate::model::Gift {
            date: Some(on),
            kind: self
                .entertainment
                .then_some(crate::model::GiftKind::Entertainment),
            attended: self.attended,
            recipient: self.recipient.trim().to_string(),
            value: Some(share(self.value)),
            face_value: self.face.map(share),
            ..crate::model::Gift::default()
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum ImportSource {
    /// Accounts, contacts or opportunities from a Salesforce, HubSpot, Pipedrive or other
    /// CRM export: what the file is, is read from its columns and said before anything
    /// is written. Import accounts first: people and deals join them by the CRM's ids.
    Csv {
        file: PathBuf,
        /// Show what would change and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// What the file's rows are, when its columns do not say it.
        #[arg(long = "as", value_name = "KIND", value_parser = parse_import_kind)]
        kind: Option<crate::import::columns::Kind>,
        /// How the file writes dates like 03/04/2026, when none of its dates says it:
        /// mdy (month first) or dmy (day first).
        #[arg(long, value_name = "ORDER", value_parser = parse_day_order)]
        dates: Option<crate::import::values::DayOrder>,
        /// Read a column as a field: "Key Account Tier=tier". Fields: name, industry,
        /// annual_value, tier, cadence_days, last_contact, next_checkin, contact,
        /// contact_email, contact_phone, contact_role, notes, revenue, deal, stage,
        /// amount, close_date, deal_kind, forecast, ignore. Or read an export's own
        /// value as konto's: "stage:Discovery=Qualified", "forecast:Upside=BestCase",
        /// "type:Expansion=Upsell".
        #[arg(long = "map", value_name = "COLUMN=FIELD", value_parser = parse_mapping)]
        map: Vec<Mapping>,
    },
    /// Contacts from a vCard file (3.0 or 4.0), added to one client.
    Vcf {
        file: PathBuf,
        /// The client to add them to.
        #[arg(long, value_name = "ID")]
        client: String,
        /// Show what would change and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportFormat {
    /// Upcoming check-ins and deal close dates as an iCalendar file.
    Ics {
        /// How many days ahead.
        #[arg(long, default_value_t = 30, value_name = "N")]
        days: u32,
        #[command(flatten)]
        output: OutFile,
    },
    /// A table for spreadsheets: clients (with next check-in and priority), contacts or
    /// tasks.
    Csv {
        /// Which table.
        #[arg(long, value_enum, default_value_t = Table::Clients)]
        table: Table,
        #[command(flatten)]
        output: OutFile,
    },
    /// The whole book as JSON.
    Json {
        #[command(flatten)]
        output: OutFile,
    },
    /// The gift log a compliance officer asks for, as CSV: every gift of the gift year
    /// that holds --today, one row per recipient, with the running total and the limit.
    Gifts {
        #[command(flatten)]
        output: OutFile,
    },
}

/// One `--map`: a column read as a field, or an export's value read as konto's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mapping {
    Column(String, Field),
    Stage(String, Stage),
    Forecast(String, ForecastCategory),
    Kind(String, DealKind),
}

/// Gathers `--map` entries into what the importer reads.
pub fn mappings(entries: &[Mapping]) -> Mappings {
    let mut out = Mappings::default();
    for entry in entries.iter().cloned() {
        match entry {
            Mapping::Column(column, field) => out.columns.push((column, field)),
            Mapping::Stage(value, stage) => out.values.stages.push((value, stage)),
            Mapping::Forecast(value, call) => out.values.forecasts.push((value, call)),
            Mapping::Kind(value, kind) => out.values.kinds.push((value, kind)),
        }
    }
    out
}

/// `Best case`, `BestCase` and `best-case` name the same value.
fn one_of<T: Copy>(text: &str, options: impl Iterator<Item = (T, String)>) -> Option<T> {
    let key = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let wanted = key(text);
    options
        .into_iter()
        .find(|(_, name)| key(name) == wanted)
        .map(|(value, _)| value)
}

fn parse_value_mapping(kind: &str, value: &str, target: &str) -> Result<Mapping, String> {
    let value = value.trim().to_string();
    let unknown = |names: &str| format!("\"{target}\" is not a {kind}; use one of: {names}");
    match kind {
        "stage" => one_of(target, Stage::iter().map(|s| (s, s.label().to_string())))
            .map(|s| Mapping::Stage(value, s))
            .ok_or_else(|| unknown("Lead, Qualified, Proposal, Negotiation, Won, Lost")),
        "forecast" => one_of(
            target,
            ForecastCategory::iter().map(|f| (f, f.label().to_string())),
        )
        .map(|f| Mapping::Forecast(value, f))
        .ok_or_else(|| unknown("Pipeline, BestCase, Commit, Omitted")),
        _ => one_of(target, DealKind::iter().map(|k| (k, k.label().to_string())))
            .map(|k| Mapping::Kind(value, k))
            .ok_or_else(|| unknown("NewBusiness, Upsell, Renewal")),
    }
}

fn parse_mapping(text: &str) -> Result<Mapping, String> {
    let (column, field) = text.rsplit_once('=').ok_or_else(|| {
        format!("\"{text}\" should be COLUMN=FIELD, e.g. \"Key Account Tier=tier\"")
    })?;
    if let Some((kind, value)) = column.split_once(':')
        && ["stage", "forecast", "type"].contains(&kind.trim().to_lowercase().as_str())
    {
        return parse_value_mapping(&kind.trim().to_lowercase(), value, field.trim());
    }
    let field = Field::parse(field).ok_or_else(|| {
        let names: Vec<&str> = Field::NAMES.iter().map(|(n, _)| *n).collect();
        format!(
            "\"{field}\" is not a field; use one of: {}",
            names.join(", ")
        )
    })?;
    Ok(Mapping::Column(column.trim().to_string(), field))
}

fn parse_import_kind(text: &str) -> Result<crate::import::columns::Kind, String> {
    crate::import::columns::Kind::parse(text).ok_or_else(|| {
        format!("`{text}` is not a kind of export; use accounts, contacts or opportunities")
    })
}

fn parse_day_order(text: &str) -> Result<crate::import::values::DayOrder, String> {
    crate::import::values::DayOrder::parse(text).ok_or_else(|| {
        format!("`{text}` is not an order of dates; use mdy (03/04 is March 4) or dmy (April 3)")
    })
}

fn parse_rate(text: &str) -> Result<f64, String> {
    crate::edit::parse_rate(text)
}

fn parse_term(text: &str) -> Result<u32, String> {
    crate::edit::parse_term(text)
}

fn parse_money(text: &str) -> Result<Money, String> {
    Money::parse(text)
}

fn parse_clock(text: &str) -> Result<chrono::NaiveTime, String> {
    chrono::NaiveTime::parse_from_str(text.trim(), "%H:%M")
        .map_err(|_| format!("\"{text}\" is not a time of day: write HH:MM, e.g. 09:30"))
}

fn parse_day(text: &str) -> Result<NaiveDate, String> {
    parse_date(text)
}

fn parse_buying_role(text: &str) -> Result<BuyingRole, String> {
    BuyingRole::parse(text).ok_or_else(|| {
        format!("`{text}` is not a buying role; use Champion, EconomicBuyer, DecisionMaker, TechnicalBuyer, Influencer, User or Blocker")
    })
}

fn parse_stage(text: &str) -> Result<Stage, String> {
    one_of(text, Stage::iter().map(|s| (s, s.label().to_string()))).ok_or_else(|| {
        format!("`{text}` is not a stage; use Lead, Qualified, Proposal, Negotiation, Won or Lost")
    })
}

fn parse_deal_kind(text: &str) -> Result<DealKind, String> {
    one_of(text, DealKind::iter().map(|k| (k, k.label().to_string()))).ok_or_else(|| {
        format!("`{text}` is not a kind of deal; use NewBusiness, Upsell or Renewal")
    })
}

fn parse_forecast(text: &str) -> Result<ForecastChoice, String> {
    let calls = ForecastCategory::iter().map(|f| (Some(f), f.label().to_string()));
    one_of(text, calls.chain([(None, "ByStage".to_string())]))
        .map(ForecastChoice)
        .ok_or_else(|| {
            format!("`{text}` is not a forecast call; use Pipeline, BestCase, Commit, Omitted or ByStage")
        })
}

fn parse_kind(text: &str) -> Result<InteractionKind, String> {
    InteractionKind::parse(text).ok_or_else(|| {
        format!(
            "`{text}` is not a kind of interaction; use Call, Email, Meeting, Demo, Note or Attempt"
        )
    })
}
