//! Figures the panes show, computed once per change of the book (or of the portfolio's
//! filter and sort), never per frame: a keypress only moves a cursor over these.

use chrono::NaiveDate;

use crate::model::{Book, ForecastCategory, Money};
use crate::rules::checkins::{self, Due};
use crate::rules::pipeline::{self, StageTotal};
use crate::rules::priority;
use crate::rules::quota::QuotaReport;

use super::search::{Haystack, LONG_TEXT_MIN_CHARS, MatchSource, SearchText, rank_matches};

/// How far ahead the check-ins pane looks.
pub const CHECKIN_HORIZON_DAYS: u32 = 14;

/// Per-client facts the portfolio shows and sorts by.
#[derive(Debug, Clone)]
pub struct ClientFacts {
    pub next_checkin: NaiveDate,
    pub due: Due,
    pub last_contact: Option<NaiveDate>,
    pub open_pipeline: Money,
    pub score: f64,
    /// Lower-cased once, so sorting compares without allocating.
    pub sort_name: String,
    pub sort_industry: String,
    /// The client's name, for the filter (the best matches are on the name).
    pub name: Haystack,
    /// Industry, contact names and email addresses, for the filter.
    pub details: Haystack,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckinGroup {
    Overdue,
    Today,
    Upcoming,
}

impl CheckinGroup {
    pub fn title(self) -> &'static str {
        match self {
            CheckinGroup::Overdue => "Overdue",
            CheckinGroup::Today => "Today",
            CheckinGroup::Upcoming => "Coming up",
        }
    }
}

/// A line of the agenda (the check-ins pane): a group header, a client's check-in, or
/// an open task with a due date. `index` is the client's place in the book these rows
/// were computed from (they are computed again on every change); items go by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckinRow {
    Header {
        group: CheckinGroup,
        count: usize,
    },
    Client {
        index: usize,
    },
    Task {
        index: usize,
        task: String,
    },
    /// A person whose own cadence has come due (`contact`: their id).
    Person {
        index: usize,
        contact: String,
    },
}

impl CheckinRow {
    /// The client the row is about (none for a header).
    pub fn client(&self) -> Option<usize> {
        match *self {
            CheckinRow::Header { .. } => None,
            CheckinRow::Client { index }
            | CheckinRow::Task { index, .. }
            | CheckinRow::Person { index, .. } => Some(index),
        }
    }
}

/// One open deal on the pipeline board: the client's place in the book, and the deal's
/// id within the client.
#[derive(Debug, Clone, PartialEq)]
pub struct BoardDeal {
    pub client: usize,
    pub deal: String,
    pub forecast: ForecastCategory,
    pub days_in_stage: Option<i64>,
    pub slipped_days: Option<i64>,
    pub rotting: bool,
    /// What winning it now would add to the rep's pay.
    pub worth: Money,
    /// Its next step (earliest open task) and when it is due.
    pub next_step: Option<(String, Option<chrono::NaiveDate>)>,
    /// A Commit or Best case deal with no next step.
    pub lacks_next_step: bool,
}

/// One stage of the board: its totals (Omitted deals not in them) and its deals by close
/// date.
#[derive(Debug, Clone, PartialEq)]
pub struct BoardColumn {
    pub total: StageTotal,
    pub deals: Vec<BoardDeal>,
}

/// The pipeline board: a column per open stage, and the open amounts by call (credited).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Board {
    pub columns: Vec<BoardColumn>,
    pub commit: Money,
    pub best_case: Money,
    pub pipeline: Money,
}

impl Board {
    fn of(book: &Book, today: NaiveDate, quota: &QuotaReport) -> Board {
        let p = pipeline::pipeline_with(book, today, quota);
        let mut columns: Vec<BoardColumn> = p
            .stages
            .iter()
            .map(|total| BoardColumn {
                total: *total,
                deals: Vec::with_capacity(total.count),
            })
            .collect();
        // One pass over the deals, each to its stage's column (in the pipeline's order).
        for d in &p.deals {
            let stage = d.deal.stage();
            let Some(column) = columns.iter_mut().find(|c| c.total.stage == stage) else {
                continue;
            };
            column.deals.push(BoardDeal {
                client: d.client_index,
                deal: d.deal.id.clone(),
                forecast: d.forecast,
                days_in_stage: d.days_in_stage,
                slipped_days: d.slipped_days,
                rotting: d.rotting,
                worth: d.worth,
                next_step: d.next_step.map(|t| (t.title.clone(), t.due)),
                lacks_next_step: d.lacks_next_step(),
            });
        }
        Board {
            columns,
            commit: p.commit,
            best_case: p.best_case,
            pipeline: p.pipeline,
        }
    }

    /// Where the deal `deal` of the client at `client` is: (column, row).
    pub fn find(&self, client: usize, deal: &str) -> Option<(usize, usize)> {
        self.columns.iter().enumerate().find_map(|(column, c)| {
            c.deals
                .iter()
                .position(|d| d.client == client && d.deal == deal)
                .map(|row| (column, row))
        })
    }
}

#[derive(Debug, Clone)]
pub struct Derived {
    pub facts: Vec<ClientFacts>,
    /// Client indices, highest priority first.
    pub ranking: Vec<usize>,
    /// The whole agenda, group headers included (the filter narrows a copy of it).
    pub checkin_rows: Vec<CheckinRow>,
    pub quota: QuotaReport,
    pub board: Board,
    pub actionable: usize,
    /// People whose own cadence is due today or overdue (the header counts them apart).
    pub people_due: usize,
    /// Won deals dated after today (they count already): the quota pane says so.
    pub won_after_today: usize,
    /// The quota year the book names, when it is over: its year and last day.
    pub quota_year_ended: Option<(i32, NaiveDate)>,
    /// What scores are measured against, for explaining one client's score on screen.
    pub priority: priority::Context,
}

/// The team overlay's contents (as `konto team` gives them), worked out when the overlay
/// opens and after each change while it is open, never on a frame: each colleague is a
/// pass over every client's tasks and projects.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TeamView {
    pub members: Vec<MemberLoad>,
}

/// One colleague in the team overlay.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberLoad {
    pub id: String,
    pub name: String,
    pub role: Option<String>,
    /// Days taken twice, from today on: the day, and each commitment's title and client.
    pub clashes: Vec<(NaiveDate, Vec<(String, String)>)>,
    pub commitments: Vec<CommitmentRow>,
}

/// A task or project a colleague is committed to.
#[derive(Debug, Clone, PartialEq)]
pub struct CommitmentRow {
    pub date: Option<NaiveDate>,
    pub is_task: bool,
    pub title: String,
    pub client: String,
}

impl TeamView {
    pub fn compute(book: &Book, today: NaiveDate) -> TeamView {
        use crate::rules::team::{self, Commitment};
        let named = |c: &Commitment<'_>| (c.title().to_string(), c.client().name.clone());
        let members = team::loads(book, today)
            .iter()
            .map(|load| MemberLoad {
                id: load.member.id.clone(),
                name: load.member.name.clone(),
                role: load.member.role.clone(),
                clashes: load
                    .clashes
                    .iter()
                    .map(|(date, clash)| (*date, clash.iter().map(named).collect()))
                    .collect(),
                commitments: load
                    .commitments
                    .iter()
                    .map(|c| CommitmentRow {
                        date: c.date(),
                        is_task: matches!(c, Commitment::Task { .. }),
                        title: c.title().to_string(),
                        client: c.client().name.clone(),
                    })
                    .collect(),
            })
            .collect();
        TeamView { members }
    }
}

/// What a preview's figures leave out ([`Derived::of_preview`]), worked out from the
/// whole book of the same text ([`Derived::left_out_of_preview`]): the filter's texts and
/// the pipeline board. Everything else a preview's figures hold is the whole book's.
#[derive(Debug)]
pub struct LeftOut {
    /// Each client's name and details, as the filter searches them.
    texts: Vec<(Haystack, Haystack)>,
    board: Board,
}

/// The figures the whole book brings when it takes a preview's place: all of them, or,
/// when it is of the very text the preview is of, what the preview's left out.
#[derive(Debug)]
pub enum WholeFigures {
    All(Box<Derived>),
    LeftOut(LeftOut),
}

/// How much of the figures to work out: all of them, or what a preview shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    Whole,
    Preview,
}

/// A client's place in the book and an item's id, with the day it is due.
type DueItem = (usize, String, NaiveDate);

/// Open tasks with a due date within the horizon, by group: (client, task id, due date).
fn open_tasks_by_group(book: &Book, today: NaiveDate) -> [Vec<DueItem>; 3] {
    let mut groups: [Vec<DueItem>; 3] = Default::default();
    for (index, client) in book.clients.iter().enumerate() {
        for task in &client.tasks {
            let (true, Some(due)) = (task.is_open(), task.due) else {
                continue;
            };
            let slot = match Due::from_dates(due, today) {
                Due::Overdue { .. } => 0,
                Due::Today => 1,
                Due::Upcoming { days } if days <= i64::from(CHECKIN_HORIZON_DAYS) => 2,
                Due::Upcoming { .. } => continue,
            };
            groups[slot].push((index, task.id.clone(), due));
        }
    }
    groups
}

/// People whose own cadence has come due, by group (overdue, today; none ahead): (client,
/// contact id, the day they were due).
fn people_due_by_group(book: &Book, today: NaiveDate) -> [Vec<DueItem>; 3] {
    let mut groups: [Vec<DueItem>; 3] = Default::default();
    for person in checkins::people_due(book, today) {
        let index = person.client_index;
        let contact = person.contact_id.to_string();
        let (slot, date) = match person.due {
            Due::Overdue { days } => (0, today - chrono::Days::new(days.unsigned_abs())),
            _ => (1, today),
        };
        groups[slot].push((index, contact, date));
    }
    groups
}

/// The agenda's rows: each group's check-ins and due tasks in one list. Overdue and
/// today follow the priority ranking (a client's tasks right after its check-in, tasks
/// of clients not due by their client's score); the coming days go by date.
fn agenda_rows(
    groups: [(CheckinGroup, Vec<usize>); 3],
    tasks: &[Vec<DueItem>; 3],
    people: &[Vec<DueItem>; 3],
    facts: &[ClientFacts],
) -> Vec<CheckinRow> {
    let mut rows = Vec::new();
    for (((group, checkins), tasks), people) in groups.into_iter().zip(tasks).zip(people) {
        let mut items: Vec<(CheckinRow, NaiveDate, f64, u8)> = checkins
            .iter()
            .map(|&index| {
                let row = CheckinRow::Client { index };
                (row, facts[index].next_checkin, facts[index].score, 0)
            })
            .chain(tasks.iter().map(|(index, task, due)| {
                let row = CheckinRow::Task {
                    index: *index,
                    task: task.clone(),
                };
                (row, *due, facts[*index].score, 1)
            }))
            .chain(people.iter().map(|(index, contact, due)| {
                let row = CheckinRow::Person {
                    index: *index,
                    contact: contact.clone(),
                };
                (row, *due, facts[*index].score, 2)
            }))
            .collect();
        if items.is_empty() {
            continue;
        }
        let name = |row: &CheckinRow| row.client().map(|i| facts[i].sort_name.as_str());
        if group == CheckinGroup::Upcoming {
            items.sort_by(|a, b| {
                a.1.cmp(&b.1)
                    .then_with(|| name(&a.0).cmp(&name(&b.0)))
                    .then(a.3.cmp(&b.3))
            });
        } else {
            items.sort_by(|a, b| {
                b.2.total_cmp(&a.2)
                    .then_with(|| a.0.client().cmp(&b.0.client()))
                    .then(a.3.cmp(&b.3))
                    .then(a.1.cmp(&b.1))
            });
        }
        rows.push(CheckinRow::Header {
            group,
            count: items.len(),
        });
        rows.extend(items.into_iter().map(|(row, ..)| row));
    }
    rows
}

impl Derived {
    /// Client `index`'s folded texts, for the search.
    pub fn search_text(&self, index: usize) -> SearchText<'_> {
        let facts = &self.facts[index];
        SearchText {
            name: &facts.name,
            details: &facts.details,
        }
    }
}

impl Derived {
    fn facts(book: &Book, today: NaiveDate, reach: Reach) -> Vec<ClientFacts> {
        book.clients
            .iter()
            .map(|client| Self::client_facts(book, client, today, reach))
            .collect()
    }

    /// One client's facts (its score is the ranking's, filled in after).
    fn client_facts(
        book: &Book,
        client: &crate::model::Client,
        today: NaiveDate,
        reach: Reach,
    ) -> ClientFacts {
        let checkin = checkins::checkin(book, client, today);
        let (name, details) = match reach {
            Reach::Whole => (client.name.clone(), Self::details(client)),
            Reach::Preview => (String::new(), String::new()),
        };
        ClientFacts {
            next_checkin: checkin.date,
            due: checkin.due,
            last_contact: checkin.last_contact,
            open_pipeline: client.open_pipeline(),
            score: 0.0,
            sort_name: client.name.to_lowercase(),
            sort_industry: client.industry().to_lowercase(),
            name: Haystack::new(name),
            details: Haystack::new(details),
        }
    }

    /// What the filter looks for in a client besides its name: its industry, and its
    /// people's names and emails.
    fn details(client: &crate::model::Client) -> String {
        let mut details = String::with_capacity(64);
        details.push_str(client.industry());
        for contact in &client.contacts {
            details.push(' ');
            details.push_str(&contact.name);
            if let Some(email) = &contact.email {
                details.push(' ');
                details.push_str(email);
            }
        }
        details
    }

    /// The facts of the clients at `edited` worked out again from `book` (their scores
    /// kept), so that an edit shows in its client's row at once while the rest waits for
    /// a full [`Derived::compute`] off the keyboard's path. `false` (nothing changed)
    /// when these figures are not of a book with the same clients in the same places.
    pub fn patch(&mut self, book: &Book, edited: &[usize], today: NaiveDate) -> bool {
        if self.facts.len() != book.clients.len() || edited.iter().any(|&i| i >= self.facts.len()) {
            return false;
        }
        for &index in edited {
            let score = self.facts[index].score;
            self.facts[index] = ClientFacts {
                score,
                ..Self::client_facts(book, &book.clients[index], today, Reach::Whole)
            };
        }
        true
    }

    pub fn compute(book: &Book, today: NaiveDate) -> Derived {
        Self::compute_to(book, today, Reach::Whole)
    }

    /// The figures a preview's first frame shows ([`crate::storage::Preview`]): the
    /// filter's texts and the pipeline board are left out, since the filter and the board
    /// wait for the whole book (the first frame at 100,000 clients: 269 ms without them,
    /// 333 ms with them, in one run).
    pub fn of_preview(book: &Book, today: NaiveDate) -> Derived {
        Self::compute_to(book, today, Reach::Preview)
    }

    /// What [`Derived::of_preview`] left out, from the whole `book`, side by side.
    pub fn left_out_of_preview(book: &Book, today: NaiveDate) -> LeftOut {
        let texts_of = || -> Vec<(Haystack, Haystack)> {
            book.clients
                .iter()
                .map(|c| {
                    (
                        Haystack::new(c.name.clone()),
                        Haystack::new(Self::details(c)),
                    )
                })
                .collect()
        };
        // A thread that could not be started, or panicked (a bug): worked out here.
        let (texts, board) = std::thread::scope(|scope| {
            let texts = std::thread::Builder::new().spawn_scoped(scope, texts_of);
            let board = Board::of(book, today, &crate::rules::quota::quota(book, today));
            let texts = texts
                .ok()
                .and_then(|thread| thread.join().ok())
                .unwrap_or_else(texts_of);
            (texts, board)
        });
        LeftOut { texts, board }
    }

    /// A preview's figures made those of its whole book, with what they left out; `false`
    /// (nothing changed) when that is not of as many clients.
    pub fn complete(&mut self, left_out: LeftOut) -> bool {
        if left_out.texts.len() != self.facts.len() {
            return false;
        }
        for (facts, (name, details)) in self.facts.iter_mut().zip(left_out.texts) {
            facts.name = name;
            facts.details = details;
        }
        self.board = left_out.board;
        true
    }

    fn compute_to(book: &Book, today: NaiveDate, reach: Reach) -> Derived {
        let board_of = |quota: &QuotaReport| match reach {
            Reach::Whole => Board::of(book, today, quota),
            Reach::Preview => Board::default(),
        };
        // The per-client facts need nothing else: they are worked out beside the rest.
        // The ranking and the board need the context (the quota standing, the largest
        // figures), and then each other nothing.
        // A part whose thread could not be started, or panicked (a bug), is worked out here.
        let beside = std::thread::Builder::new;
        let (mut facts, (context, ranked, board)) = std::thread::scope(|scope| {
            let facts = beside().spawn_scoped(scope, || Self::facts(book, today, reach));
            let context = priority::Context::of(book, today);
            let (ranked, board) = std::thread::scope(|scope| {
                let board = beside().spawn_scoped(scope, || board_of(context.quota()));
                let ranked = priority::rank_indices_in(book, today, &context);
                let board = board
                    .ok()
                    .and_then(|thread| thread.join().ok())
                    .unwrap_or_else(|| board_of(context.quota()));
                (ranked, board)
            });
            let facts = facts
                .ok()
                .and_then(|thread| thread.join().ok())
                .unwrap_or_else(|| Self::facts(book, today, reach));
            (facts, (context, ranked, board))
        });
        let ranking: Vec<usize> = ranked.iter().map(|(i, _)| *i).collect();
        for (index, total) in &ranked {
            facts[*index].score = *total;
        }

        // Overdue and today in priority order (the ranking already is); upcoming by date.
        let in_group = |group: CheckinGroup| {
            let facts = &facts;
            move |index: &usize| {
                let due = facts[*index].due;
                match group {
                    CheckinGroup::Overdue => matches!(due, Due::Overdue { .. }),
                    CheckinGroup::Today => due == Due::Today,
                    CheckinGroup::Upcoming => matches!(
                        due,
                        Due::Upcoming { days } if days <= i64::from(CHECKIN_HORIZON_DAYS)
                    ),
                }
            }
        };
        let overdue: Vec<usize> = ranking
            .iter()
            .copied()
            .filter(in_group(CheckinGroup::Overdue))
            .collect();
        let due_today: Vec<usize> = ranking
            .iter()
            .copied()
            .filter(in_group(CheckinGroup::Today))
            .collect();
        let mut upcoming: Vec<usize> = (0..book.clients.len())
            .filter(in_group(CheckinGroup::Upcoming))
            .collect();
        upcoming.sort_by(|&a, &b| {
            facts[a]
                .next_checkin
                .cmp(&facts[b].next_checkin)
                .then_with(|| facts[a].sort_name.cmp(&facts[b].sort_name))
        });
        let actionable = overdue.len() + due_today.len();
        let tasks = open_tasks_by_group(book, today);
        let people = people_due_by_group(book, today);
        let people_due = people[0].len() + people[1].len();
        let checkin_rows = agenda_rows(
            [
                (CheckinGroup::Overdue, overdue),
                (CheckinGroup::Today, due_today),
                (CheckinGroup::Upcoming, upcoming),
            ],
            &tasks,
            &people,
            &facts,
        );
        Derived {
            facts,
            ranking,
            checkin_rows,
            board,
            quota: context.quota().clone(),
            actionable,
            people_due,
            won_after_today: crate::rules::quota::won_after_today(book, today).count(),
            quota_year_ended: crate::rules::quota::year_ended(book, today),
            priority: context,
        }
    }
}

/// Columns the portfolio can sort by, in the order `o` cycles through them, titled as the
/// header shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter, strum::IntoStaticStr)]
pub enum SortColumn {
    #[strum(serialize = "Client")]
    Name,
    Tier,
    Industry,
    Value,
    #[strum(serialize = "Last")]
    LastContact,
    #[strum(serialize = "Next")]
    NextCheckin,
    Pipeline,
}

impl SortColumn {
    pub fn next(self) -> SortColumn {
        super::cycle(self, super::Step::Forward)
    }

    pub fn title(self) -> &'static str {
        self.into()
    }

    /// Columns of amounts, which a first sort shows largest first.
    pub fn largest_first(self) -> bool {
        matches!(self, SortColumn::Value | SortColumn::Pipeline)
    }
}

/// The portfolio's filter and sort, and the rows they give.
#[derive(Debug, Clone)]
pub struct PortfolioView {
    pub filter: String,
    pub sort: SortColumn,
    pub descending: bool,
    /// Every client in sort order; filtering keeps this order.
    sorted: Vec<usize>,
    /// The filter `rows` was computed for: typing more only narrows those rows.
    applied: String,
    /// Client indices as shown.
    pub rows: Vec<usize>,
    /// While filtering: where each row was found (beside `rows`).
    pub found: Vec<MatchSource>,
    /// The priority list the filter leaves, in rank order: client indices, and beside
    /// them each one's place in the whole ranking (a filtered list still says "#7").
    pub priority: Vec<usize>,
    pub priority_places: Vec<usize>,
    /// The agenda the filter leaves (groups left empty are dropped), and its clients.
    pub agenda_rows: Vec<CheckinRow>,
    pub agenda_clients: Vec<usize>,
}

impl Default for PortfolioView {
    fn default() -> Self {
        PortfolioView {
            filter: String::new(),
            sort: SortColumn::Name,
            descending: false,
            sorted: Vec::new(),
            applied: String::new(),
            rows: Vec::new(),
            found: Vec::new(),
            priority: Vec::new(),
            priority_places: Vec::new(),
            agenda_rows: Vec::new(),
            agenda_clients: Vec::new(),
        }
    }
}

impl PortfolioView {
    /// Re-sorts every client (after a change to the book or to the sort), then filters.
    pub fn refresh(&mut self, book: &Book, derived: &Derived) {
        let clients = &book.clients;
        let facts = &derived.facts;
        let mut sorted: Vec<usize> = (0..clients.len()).collect();
        sorted.sort_by(|&a, &b| {
            let order = match self.sort {
                SortColumn::Name => facts[a].sort_name.cmp(&facts[b].sort_name),
                SortColumn::Tier => clients[a].tier().cmp(&clients[b].tier()),
                SortColumn::Industry => facts[a].sort_industry.cmp(&facts[b].sort_industry),
                SortColumn::Value => clients[a].annual_value().cmp(&clients[b].annual_value()),
                SortColumn::LastContact => facts[a].last_contact.cmp(&facts[b].last_contact),
                SortColumn::NextCheckin => facts[a].next_checkin.cmp(&facts[b].next_checkin),
                SortColumn::Pipeline => facts[a].open_pipeline.cmp(&facts[b].open_pipeline),
            };
            let order = if self.descending {
                order.reverse()
            } else {
                order
            };
            order
                .then_with(|| facts[a].sort_name.cmp(&facts[b].sort_name))
                .then(a.cmp(&b))
        });
        self.sorted = sorted;
        self.applied.clear();
        self.rows.clone_from(&self.sorted);
        self.apply_filter(book, derived);
    }

    /// Keeps the clients every typed word finds (in the name, details, notes or history),
    /// best matches first (a name that is or starts with the word before one that merely
    /// holds its letters), the sort order among equals. A filter that extends the last one
    /// searches only the last matches: a longer pattern never matches more, so typing
    /// stays fast on large books.
    pub fn apply_filter(&mut self, book: &Book, derived: &Derived) {
        let filter = self.filter.trim().to_string();
        if filter.is_empty() {
            self.rows.clone_from(&self.sorted);
            self.found.clear();
            self.applied.clear();
            self.narrow_other_lists(derived, None);
            return;
        }
        // A word reaching four letters also searches notes and history: it may find more
        // than the shorter word did, so it starts again from every client.
        let long = |word: &str| word.chars().count() >= LONG_TEXT_MIN_CHARS;
        let narrowing = !self.applied.is_empty()
            && filter.starts_with(&self.applied)
            && !filter.contains(' ')
            && (long(&self.applied) || !long(&filter));
        let last_matches: Vec<usize>;
        let candidates = if narrowing {
            // The last matches, back in sort order so equal matches keep it.
            let mut kept = vec![false; self.sorted.len()];
            for &i in &self.rows {
                kept[i] = true;
            }
            last_matches = self.sorted.iter().copied().filter(|&i| kept[i]).collect();
            &last_matches
        } else {
            &self.sorted
        };
        let ranked = rank_matches(book, |i| derived.search_text(i), candidates, &filter);
        self.rows = ranked.iter().map(|(i, _)| *i).collect();
        self.found = ranked.iter().map(|(_, source)| *source).collect();
        self.applied = filter;
        let mut shown = vec![false; book.clients.len()];
        for &i in &self.rows {
            shown[i] = true;
        }
        self.narrow_other_lists(derived, Some(&shown));
    }

    /// The priority list and the agenda with only the clients the filter shows (all of
    /// them when `shown` is `None`).
    fn narrow_other_lists(&mut self, derived: &Derived, shown: Option<&[bool]>) {
        let keep = |i: usize| shown.is_none_or(|shown| shown.get(i).copied().unwrap_or(false));
        (self.priority, self.priority_places) = derived
            .ranking
            .iter()
            .enumerate()
            .filter(|(_, i)| keep(**i))
            .map(|(place, i)| (*i, place))
            .unzip();
        self.agenda_rows.clear();
        let mut header_at = None;
        for row in &derived.checkin_rows {
            match row {
                &CheckinRow::Header { group, .. } => {
                    header_at = Some(self.agenda_rows.len());
                    self.agenda_rows
                        .push(CheckinRow::Header { group, count: 0 });
                }
                row => {
                    if row.client().is_some_and(keep) {
                        if let Some(CheckinRow::Header { count, .. }) =
                            header_at.and_then(|at| self.agenda_rows.get_mut(at))
                        {
                            *count += 1;
                        }
                        self.agenda_rows.push(row.clone());
                    }
                }
            }
        }
        self.agenda_rows
            .retain(|row| !matches!(row, CheckinRow::Header { count: 0, .. }));
        self.agenda_clients = self
            .agenda_rows
            .iter()
            .filter_map(CheckinRow::client)
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view_of(book: &Book) -> (Derived, PortfolioView) {
        let derived = Derived::compute(book, NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
        let mut view = PortfolioView::default();
        view.refresh(book, &derived);
        (derived, view)
    }

    #[test]
    fn filter_matches_names_industries_and_contacts() {
        let book = crate::storage::sample_book();
        let (derived, mut view) = view_of(&book);
        let names = |view: &PortfolioView| -> Vec<String> {
            view.rows
                .iter()
                .map(|&i| book.clients[i].name.clone())
                .collect()
        };
        view.filter = "Søren Ærø".into();
        view.apply_filter(&book, &derived);
        assert_eq!(names(&view), ["Nordlys Bank"]);
        view.filter = "pharmaceut".into();
        view.apply_filter(&book, &derived);
        assert_eq!(names(&view), ["Øresund Pharma"]);
        view.filter = "soren aero".into();
        view.apply_filter(&book, &derived);
        assert!(names(&view).contains(&"Nordlys Bank".to_string()));
        view.filter = "FJORD".into();
        view.apply_filter(&book, &derived);
        assert_eq!(names(&view), ["Fjord Shipping A/S"]);
        view.filter.clear();
        view.apply_filter(&book, &derived);
        assert_eq!(view.rows.len(), book.clients.len());
    }

    #[test]
    fn sorts_by_any_column_both_ways() {
        let book = crate::storage::sample_book();
        let (derived, mut view) = view_of(&book);
        view.sort = SortColumn::Value;
        view.descending = true;
        view.refresh(&book, &derived);
        assert_eq!(book.clients[view.rows[0]].name, "Helvetia Rückversicherung");
        view.descending = false;
        view.refresh(&book, &derived);
        assert_eq!(book.clients[view.rows[0]].name, "Nordic Media House");
        assert_eq!(SortColumn::Pipeline.next(), SortColumn::Name);
    }

    #[test]
    fn checkin_rows_group_overdue_today_and_upcoming() {
        let book = crate::storage::sample_book();
        let (derived, _) = view_of(&book);
        let headers: Vec<(CheckinGroup, usize)> = derived
            .checkin_rows
            .iter()
            .filter_map(|r| match r {
                CheckinRow::Header { group, count } => Some((*group, *count)),
                CheckinRow::Client { .. } | CheckinRow::Task { .. } | CheckinRow::Person { .. } => {
                    None
                }
            })
            .collect();
        // Check-ins, the sample's due tasks and people due on their own cadence: 6 + 2
        // overdue, 2 + 2 + 1 (Sofie Lund) today, 5 + 3 coming.
        assert_eq!(
            headers,
            [
                (CheckinGroup::Overdue, 8),
                (CheckinGroup::Today, 5),
                (CheckinGroup::Upcoming, 8)
            ]
        );
        assert_eq!(derived.actionable, 8);
    }
}
