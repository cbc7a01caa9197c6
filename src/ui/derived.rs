//! Figures the panes show, computed once per change of the book (or of the portfolio's
//! filter and sort), never per frame: a keypress only moves a cursor over these.

use std::collections::HashMap;

use chrono::NaiveDate;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::model::{Book, Client, Money};
use crate::rules::checkins::{self, Due};
use crate::rules::priority;
use crate::rules::quota::{self, QuotaReport};

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
    /// Name, industry and contact names, for the filter.
    pub haystack: String,
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

/// A line of the check-ins pane: a group header, or a client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckinRow {
    Header { group: CheckinGroup, count: usize },
    Client { index: usize },
}

#[derive(Debug, Clone)]
pub struct Derived {
    pub facts: Vec<ClientFacts>,
    /// Client indices, highest priority first.
    pub ranking: Vec<usize>,
    pub checkin_rows: Vec<CheckinRow>,
    /// Client indices in check-in order (the rows without headers).
    pub checkin_clients: Vec<usize>,
    pub quota: QuotaReport,
    pub actionable: usize,
}

impl Derived {
    pub fn compute(book: &Book, today: NaiveDate) -> Derived {
        let ranking_scores = priority::rank(book, today);
        let mut facts: Vec<ClientFacts> = book
            .clients
            .iter()
            .map(|client| {
                let checkin = checkins::checkin(book, client, today);
                let mut haystack = format!("{} {}", client.name, client.industry());
                for contact in &client.contacts {
                    haystack.push(' ');
                    haystack.push_str(&contact.name);
                }
                ClientFacts {
                    next_checkin: checkin.date,
                    due: checkin.due,
                    last_contact: checkin.last_contact,
                    open_pipeline: client.open_pipeline(),
                    score: 0.0,
                    haystack,
                }
            })
            .collect();
        // Ids are unique (the loader checks), so they lead back to each client's index.
        let index_by_id: HashMap<&str, usize> = book
            .clients
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let index_of = |client: &Client| index_by_id.get(client.id.as_str()).copied().unwrap_or(0);
        let ranking: Vec<usize> = ranking_scores.iter().map(|s| index_of(s.client)).collect();
        for (score, index) in ranking_scores.iter().zip(&ranking) {
            facts[*index].score = score.total;
        }

        let buckets = checkins::buckets(book, today, CHECKIN_HORIZON_DAYS);
        let mut checkin_rows = Vec::new();
        let mut checkin_clients = Vec::new();
        let groups = [
            (
                CheckinGroup::Overdue,
                priority::most_urgent_first(book, today, &buckets.overdue),
            ),
            (
                CheckinGroup::Today,
                priority::most_urgent_first(book, today, &buckets.today),
            ),
            (CheckinGroup::Upcoming, buckets.upcoming.clone()),
        ];
        for (group, list) in groups {
            if list.is_empty() {
                continue;
            }
            checkin_rows.push(CheckinRow::Header {
                group,
                count: list.len(),
            });
            for checkin in &list {
                let index = index_of(checkin.client);
                checkin_rows.push(CheckinRow::Client { index });
                checkin_clients.push(index);
            }
        }
        Derived {
            facts,
            ranking,
            checkin_rows,
            checkin_clients,
            quota: quota::quota(book, today),
            actionable: buckets.actionable_count(),
        }
    }
}

/// Columns the portfolio can sort by, in the order `o` cycles through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortColumn {
    Name,
    Tier,
    Industry,
    Value,
    LastContact,
    NextCheckin,
    Pipeline,
}

impl SortColumn {
    pub const ALL: [SortColumn; 7] = [
        SortColumn::Name,
        SortColumn::Tier,
        SortColumn::Industry,
        SortColumn::Value,
        SortColumn::LastContact,
        SortColumn::NextCheckin,
        SortColumn::Pipeline,
    ];

    pub fn next(self) -> SortColumn {
        let i = Self::ALL.iter().position(|c| *c == self).unwrap_or(0);
        Self::ALL[(i + 1) % Self::ALL.len()]
    }

    pub fn title(self) -> &'static str {
        match self {
            SortColumn::Name => "Client",
            SortColumn::Tier => "Tier",
            SortColumn::Industry => "Industry",
            SortColumn::Value => "Value",
            SortColumn::LastContact => "Last",
            SortColumn::NextCheckin => "Next",
            SortColumn::Pipeline => "Pipeline",
        }
    }
}

/// The portfolio's filter and sort, and the rows they give.
#[derive(Debug, Clone)]
pub struct PortfolioView {
    pub filter: String,
    pub sort: SortColumn,
    pub descending: bool,
    /// Client indices as shown.
    pub rows: Vec<usize>,
}

impl Default for PortfolioView {
    fn default() -> Self {
        PortfolioView {
            filter: String::new(),
            sort: SortColumn::Name,
            descending: false,
            rows: Vec::new(),
        }
    }
}

impl PortfolioView {
    /// Recomputes the rows: fuzzy filter on name, industry and contacts, then sort.
    pub fn refresh(&mut self, book: &Book, derived: &Derived) {
        let mut rows: Vec<usize> = if self.filter.trim().is_empty() {
            (0..book.clients.len()).collect()
        } else {
            let pattern = Pattern::parse(&self.filter, CaseMatching::Ignore, Normalization::Smart);
            let mut matcher = Matcher::new(Config::DEFAULT);
            let mut buffer = Vec::new();
            derived
                .facts
                .iter()
                .enumerate()
                .filter(|(_, facts)| {
                    pattern
                        .score(Utf32Str::new(&facts.haystack, &mut buffer), &mut matcher)
                        .is_some()
                })
                .map(|(i, _)| i)
                .collect()
        };
        let clients = &book.clients;
        let facts = &derived.facts;
        let name = |i: usize| clients[i].name.to_lowercase();
        rows.sort_by(|&a, &b| {
            let order = match self.sort {
                SortColumn::Name => name(a).cmp(&name(b)),
                SortColumn::Tier => clients[a].tier().cmp(&clients[b].tier()),
                SortColumn::Industry => clients[a]
                    .industry()
                    .to_lowercase()
                    .cmp(&clients[b].industry().to_lowercase()),
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
            order.then_with(|| name(a).cmp(&name(b))).then(a.cmp(&b))
        });
        self.rows = rows;
    }
}
