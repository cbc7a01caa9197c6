//! The weekly forecast call: the fiscal quarter's figures by call (closed, then commit,
//! best case and pipeline, each including the one before), the deals behind them, the
//! call as it was submitted to the manager, and what moved since, deal by deal.

use chrono::NaiveDate;

use super::credit::CreditRules;
use super::quota::{self, Counted, QuarterReport};
use crate::model::{
    Book, Client, Deal, ForecastCategory, ForecastSubmission, Money, Stage, SubmittedDeal,
};

/// The quarter today is in, or the one after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    This,
    Next,
}

/// One deal counted in the quarter's call.
#[derive(Debug, Clone, Copy)]
pub struct CallDeal<'a> {
    pub client: &'a Client,
    pub deal: &'a Deal,
    pub counted: Counted,
    pub credited: Money,
}

impl CallDeal<'_> {
    /// Its call: `None` for won.
    pub fn call(&self) -> Option<ForecastCategory> {
        match self.counted {
            Counted::Won => None,
            Counted::Open { call, .. } => Some(call),
        }
    }

    pub fn slipped(&self) -> bool {
        matches!(self.counted, Counted::Open { slipped: true, .. })
    }
}

/// The quarter's call as of a day.
#[derive(Debug, Clone)]
pub struct QuarterCall<'a> {
    pub quarter: QuarterReport,
    /// Won in the quarter first, then open deals by call (commit first), each by close
    /// date.
    pub deals: Vec<CallDeal<'a>>,
}

impl QuarterCall<'_> {
    /// The last submission for this quarter, if one was made.
    pub fn last_submitted<'b>(&self, book: &'b Book) -> Option<&'b ForecastSubmission> {
        let label = self.quarter.label();
        book.forecasts.iter().rev().find(|s| s.quarter == label)
    }
}

fn call_rank(call: Option<ForecastCategory>) -> u8 {
    match call {
        None => 0,
        Some(ForecastCategory::Commit) => 1,
        Some(ForecastCategory::BestCase) => 2,
        Some(ForecastCategory::Pipeline | ForecastCategory::Omitted) => 3,
    }
}

pub fn quarter_call(book: &Book, today: NaiveDate, which: Which) -> QuarterCall<'_> {
    let quarter = match which {
        Which::This => quota::quota(book, today).quarter,
        Which::Next => quota::next_quarter(book, today),
    };
    let credit = CreditRules::of(book);
    let mut deals: Vec<CallDeal> = quota::counted_in(book, quarter.span, false, today)
        .map(|(client, deal, counted)| CallDeal {
            client,
            deal,
            counted,
            credited: credit.credited(deal),
        })
        .collect();
    deals.sort_by(|a, b| {
        (
            call_rank(a.call()),
            a.deal.close_date,
            &a.client.name,
            &a.deal.title,
        )
            .cmp(&(
                call_rank(b.call()),
                b.deal.close_date,
                &b.client.name,
                &b.deal.title,
            ))
    });
    QuarterCall { quarter, deals }
}

/// Today's call, to keep as submitted.
pub fn submission(
    call: &QuarterCall,
    today: NaiveDate,
    note: Option<String>,
) -> ForecastSubmission {
    let q = &call.quarter;
    ForecastSubmission {
        date: today,
        quarter: q.label(),
        closed: q.categories.closed,
        commit: q.categories.commit,
        best_case: q.categories.best_case,
        pipeline: q.categories.pipeline,
        weighted: q.forecast,
        note: note.filter(|n| !n.trim().is_empty()),
        deals: call
            .deals
            .iter()
            .map(|d| SubmittedDeal {
                client: d.client.id.clone(),
                id: d.deal.id.clone(),
                title: d.deal.title.clone(),
                amount: d.deal.amount,
                close_date: d.deal.close_date,
                call: d.call(),
            })
            .collect(),
    }
}

/// A deal that moved since the last call, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    /// The client's id and name.
    pub client: String,
    pub client_name: String,
    pub id: String,
    pub title: String,
    /// What changed, in words: `close date 2026-12-12 → 2027-01-15`.
    pub detail: String,
}

/// What moved between the last call and today's, by deal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Flow {
    /// Entered since the call.
    pub new: Vec<Moved>,
    /// In the quarter now, not then (its close date moved in, or its call back in).
    pub pulled_in: Vec<Moved>,
    /// Its close date moved past the quarter's end.
    pub pushed: Vec<Moved>,
    pub won: Vec<Moved>,
    pub lost: Vec<Moved>,
    /// Amount or call changed (a call to Omitted takes it out of every figure).
    pub changed: Vec<Moved>,
    /// Called then, no longer in the book.
    pub removed: Vec<Moved>,
}

impl Flow {
    pub fn is_empty(&self) -> bool {
        self.lists().iter().all(|(_, list)| list.is_empty())
    }

    /// Each list with its name, in the order a call goes through them.
    pub fn lists(&self) -> [(&'static str, &Vec<Moved>); 7] {
        [
            ("new", &self.new),
            ("pulled in", &self.pulled_in),
            ("pushed", &self.pushed),
            ("won", &self.won),
            ("lost", &self.lost),
            ("changed", &self.changed),
            ("removed", &self.removed),
        ]
    }
}

fn moved((client, name): (&str, &str), id: &str, title: &str, detail: String) -> Moved {
    Moved {
        client: client.to_string(),
        client_name: name.to_string(),
        id: id.to_string(),
        title: title.to_string(),
        detail,
    }
}

fn date_text(date: Option<NaiveDate>) -> String {
    date.map_or_else(|| "no date".to_string(), |d| d.to_string())
}

/// A call as words: its label, or `Won` for a deal closed in the quarter.
pub fn call_text(call: Option<ForecastCategory>) -> &'static str {
    call.map_or("Won", ForecastCategory::label)
}

fn amount_text(amount: Option<Money>) -> String {
    amount.map_or_else(|| "no amount".to_string(), Money::grouped)
}

/// What changed between a deal as called and as it is, for one still in the quarter.
fn changes(then: &SubmittedDeal, now: &CallDeal) -> Vec<String> {
    let mut said = Vec::new();
    if then.amount != now.deal.amount {
        said.push(format!(
            "amount {} → {}",
            amount_text(then.amount),
            amount_text(now.deal.amount)
        ));
    }
    if then.call.is_some() && then.call != now.call() && now.call().is_some() {
        said.push(format!(
            "call {} → {}",
            call_text(then.call),
            call_text(now.call())
        ));
    }
    if then.close_date != now.deal.close_date {
        said.push(format!(
            "close date {} → {}",
            date_text(then.close_date),
            date_text(now.deal.close_date)
        ));
    }
    said
}

/// The day the deal was entered, from its history.
fn added_on(deal: &Deal) -> Option<NaiveDate> {
    deal.history.iter().find(|c| c.added).map(|c| c.date)
}

/// What moved since `submitted`, comparing its deals with the quarter's now.
pub fn flow(book: &Book, call: &QuarterCall, submitted: &ForecastSubmission) -> Flow {
    let mut flow = Flow::default();
    let then_of = |client: &str, id: &str| {
        submitted
            .deals
            .iter()
            .find(|d| d.client == client && d.id == id)
    };
    for now in &call.deals {
        let (client, deal) = ((now.client.id.as_str(), now.client.name.as_str()), now.deal);
        let Some(then) = then_of(client.0, &deal.id) else {
            let entry = moved(client, &deal.id, &deal.title, date_text(deal.close_date));
            if added_on(deal).is_some_and(|day| day > submitted.date) {
                flow.new.push(entry);
            } else {
                flow.pulled_in.push(entry);
            }
            continue;
        };
        if then.call.is_some() && now.call().is_none() {
            flow.won.push(moved(
                client,
                &deal.id,
                &deal.title,
                amount_text(deal.amount),
            ));
            continue;
        }
        let said = changes(then, now);
        if !said.is_empty() {
            flow.changed
                .push(moved(client, &deal.id, &deal.title, said.join("; ")));
        }
    }
    let counted_now = |d: &SubmittedDeal| {
        call.deals
            .iter()
            .any(|now| now.client.id == d.client && now.deal.id == d.id)
    };
    for then in submitted.deals.iter().filter(|d| !counted_now(d)) {
        let name = book
            .client(&then.client)
            .map_or(then.client.as_str(), |c| c.name.as_str());
        let entry = |detail: String| moved((&then.client, name), &then.id, &then.title, detail);
        let Some(deal) = book.client(&then.client).and_then(|c| c.deal(&then.id)) else {
            flow.removed.push(entry(String::new()));
            continue;
        };
        match deal.stage() {
            Stage::Lost => flow.lost.push(entry(amount_text(deal.amount))),
            // Won, but closed outside the quarter.
            Stage::Won => flow.won.push(entry(format!(
                "closed {}, outside the quarter",
                date_text(deal.close_date)
            ))),
            _ if deal.forecast == Some(ForecastCategory::Omitted) => flow
                .changed
                .push(entry(format!("call {} → Omitted", call_text(then.call)))),
            _ if deal.close_date > Some(call.quarter.span.last_day()) => {
                flow.pushed.push(entry(format!(
                    "{} → {}",
                    date_text(then.close_date),
                    date_text(deal.close_date)
                )));
            }
            _ => flow.changed.push(entry(format!(
                "close date {} → {}, before the quarter",
                date_text(then.close_date),
                date_text(deal.close_date)
            ))),
        }
    }
    flow
}
