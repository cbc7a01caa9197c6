//! Deals from a CRM's opportunity export (`Salesforce` "Opportunities": Opportunity Name,
//! Account Name, Stage, Amount, Close Date, Type, Forecast Category; `HubSpot` "Deals":
//! Deal Name, Associated Company, Deal Stage, Amount, Close Date, Deal Type). Each deal
//! joins the client its account names; a deal already there (same title) is brought up
//! to date, each change recorded in its history. Stages, forecast categories and types
//! are read through the tables below (`--map "stage:Discovery=Qualified"` adds to them);
//! a stage konto does not know is listed, and its row left out, never guessed.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::csv::{ClientsByName, Field, Skipped, open};
use super::values::{self, Locale};
use crate::edit;
use crate::model::{Book, Deal, DealKind, ForecastCategory, Stage};

/// How CRM stage names read as konto's stages (normalised: letters and digits only,
/// lower case). Salesforce's default sales process, then `HubSpot`'s default pipeline
/// (labels and internal values normalise alike), then konto's own names.
pub const STAGES: [(&str, Stage); 23] = [
    ("prospecting", Stage::Lead),
    ("qualification", Stage::Qualified),
    ("needsanalysis", Stage::Qualified),
    ("valueproposition", Stage::Proposal),
    ("iddecisionmakers", Stage::Proposal),
    ("perceptionanalysis", Stage::Proposal),
    ("proposalpricequote", Stage::Proposal),
    ("negotiationreview", Stage::Negotiation),
    ("closedwon", Stage::Won),
    ("closedlost", Stage::Lost),
    ("appointmentscheduled", Stage::Lead),
    ("qualifiedtobuy", Stage::Qualified),
    ("presentationscheduled", Stage::Qualified),
    ("decisionmakerboughtin", Stage::Proposal),
    ("contractsent", Stage::Negotiation),
    ("lead", Stage::Lead),
    ("qualified", Stage::Qualified),
    ("proposal", Stage::Proposal),
    ("negotiation", Stage::Negotiation),
    ("won", Stage::Won),
    ("lost", Stage::Lost),
    ("closed", Stage::Won),
    ("new", Stage::Lead),
];

/// Salesforce forecast categories. "Closed" says nothing the stage does not.
pub const FORECASTS: [(&str, Option<ForecastCategory>); 6] = [
    ("pipeline", Some(ForecastCategory::Pipeline)),
    ("bestcase", Some(ForecastCategory::BestCase)),
    ("mostlikely", Some(ForecastCategory::BestCase)),
    ("commit", Some(ForecastCategory::Commit)),
    ("omitted", Some(ForecastCategory::Omitted)),
    ("closed", None),
];

/// Salesforce opportunity types and `HubSpot` deal types.
pub const KINDS: [(&str, DealKind); 9] = [
    ("newcustomer", DealKind::NewBusiness),
    ("newbusiness", DealKind::NewBusiness),
    ("existingcustomerupgrade", DealKind::Upsell),
    ("existingbusiness", DealKind::Upsell),
    ("upsell", DealKind::Upsell),
    ("expansion", DealKind::Upsell),
    ("existingcustomerreplacement", DealKind::Renewal),
    ("existingcustomerdowngrade", DealKind::Renewal),
    ("renewal", DealKind::Renewal),
];

/// `Closed Won`, `closedwon` and `CLOSED-WON` are the same value.
fn normalise(value: &str) -> String {
    value
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// `--map` entries for values: the user's own stage, forecast and type names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValueMaps {
    pub stages: Vec<(String, Stage)>,
    pub forecasts: Vec<(String, ForecastCategory)>,
    pub kinds: Vec<(String, DealKind)>,
}

impl ValueMaps {
    fn stage(&self, value: &str) -> Option<Stage> {
        let key = normalise(value);
        self.stages
            .iter()
            .find(|(v, _)| normalise(v) == key)
            .map(|(_, s)| *s)
            .or_else(|| STAGES.iter().find(|(v, _)| *v == key).map(|(_, s)| *s))
    }

    /// `Some(None)` for a known value that sets no call ("Closed").
    #[expect(
        clippy::option_option,
        reason = "the outer None is an unknown value, the inner a known one with no call"
    )]
    fn forecast(&self, value: &str) -> Option<Option<ForecastCategory>> {
        let key = normalise(value);
        self.forecasts
            .iter()
            .find(|(v, _)| normalise(v) == key)
            .map(|(_, f)| Some(*f))
            .or_else(|| FORECASTS.iter().find(|(v, _)| *v == key).map(|(_, f)| *f))
    }

    fn kind(&self, value: &str) -> Option<DealKind> {
        let key = normalise(value);
        self.kinds
            .iter()
            .find(|(v, _)| normalise(v) == key)
            .map(|(_, k)| *k)
            .or_else(|| KINDS.iter().find(|(v, _)| *v == key).map(|(_, k)| *k))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// (client name, deal title) added.
    pub added: Vec<(String, String)>,
    /// (client name, deal title, fields brought up to date).
    pub updated: Vec<(String, String, Vec<&'static str>)>,
    /// (client name, deal title) already there as the file has it.
    pub unchanged: Vec<(String, String)>,
    /// Rows whose account is no client of the book: (line, account).
    /// With the client the row most likely meant, if one is near.
    pub unmatched: Vec<(u64, String, Option<String>)>,
    /// Values konto could not read, each with the rows that had it: stages (those rows
    /// are left out), forecast categories and types (read as absent).
    pub unknown_stages: BTreeMap<String, Vec<u64>>,
    pub unknown_forecasts: BTreeMap<String, Vec<u64>>,
    pub unknown_kinds: BTreeMap<String, Vec<u64>>,
    pub skipped: Vec<Skipped>,
    pub columns: Vec<(String, Field)>,
}

/// An opportunity export names a deal and its stage.
pub fn is_opportunity_export(columns: &[(String, Field)]) -> bool {
    let has = |wanted: Field| columns.iter().any(|(_, f)| *f == wanted);
    has(Field::DealTitle) && has(Field::DealStage)
}

pub fn import(
    book: &Book,
    bytes: &[u8],
    (columns, values): (&[(String, Field)], &ValueMaps),
    today: NaiveDate,
) -> Result<(Book, Report), String> {
    let mut file = open(bytes, columns)?;
    let mut deals = Deals::new(book.clone(), today);
    let locale = file.locale;
    let header = file.columns.clone();
    file.each_record(|line, record| match record {
        Ok(record) => deals.take(line, &read_row(record, &header, locale, values)),
        Err(reason) => deals.skip(line, reason),
    });
    let mut report = deals.report;
    report.columns = file.columns;
    Ok((deals.out, report))
}

/// One row as the file has it, each value read or why it could not be.
#[derive(Debug, Default)]
struct Row {
    account: String,
    deal: Deal,
    /// The stage as written, when konto does not know it.
    unknown_stage: Option<String>,
    unknown_forecast: Option<String>,
    unknown_kind: Option<String>,
    problem: Option<String>,
}

fn read_row(
    record: &csv::StringRecord,
    columns: &[(String, Field)],
    locale: Locale,
    values: &ValueMaps,
) -> Row {
    let mut row = Row::default();
    for ((header, field), value) in columns.iter().zip(record.iter()) {
        let value = value.trim();
        let in_column = |e: String| format!("{header}: {e}");
        if value.is_empty() {
            continue;
        }
        match field {
            Field::Name => row.account = value.to_string(),
            Field::DealTitle => row.deal.title = value.to_string(),
            Field::DealStage => match values.stage(value) {
                Some(stage) => row.deal.stage = Some(stage),
                None => row.unknown_stage = Some(value.to_string()),
            },
            Field::DealAmount => match values::amount(value, locale) {
                Ok(amount) => row.deal.amount = amount,
                Err(e) => row.problem = Some(in_column(e)),
            },
            Field::DealCloseDate => match values::date(value, locale) {
                Ok(date) => row.deal.close_date = date,
                Err(e) => row.problem = Some(in_column(e)),
            },
            Field::DealKind => match values.kind(value) {
                Some(kind) => row.deal.kind = Some(kind),
                None => row.unknown_kind = Some(value.to_string()),
            },
            Field::DealForecast => match values.forecast(value) {
                Some(call) => row.deal.forecast = call,
                None => row.unknown_forecast = Some(value.to_string()),
            },
            _ => {}
        }
    }
    row
}

/// The book being added to, and where its clients are by name.
struct Deals {
    out: Book,
    clients: ClientsByName,
    today: NaiveDate,
    report: Report,
}

impl Deals {
    fn new(out: Book, today: NaiveDate) -> Deals {
        Deals {
            clients: ClientsByName::of(&out),
            out,
            today,
            report: Report::default(),
        }
    }

    fn skip(&mut self, line: u64, reason: String) {
        self.report.skipped.push(Skipped { line, reason });
    }

    fn take(&mut self, line: u64, row: &Row) {
        let note = |list: &mut BTreeMap<String, Vec<u64>>, value: &Option<String>| {
            if let Some(value) = value {
                list.entry(value.clone()).or_default().push(line);
            }
        };
        note(&mut self.report.unknown_forecasts, &row.unknown_forecast);
        note(&mut self.report.unknown_kinds, &row.unknown_kind);
        note(&mut self.report.unknown_stages, &row.unknown_stage);
        if row.unknown_stage.is_some() {
            return;
        }
        if let Some(problem) = &row.problem {
            return self.skip(line, problem.clone());
        }
        if row.deal.title.is_empty() {
            return self.skip(line, "no deal name".to_string());
        }
        if row.account.is_empty() {
            return self.skip(line, "no account or company name".to_string());
        }
        let Some(index) = self.clients.find(&row.account) else {
            let near = self.clients.suggest(&row.account);
            self.report
                .unmatched
                .push((line, row.account.clone(), near));
            return;
        };
        self.merge(index, row);
    }

    /// Adds the row's deal to the client, or brings the deal of that title up to date.
    fn merge(&mut self, index: usize, row: &Row) {
        let today = self.today;
        let client = &mut self.out.clients[index];
        let pair = (client.name.clone(), row.deal.title.clone());
        let found = client
            .deals
            .iter_mut()
            .find(|d| d.title.trim().eq_ignore_ascii_case(row.deal.title.trim()));
        let Some(deal) = found else {
            let mut deal = row.deal.clone();
            // A call that is the stage's own default is left for the stage to give.
            if deal.forecast == Some(ForecastCategory::default_for(deal.stage())) {
                deal.forecast = None;
            }
            edit::record_deal_change(None, &mut deal, today);
            deal.id = edit::new_deal_id(client, &deal.title);
            client.deals.push(deal);
            self.report.added.push(pair);
            return;
        };
        let before = deal.clone();
        let mut fields = Vec::new();
        if row.deal.stage.is_some() && row.deal.stage() != deal.stage() {
            deal.stage = row.deal.stage;
            fields.push("stage");
        }
        if row.deal.amount.is_some() && row.deal.amount != deal.amount {
            deal.amount = row.deal.amount;
            fields.push("amount");
        }
        if row.deal.close_date.is_some() && row.deal.close_date != deal.close_date {
            deal.close_date = row.deal.close_date;
            fields.push("close_date");
        }
        let call_now = deal
            .forecast
            .unwrap_or(ForecastCategory::default_for(deal.stage()));
        if let Some(call) = row.deal.forecast.filter(|call| *call != call_now) {
            deal.forecast = Some(call);
            fields.push("forecast");
        }
        if deal.kind.is_none() && row.deal.kind.is_some() {
            deal.kind = row.deal.kind;
            fields.push("kind");
        }
        if fields.is_empty() {
            self.report.unchanged.push(pair);
        } else {
            edit::record_deal_change(Some(&before), deal, today);
            self.report.updated.push((pair.0, pair.1, fields));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_names_read_through_the_table_and_the_users_map() {
        let values = ValueMaps {
            stages: vec![("Discovery".to_string(), Stage::Qualified)],
            ..ValueMaps::default()
        };
        assert_eq!(values.stage("Closed Won"), Some(Stage::Won));
        assert_eq!(values.stage("Id. Decision Makers"), Some(Stage::Proposal));
        assert_eq!(values.stage("Proposal/Price Quote"), Some(Stage::Proposal));
        assert_eq!(values.stage("contractsent"), Some(Stage::Negotiation));
        assert_eq!(values.stage("discovery"), Some(Stage::Qualified));
        assert_eq!(values.stage("Verbal yes"), None);
        assert_eq!(
            values.forecast("Best Case"),
            Some(Some(ForecastCategory::BestCase))
        );
        assert_eq!(values.forecast("Closed"), Some(None));
        assert_eq!(values.forecast("Upside"), None);
        assert_eq!(
            values.kind("Existing Customer - Upgrade"),
            Some(DealKind::Upsell)
        );
    }
}
