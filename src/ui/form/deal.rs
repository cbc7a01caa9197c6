//! Adding or editing a deal, and closing one as won or lost.

use std::sync::Arc;

use chrono::NaiveDate;

use super::{Checked, Facts, Field, FormKind, Submitted, fields_in_order};
use crate::edit::{DealFields, Op, QualificationFields};
use crate::model::serde_format::format_date;
use strum::IntoEnumIterator;

use crate::model::{Client, Deal, DealKind, ForecastCategory, Money, Stage};

/// The first option of the forecast choice: the default for the deal's stage.
const BY_STAGE: &str = "By stage";

#[derive(Debug)]
pub struct DealForm {
    base: Arc<Client>,
    /// The deal being edited, as the form found it (it names the deal by its id);
    /// `None` when adding.
    editing: Option<Deal>,
    title: Field,
    kind: Field,
    stage: Field,
    amount: Field,
    close_date: Field,
    /// The rep's call: by stage (absent), or pipeline, best case, commit, omitted.
    forecast: Field,
    share: Field,
    credit: Field,
    term: Field,
    /// The client's current people, by id, for the economic buyer and the champion.
    people: Vec<String>,
    metrics: Field,
    economic_buyer: Field,
    decision_criteria: Field,
    decision_process: Field,
    paper_process: Field,
    pain: Field,
    champion: Field,
    competition: Field,
}

/// `50%` for a rate of 0.5, as the form shows it.
fn percent_text(rate: Option<f64>) -> String {
    rate.map(|r| format!("{}%", (r * 1000.0).round() / 10.0))
        .unwrap_or_default()
}

impl DealForm {
    pub fn add(client: &Arc<Client>) -> DealForm {
        DealForm::with(client, None)
    }

    /// `None` if the client has no deal with id `deal_id`.
    pub fn edit(client: &Arc<Client>, deal_id: &str) -> Option<DealForm> {
        let deal = client.deals.iter().find(|d| d.id == deal_id)?.clone();
        Some(DealForm::with(client, Some(deal)))
    }

    fn with(client: &Arc<Client>, editing: Option<Deal>) -> DealForm {
        let blank = Deal::default();
        let d = editing.as_ref().unwrap_or(&blank);
        let forecast_at = d
            .forecast
            .and_then(|f| ForecastCategory::iter().position(|x| x == f))
            .map_or(0, |i| i + 1);
        let forecasts: Vec<&str> = std::iter::once(BY_STAGE)
            .chain(ForecastCategory::iter().map(ForecastCategory::label))
            .collect();
        let q = d.qualification.clone().unwrap_or_default();
        let current: Vec<&crate::model::Contact> =
            client.contacts.iter().filter(|p| p.is_current()).collect();
        let mut names = vec!["—"];
        names.extend(current.iter().map(|p| p.name.as_str()));
        let person = |label, id: &Option<String>| {
            let at = id
                .as_ref()
                .and_then(|id| current.iter().position(|p| p.id == *id))
                .map_or(0, |i| i + 1);
            Field::choice(label, &names, at)
        };
        let note = |label, text: &Option<String>, hint: &str| {
            Field::text(label, text.as_deref().unwrap_or_default(), hint)
        };
        DealForm {
            share: Field::text(
                "Share",
                &percent_text(d.share),
                "your split: 50% (empty: all)",
            ),
            credit: Field::text(
                "Credit rate",
                &percent_text(d.credit),
                "over its kind's: 80% (empty: the kind's)",
            ),
            term: Field::text(
                "Term (months)",
                &d.term_months.map(|t| t.to_string()).unwrap_or_default(),
                "36 or 3y, for first-year credit",
            ),
            people: current.iter().map(|p| p.id.clone()).collect(),
            metrics: note("Metrics", &q.metrics, "the gain they expect, in numbers"),
            economic_buyer: person("Economic buyer", &q.economic_buyer),
            decision_criteria: note("Decision criteria", &q.decision_criteria, "how they choose"),
            decision_process: note("Decision process", &q.decision_process, "who decides, when"),
            paper_process: note(
                "Paper process",
                &q.paper_process,
                "legal, procurement, signature",
            ),
            pain: note("Pain", &q.pain, "why they buy now"),
            champion: person("Champion", &q.champion),
            competition: note("Competition", &q.competition, "who else, or do nothing"),
            title: Field::text("Title", &d.title, "what is being sold"),
            kind: Field::choice_of("Kind", d.kind()),
            stage: Field::choice_of("Stage", d.stage()),
            amount: Field::text(
                "Amount",
                &d.amount.map(Money::grouped).unwrap_or_default(),
                "e.g. 140,000 or 140k",
            ),
            close_date: Field::text(
                "Close date",
                &d.close_date.map(format_date).unwrap_or_default(),
                "expected or actual: 2026-12-01, fri, +2w",
            ),
            forecast: Field::choice("Forecast", &forecasts, forecast_at),
            base: client.clone(),
            editing,
        }
    }

    /// The fields the user set: every one when adding; when editing, only those they
    /// touched (what was left as the form showed it stays as the file has it).
    fn fields(&self, title: String, values: &Values) -> DealFields {
        let &Values {
            amount,
            close_date,
            share,
            credit,
            term,
        } = values;
        let adding = self.editing.is_none();
        let set = |field: &Field| adding || field.touched;
        let note = |field: &Field| field.touched.then(|| field.optional());
        let person = |field: &Field| {
            field.touched.then(|| {
                field
                    .choice
                    .checked_sub(1)
                    .and_then(|n| self.people.get(n).cloned())
            })
        };
        DealFields {
            share: set(&self.share).then_some(share),
            credit: set(&self.credit).then_some(credit),
            term_months: set(&self.term).then_some(term),
            qualification: Box::new(QualificationFields {
                metrics: note(&self.metrics),
                economic_buyer: person(&self.economic_buyer),
                decision_criteria: note(&self.decision_criteria),
                decision_process: note(&self.decision_process),
                paper_process: note(&self.paper_process),
                pain: note(&self.pain),
                champion: person(&self.champion),
                competition: note(&self.competition),
            }),
            title: set(&self.title).then_some(title),
            kind: set(&self.kind).then(|| self.kind.chosen::<DealKind>()),
            stage: set(&self.stage).then(|| self.stage.chosen::<Stage>()),
            amount: set(&self.amount).then_some(amount),
            close_date: set(&self.close_date).then_some(close_date),
            forecast: self.forecast.touched.then(|| {
                self.forecast
                    .choice
                    .checked_sub(1)
                    .and_then(|n| ForecastCategory::iter().nth(n))
            }),
        }
    }
}

impl FormKind for DealForm {
    fn title(&self) -> String {
        match &self.editing {
            Some(deal) => format!("Edit deal \"{}\"", deal.title),
            None => format!("New deal with {}", self.base.name),
        }
    }

    fields_in_order!(
        title,
        kind,
        stage,
        amount,
        close_date,
        forecast,
        share,
        credit,
        term,
        metrics,
        economic_buyer,
        decision_criteria,
        decision_process,
        paper_process,
        pain,
        champion,
        competition
    );

    /// The first of title, amount and close date still empty, else the title: the
    /// terms and the qualification below are filled in when there is something to say.
    fn starts_at(&self) -> Option<usize> {
        let essentials = [(0, &self.title), (3, &self.amount), (4, &self.close_date)];
        let empty = essentials.iter().find(|(_, f)| f.value().is_empty());
        Some(empty.map_or(0, |(at, _)| *at))
    }

    fn check(&mut self, facts: Facts) -> Checked {
        let title = self.title.required("the title");
        let amount = self.amount.optional_amount();
        let close_date = self.close_date.optional_date(facts.today);
        let share = self.share.optional_read(|t| {
            crate::edit::parse_rate(t).and_then(|s| {
                if s <= 1.0 {
                    Ok(s)
                } else {
                    Err("a share is at most 100%".to_string())
                }
            })
        });
        let credit = self.credit.optional_read(crate::edit::parse_rate);
        let term = self.term.optional_read(crate::edit::parse_term);
        let (Some(title), Some(amount), Some(close_date), Some(share), Some(credit), Some(term)) =
            (title, amount, close_date, share, credit, term)
        else {
            return Checked::default();
        };
        let values = Values {
            amount,
            close_date,
            share,
            credit,
            term,
        };
        let fields = self.fields(title, &values);
        // The change as meant, made to the client as it is then: an edit names its deal
        // by id and sets only what was touched (tasks for it stay with it by id).
        let op = match &self.editing {
            Some(old) => Op::EditDeal {
                deal: old.id.clone(),
                fields,
            },
            None => Op::AddDeal(fields),
        };
        Checked {
            result: Some(Submitted::Change {
                client: self.base.id.clone(),
                op,
            }),
            warning: None,
        }
    }
}

/// The form's values read, each `None` when left empty.
struct Values {
    amount: Option<Money>,
    close_date: Option<NaiveDate>,
    share: Option<f64>,
    credit: Option<f64>,
    term: Option<u32>,
}

#[derive(Debug)]
pub struct CloseDealForm {
    base: Arc<Client>,
    deal_id: String,
    outcome: Stage,
    close_date: Field,
}

impl CloseDealForm {
    /// `None` if the client has no deal with id `deal_id`.
    pub fn new(
        client: &Arc<Client>,
        deal_id: &str,
        outcome: Stage,
        today: NaiveDate,
    ) -> Option<CloseDealForm> {
        client.deals.iter().find(|d| d.id == deal_id)?;
        Some(CloseDealForm {
            base: client.clone(),
            deal_id: deal_id.to_string(),
            outcome,
            close_date: Field::text(
                "Close date",
                &format_date(today),
                "2026-12-01, today, fri, +2w",
            ),
        })
    }

    fn verb(&self) -> &'static str {
        if self.outcome == Stage::Won {
            "won"
        } else {
            "lost"
        }
    }
}

impl FormKind for CloseDealForm {
    fn title(&self) -> String {
        let title = self
            .base
            .deals
            .iter()
            .find(|d| d.id == self.deal_id)
            .map(|d| d.title.as_str())
            .unwrap_or_default();
        format!("Mark \"{title}\" {}", self.verb())
    }

    fields_in_order!(close_date);

    fn check(&mut self, facts: Facts) -> Checked {
        let Some(date) = self.close_date.required_date("the close date", facts.today) else {
            return Checked::default();
        };
        Checked {
            result: Some(Submitted::Change {
                client: self.base.id.clone(),
                op: Op::CloseDeal {
                    deal: self.deal_id.clone(),
                    outcome: self.outcome,
                    on: Some(date),
                },
            }),
            warning: None,
        }
    }
}
