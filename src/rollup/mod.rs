//! A sales manager's view over the team's books: each member's book read as it is (a
//! file, or the `main` branch of the git remote `konto sync` publishes to, mirrored
//! read-only in konto's data folder), the same rules run on each, the figures put side by
//! side in the team's currency. Nothing is ever written to a member's book or remote.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

use crate::model::{Book, Money};
use crate::rules::quota;
use crate::storage;
use crate::sync::git::Git;

/// The manager's file: the team's currency and its members. Not a book.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Team {
    #[serde(default = "usd")]
    pub currency: String,
    /// Team currency per 1 US dollar, when the team's currency is not the dollar.
    #[serde(default)]
    pub usd_rate: Option<f64>,
    pub members: Vec<Member>,
}

fn usd() -> String {
    "USD".to_string()
}

/// One account executive: where their book is read from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub id: String,
    pub name: String,
    /// A book file this machine can read.
    #[serde(default)]
    pub book: Option<PathBuf>,
    /// A git repository whose `main` holds `book.ron` (what `konto sync` publishes).
    #[serde(default)]
    pub remote: Option<String>,
}

/// What can stop a roll-up as a whole (one member's book failing does not).
#[derive(Debug, thiserror::Error)]
pub enum RollupError {
    #[error("no team file at {}: write one (see the README, \"For a sales manager\")", .0.display())]
    NoTeamFile(PathBuf),
    #[error("{}:{line}:{column}: {message}", .path.display())]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("konto cannot tell where to keep the team's mirrors (no home folder)")]
    NoDataFolder,
}

/// Where the team file is read from when `--team` does not say.
pub fn default_team_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "konto").map(|d| d.config_dir().join("team.ron"))
}

/// Reads and checks the team file.
pub fn read_team(path: &Path) -> Result<Team, RollupError> {
    let text =
        std::fs::read_to_string(path).map_err(|_| RollupError::NoTeamFile(path.to_path_buf()))?;
    let invalid = |line: usize, column: usize, message: String| RollupError::Invalid {
        path: path.to_path_buf(),
        line,
        column,
        message,
    };
    let team: Team = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(&text)
        .map_err(|e: ron::error::SpannedError| {
            invalid(e.span.start.line, e.span.start.col, e.code.to_string())
        })?;
    for member in &team.members {
        if member.book.is_some() == member.remote.is_some() {
            return Err(invalid(
                0,
                0,
                format!(
                    "member `{}` needs either `book` (a file) or `remote` (a git repository), one of the two",
                    member.id
                ),
            ));
        }
    }
    Ok(team)
}

/// What the roll-up keeps of a member's book: the figures every answer needs, worked out
/// as the book is read, so that each book is dropped before the next is read (eight books
/// of 10,000 clients held at once are more than half a gigabyte).
#[derive(Debug, Clone)]
pub struct MemberBook {
    pub member: Member,
    pub read: Result<Summary, String>,
}

/// A member's figures; each part that cannot be had (a currency without a rate) says why.
#[derive(Debug, Clone)]
pub struct Summary {
    /// The file's time, or the commit's.
    pub as_of: DateTime<Utc>,
    /// This fiscal quarter, and the next.
    pub forecast: Result<MemberForecast, String>,
    pub next_forecast: Result<MemberForecast, String>,
    pub pipeline: Result<MemberPipeline, String>,
    pub activity: Activity,
    pub gifts: Result<Vec<GiftShare>, String>,
}

/// A book read for the roll-up, and how fresh it is.
struct Read {
    book: Book,
    as_of: DateTime<Utc>,
}

/// The mirror of a member's remote: a bare repository in konto's data folder.
fn mirror_dir(member: &Member, remote: &str) -> Result<PathBuf, RollupError> {
    let dirs = directories::ProjectDirs::from("", "", "konto").ok_or(RollupError::NoDataFolder)?;
    let hash = xxhash_rust::xxh3::xxh3_64(remote.as_bytes());
    Ok(dirs
        .data_dir()
        .join("rollup")
        .join(format!("{}-{hash:016x}.git", crate::edit::slug(&member.id))))
}

const MIRRORED: &str = "refs/remotes/origin/main";

/// Brings every remote member's mirror up to date; each member's outcome in words.
pub fn fetch(team: &Team, limit: Duration) -> Vec<(String, Result<(), String>)> {
    team.members
        .iter()
        .filter_map(|member| {
            let remote = member.remote.as_deref()?;
            Some((member.id.clone(), fetch_one(member, remote, limit)))
        })
        .collect()
}

fn fetch_one(member: &Member, remote: &str, limit: Duration) -> Result<(), String> {
    let dir = mirror_dir(member, remote).map_err(|e| e.to_string())?;
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let git = Git::new(&dir, "konto-rollup");
    if !dir.join("HEAD").is_file() {
        git.run(&["init", "--quiet", "--bare"])
            .map_err(|e| e.to_string())?;
    }
    git.run_network(
        &[
            "fetch",
            "--quiet",
            "--no-tags",
            // A remote is never read as an option (`--upload-pack=…` runs a command).
            "--end-of-options",
            remote,
            &format!("+refs/heads/main:{MIRRORED}"),
        ],
        limit,
    )
    .map(|_| ())
    .map_err(|e| e.to_string())
}

/// Every member's book, read-only, one at a time, summed up for the day `today` (and
/// moves and contact since `since`); a member whose book cannot be read says why.
pub fn read_members(team: &Team, since: NaiveDate, today: NaiveDate) -> Vec<MemberBook> {
    team.members
        .iter()
        .map(|member| MemberBook {
            member: member.clone(),
            read: read_member(member).map(|read| summary(team, member, &read, since, today)),
        })
        .collect()
}

fn summary(
    team: &Team,
    member: &Member,
    read: &Read,
    since: NaiveDate,
    today: NaiveDate,
) -> Summary {
    Summary {
        as_of: read.as_of,
        forecast: forecast_of(team, member, read, quota::quota(&read.book, today).quarter),
        next_forecast: forecast_of(team, member, read, quota::next_quarter(&read.book, today)),
        pipeline: pipeline_of(team, member, &read.book, since, today),
        activity: activity_of(member, &read.book, since, today),
        gifts: gift_shares(&read.book, today),
    }
}

fn read_member(member: &Member) -> Result<Read, String> {
    if let Some(path) = &member.book {
        let loaded = storage::load(path).map_err(|e| e.to_string())?;
        let as_of = std::fs::metadata(path)
            .and_then(|m| m.modified())
            .map(DateTime::<Utc>::from)
            .unwrap_or_default();
        return Ok(Read {
            book: loaded.book,
            as_of,
        });
    }
    let remote = member.remote.as_deref().unwrap_or_default();
    let dir = mirror_dir(member, remote).map_err(|e| e.to_string())?;
    let git = Git::new(&dir, "konto-rollup");
    let not_fetched = || format!("not fetched yet from {remote}: `konto rollup fetch` does");
    if !dir.join("HEAD").is_file() {
        return Err(not_fetched());
    }
    let time = git
        .answer(&["log", "-1", "--format=%ct", MIRRORED])
        .map_err(|e| e.to_string())?
        .ok_or_else(not_fetched)?;
    let bytes = git
        .run_raw(&["cat-file", "blob", &format!("{MIRRORED}:book.ron")])
        .map_err(|e| e.to_string())?;
    let text = String::from_utf8(bytes).map_err(|_| "the book is not UTF-8 text".to_string())?;
    let (book, _) = storage::parse(&text).map_err(|p| p.to_string())?;
    Ok(Read {
        book,
        as_of: time
            .parse()
            .ok()
            .and_then(|t| DateTime::from_timestamp(t, 0))
            .unwrap_or_default(),
    })
}

/// An amount of a member's book in the team's currency: through the dollar, with the
/// book's `usd_rate` (and the team's, when the team's currency is not the dollar).
/// `None` when a rate it needs is missing: never summed as if it were the same money.
pub fn in_team_currency(amount: Money, book: &Book, team: &Team) -> Option<Money> {
    let from = book.currency();
    if from.eq_ignore_ascii_case(&team.currency) {
        return Some(amount);
    }
    let usd = amount.as_f64() / book.per_usd()?;
    let team_rate = if team.currency.eq_ignore_ascii_case("USD") {
        1.0
    } else {
        team.usd_rate.filter(|r| *r > 0.0)?
    };
    Money::from_f64(usd * team_rate)
}

/// Why a book's money cannot be summed with the team's.
fn no_rate(book: &Book, team: &Team) -> String {
    format!(
        "the book is in {} and has no usd_rate (or the team file none for {}): not summed as if it were the same money",
        book.currency(),
        team.currency
    )
}

/// The members whose books could be read; the others go to `missing`, with the reason.
fn readable<'a>(
    books: &'a [MemberBook],
    missing: &mut Vec<(String, String)>,
) -> Vec<(&'a Member, &'a Summary)> {
    books
        .iter()
        .filter_map(|m| match &m.read {
            Ok(summary) => Some((&m.member, summary)),
            Err(reason) => {
                missing.push((m.member.id.clone(), reason.clone()));
                None
            }
        })
        .collect()
}

/// The parts of the readable books `part` picks; those it cannot have go to `missing`.
fn parts<'a, T>(
    books: &'a [MemberBook],
    missing: &mut Vec<(String, String)>,
    part: impl Fn(&'a Summary) -> &'a Result<T, String>,
) -> Vec<&'a T> {
    let mut found = Vec::new();
    for (member, summary) in readable(books, missing) {
        match part(summary) {
            Ok(value) => found.push(value),
            Err(reason) => missing.push((member.id.clone(), reason.clone())),
        }
    }
    found
}

/// One member's forecast for the current fiscal quarter, in the team's currency.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Forecast {
    pub target: Money,
    pub closed: Money,
    pub commit: Money,
    pub best_case: Money,
    pub pipeline: Money,
    pub weighted: Money,
    pub attainment: f64,
}

/// A member's line of the forecast roll-up.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MemberForecast {
    pub id: String,
    pub name: String,
    pub as_of: DateTime<Utc>,
    /// The book's own currency.
    pub currency: String,
    /// The quarter as the member's fiscal year has it: `Q4 2026-10-01..2026-12-31`.
    pub period: String,
    pub figures: Forecast,
}

/// The forecast roll-up: each member, the team's total, and who could not be counted.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ForecastRollup {
    pub currency: String,
    pub members: Vec<MemberForecast>,
    pub total: Forecast,
    /// Members left out of the total, with the reason.
    pub missing: Vec<(String, String)>,
    /// The members' quarters differ (fiscal years start in different months).
    pub periods_differ: bool,
}

fn forecast_of(
    team: &Team,
    member: &Member,
    read: &Read,
    q: quota::QuarterReport,
) -> Result<MemberForecast, String> {
    let book = &read.book;
    let convert = |m: Money| in_team_currency(m, book, team).ok_or_else(|| no_rate(book, team));
    Ok(MemberForecast {
        id: member.id.clone(),
        name: member.name.clone(),
        as_of: read.as_of,
        currency: book.currency().to_string(),
        period: format!("Q{} {}..{}", q.index, q.span.start, q.span.last_day()),
        figures: Forecast {
            target: convert(q.target)?,
            closed: convert(q.categories.closed)?,
            commit: convert(q.categories.commit)?,
            best_case: convert(q.categories.best_case)?,
            pipeline: convert(q.categories.pipeline)?,
            weighted: convert(q.forecast)?,
            attainment: q.attainment,
        },
    })
}

/// This fiscal quarter (or the next) per member and for the team.
pub fn forecast(team: &Team, books: &[MemberBook], next: bool) -> ForecastRollup {
    let mut missing = Vec::new();
    let members: Vec<MemberForecast> = parts(books, &mut missing, |s| {
        if next { &s.next_forecast } else { &s.forecast }
    })
    .into_iter()
    .cloned()
    .collect();
    let sum = |f: fn(&Forecast) -> Money| members.iter().map(|m| f(&m.figures)).sum::<Money>();
    let target = sum(|f| f.target);
    let closed = sum(|f| f.closed);
    let total = Forecast {
        target,
        closed,
        commit: sum(|f| f.commit),
        best_case: sum(|f| f.best_case),
        pipeline: sum(|f| f.pipeline),
        weighted: sum(|f| f.weighted),
        attainment: if target.cents() > 0 {
            closed.as_f64() / target.as_f64()
        } else {
            0.0
        },
    };
    let periods_differ = members.windows(2).any(|w| w[0].period != w[1].period);
    ForecastRollup {
        currency: team.currency.clone(),
        members,
        total,
        missing,
        periods_differ,
    }
}

/// One recipient's counted gifts in one member's book, in dollars.
#[derive(Debug, Clone, PartialEq)]
pub struct GiftShare {
    pub recipient: String,
    pub email: Option<String>,
    pub counted_usd: Money,
    pub limit_usd: Option<Money>,
}

fn gift_shares(book: &Book, today: NaiveDate) -> Result<Vec<GiftShare>, String> {
    use crate::rules::compliance;
    let usd_rate = book.per_usd().ok_or_else(|| {
        format!(
            "the book is in {} and has no usd_rate: its gifts cannot be counted in dollars",
            book.currency()
        )
    })?;
    let limit = compliance::limit_on(book, today).map(|l| l.usd);
    Ok(compliance::gift_tally(book, today)
        .into_iter()
        .map(|tally| GiftShare {
            counted_usd: Money::from_f64(tally.counted.as_f64() / usd_rate).unwrap_or_default(),
            recipient: tally.recipient,
            email: tally.email,
            limit_usd: limit,
        })
        .collect())
}

/// One person given something this gift year by anyone on the team: FINRA Rule 3220 counts
/// what every associated person of the firm gave them.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TeamRecipient {
    pub recipient: String,
    pub email: Option<String>,
    /// The members who gave them something counted or not.
    pub givers: Vec<String>,
    /// Counted gifts across the team, in dollars.
    pub counted_usd: Money,
    /// The strictest limit in force among the givers' books, in dollars.
    pub limit_usd: Option<Money>,
    pub standing: crate::rules::compliance::Standing,
}

/// The team's gift register, and the members whose gifts could not be counted.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GiftRegister {
    pub recipients: Vec<TeamRecipient>,
    pub missing: Vec<(String, String)>,
}

/// Every recipient across the members' books, one person by the rule one book uses: the
/// same email, else the same name (accents and case aside) unless two emails differ.
pub fn gifts(books: &[MemberBook]) -> GiftRegister {
    use crate::rules::compliance;
    let mut recipients: Vec<TeamRecipient> = Vec::new();
    let mut by_email: HashMap<String, usize> = HashMap::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    let mut missing = Vec::new();
    for (member, summary) in readable(books, &mut missing) {
        let shares = match &summary.gifts {
            Ok(shares) => shares,
            Err(reason) => {
                missing.push((member.id.clone(), reason.clone()));
                continue;
            }
        };
        for share in shares {
            let folded = crate::text::fold_name(&share.recipient);
            let found = share
                .email
                .as_ref()
                .and_then(|e| by_email.get(e).copied())
                .or_else(|| {
                    by_name.get(&folded).copied().filter(|&p| {
                        !matches!((&recipients[p].email, &share.email), (Some(a), Some(b)) if a != b)
                    })
                });
            let at = found.unwrap_or_else(|| {
                recipients.push(TeamRecipient {
                    recipient: share.recipient.clone(),
                    email: None,
                    givers: Vec::new(),
                    counted_usd: Money::ZERO,
                    limit_usd: None,
                    standing: compliance::Standing::Unjudged,
                });
                recipients.len() - 1
            });
            let person = &mut recipients[at];
            if let Some(email) = &share.email {
                person.email.get_or_insert_with(|| email.clone());
                by_email.entry(email.clone()).or_insert(at);
            }
            by_name.entry(folded).or_insert(at);
            if !person.givers.contains(&member.id) {
                person.givers.push(member.id.clone());
            }
            person.counted_usd += share.counted_usd;
            person.limit_usd = match (person.limit_usd, share.limit_usd) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
    }
    for person in &mut recipients {
        person.standing = compliance::standing(person.counted_usd, person.limit_usd);
    }
    recipients.sort_by(|a, b| {
        a.standing
            .cmp(&b.standing)
            .then(b.counted_usd.cmp(&a.counted_usd))
            .then_with(|| {
                crate::text::fold_name(&a.recipient).cmp(&crate::text::fold_name(&b.recipient))
            })
    });
    GiftRegister {
        recipients,
        missing,
    }
}

/// A member's contact with clients in a period, by kind, and their key accounts overdue.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Activity {
    pub id: String,
    pub name: String,
    pub calls: usize,
    pub meetings: usize,
    pub emails: usize,
    pub demos: usize,
    pub attempts: usize,
    /// Key accounts past their check-in today (ids).
    pub key_accounts_overdue: Vec<String>,
}

/// A member's logged contact from `since` to `today` (both included).
fn activity_of(member: &Member, book: &Book, since: NaiveDate, today: NaiveDate) -> Activity {
    use crate::model::{InteractionKind, Tier};
    let mut activity = Activity {
        id: member.id.clone(),
        name: member.name.clone(),
        calls: 0,
        meetings: 0,
        emails: 0,
        demos: 0,
        attempts: 0,
        key_accounts_overdue: Vec::new(),
    };
    let logged = book
        .clients
        .iter()
        .flat_map(|c| &c.interactions)
        .filter(|i| i.date.is_some_and(|d| d >= since && d <= today));
    for interaction in logged {
        match interaction.kind() {
            InteractionKind::Call => activity.calls += 1,
            InteractionKind::Meeting => activity.meetings += 1,
            InteractionKind::Email => activity.emails += 1,
            InteractionKind::Demo => activity.demos += 1,
            InteractionKind::Attempt => activity.attempts += 1,
            InteractionKind::Note => {}
        }
    }
    activity.key_accounts_overdue = crate::rules::checkins::buckets(book, today, 0)
        .overdue
        .iter()
        .filter(|c| c.client.tier() == Tier::Key)
        .map(|c| c.client.id.clone())
        .collect();
    activity
}

/// Each member's logged contact, and who could not be read.
pub fn activity(books: &[MemberBook]) -> (Vec<Activity>, Vec<(String, String)>) {
    let mut missing = Vec::new();
    let members = readable(books, &mut missing)
        .into_iter()
        .map(|(_, summary)| summary.activity.clone())
        .collect();
    (members, missing)
}

/// One open stage of a member's pipeline, in the team's currency.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StageLine {
    pub stage: crate::model::Stage,
    pub count: usize,
    pub amount: Money,
}

/// A member's open pipeline: by stage, what slipped or rots, what was pushed lately.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MemberPipeline {
    pub id: String,
    pub name: String,
    pub stages: Vec<StageLine>,
    /// Open deals past their close date: how many, and their amount.
    pub slipped: usize,
    pub slipped_amount: Money,
    /// Open deals too long in their stage.
    pub rotting: usize,
    /// Close dates moved later in the period (each move counts), and by how many days.
    pub pushed: usize,
    pub pushed_days: i64,
}

/// A member's open pipeline; close dates pushed from `since` to `today`.
fn pipeline_of(
    team: &Team,
    member: &Member,
    book: &Book,
    since: NaiveDate,
    today: NaiveDate,
) -> Result<MemberPipeline, String> {
    let convert = |m: Money| in_team_currency(m, book, team).ok_or_else(|| no_rate(book, team));
    let p = crate::rules::pipeline::pipeline(book, today);
    let stages = p
        .stages
        .iter()
        .map(|s| {
            Ok(StageLine {
                stage: s.stage,
                count: s.count,
                amount: convert(s.amount)?,
            })
        })
        .collect::<Result<Vec<StageLine>, String>>()?;
    let slipped: Vec<_> = p
        .deals
        .iter()
        .filter(|d| d.slipped_days.is_some())
        .collect();
    let slipped_amount = convert(slipped.iter().map(|d| d.deal.amount()).sum())?;
    let moves = book
        .clients
        .iter()
        .flat_map(|c| &c.deals)
        .flat_map(|d| &d.history)
        .filter(|h| h.date >= since && h.date <= today)
        .filter_map(|h| {
            let change = h.close_date.as_ref()?;
            let days = (change.to? - change.from?).num_days();
            (days > 0).then_some(days)
        });
    let (pushed, pushed_days) = moves.fold((0, 0), |(n, days), d| (n + 1, days + d));
    Ok(MemberPipeline {
        id: member.id.clone(),
        name: member.name.clone(),
        stages,
        slipped: slipped.len(),
        slipped_amount,
        rotting: p.deals.iter().filter(|d| d.rotting).count(),
        pushed,
        pushed_days,
    })
}

/// Each member's open pipeline, and who could not be counted.
pub fn pipeline(books: &[MemberBook]) -> (Vec<MemberPipeline>, Vec<(String, String)>) {
    let mut missing = Vec::new();
    let members = parts(books, &mut missing, |s| &s.pipeline)
        .into_iter()
        .cloned()
        .collect();
    (members, missing)
}

/// A gift changed or removed after a member first published it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GiftChange {
    pub member: String,
    pub client_id: String,
    /// The gift's id.
    pub gift: String,
    /// `edited` or `removed`.
    pub change: String,
    /// The commit's day.
    pub date: NaiveDate,
    /// The gift as it was and as it became, in the file's words (`value: 250`).
    pub from: String,
    pub to: String,
}

/// The gift in the file's words, for an audit line: what a reviewer compares.
fn gift_words(gift: &crate::model::Gift) -> String {
    let value = gift
        .value
        .map_or_else(|| "none".to_string(), Money::grouped);
    format!(
        "{} {} for {}: {value}",
        gift.date.map(|d| d.to_string()).unwrap_or_default(),
        gift.description,
        gift.recipient_names().join(", ")
    )
}

/// Every remote member's published history, oldest first: each gift edited or removed
/// after it was first pushed. A member read from a file has no history to walk.
pub fn audit(team: &Team) -> (Vec<GiftChange>, Vec<(String, String)>) {
    let mut changes = Vec::new();
    let mut missing = Vec::new();
    for member in &team.members {
        let Some(remote) = member.remote.as_deref() else {
            continue;
        };
        match audit_one(member, remote) {
            Ok(found) => changes.extend(found),
            Err(reason) => missing.push((member.id.clone(), reason)),
        }
    }
    (changes, missing)
}

fn audit_one(member: &Member, remote: &str) -> Result<Vec<GiftChange>, String> {
    let dir = mirror_dir(member, remote).map_err(|e| e.to_string())?;
    let git = Git::new(&dir, "konto-rollup");
    if !dir.join("HEAD").is_file() {
        return Err(format!(
            "not fetched yet from {remote}: `konto rollup fetch` does"
        ));
    }
    let log = git
        .run(&[
            "log",
            "--reverse",
            "--first-parent",
            "--format=%H %ct",
            MIRRORED,
        ])
        .map_err(|e| e.to_string())?;
    let mut seen: HashMap<(String, String), crate::model::Gift> = HashMap::new();
    let mut changes = Vec::new();
    for line in log.lines() {
        let Some((commit, time)) = line.split_once(' ') else {
            continue;
        };
        let date = time
            .parse()
            .ok()
            .and_then(|t| DateTime::from_timestamp(t, 0))
            .map_or(NaiveDate::MIN, |t| t.date_naive());
        let bytes = git
            .run_raw(&["cat-file", "blob", &format!("{commit}:book.ron")])
            .map_err(|e| e.to_string())?;
        // A version that does not read (hand-broken, since fixed) is skipped, not fatal.
        let Some(book) = String::from_utf8(bytes)
            .ok()
            .and_then(|text| storage::parse(&text).ok())
            .map(|(book, _)| book)
        else {
            continue;
        };
        let mut now: HashMap<(String, String), crate::model::Gift> = HashMap::new();
        for client in &book.clients {
            for gift in &client.gifts {
                now.insert((client.id.clone(), gift.id.clone()), gift.clone());
            }
        }
        let change = |key: &(String, String), kind: &str, from: String, to: String| GiftChange {
            member: member.id.clone(),
            client_id: key.0.clone(),
            gift: key.1.clone(),
            change: kind.to_string(),
            date,
            from,
            to,
        };
        for (key, before) in &seen {
            match now.get(key) {
                None => changes.push(change(key, "removed", gift_words(before), String::new())),
                Some(after) if after != before => {
                    changes.push(change(key, "edited", gift_words(before), gift_words(after)));
                }
                Some(_) => {}
            }
        }
        seen = now;
    }
    changes.sort_by(|a, b| (a.date, &a.client_id, &a.gift).cmp(&(b.date, &b.client_id, &b.gift)));
    Ok(changes)
}
