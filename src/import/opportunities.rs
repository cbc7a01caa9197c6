//! Deals from a CRM's opportunity export (Salesforce opportunities, `HubSpot` and
//! Pipedrive deals). Each deal joins the client its account is, by the account's CRM id
//! (`AccountId`) or its name. A deal the CRM has given an id is found again by it, so two
//! deals of one title stay two; a deal without one is found by its title. A deal already
//! there is brought up to date, each change recorded in its history. Stages, forecast
//! categories and types are read through the tables below (`import.stages` in
//! config.ron and `--map "stage:Discovery=Qualified"` add to them); a stage konto does
//! not know is listed, and its row left out, never guessed.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::columns::Field;
use super::csv::{Account, Accounts, Opened, Row, Skipped, crm_key, items_by_crm_id};
use crate::edit;
use crate::model::{Book, Deal, DealKind, ForecastCategory, Stage};

/// How CRM stage names read as konto's stages (normalised: letters and digits only,
/// lower case). Salesforce's default sales process, then `HubSpot`'s default pipeline
/// (labels and internal values normalise alike), Pipedrive's default pipeline, then
/// konto's own names.
pub const STAGES: [(&str, Stage); 29] = [
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
    ("leadin", Stage::Lead),
    ("contactmade", Stage::Lead),
    ("demoscheduled", Stage::Qualified),
    ("proposalmade", Stage::Proposal),
    ("negotiationsstarted", Stage::Negotiation),
    ("closedlostchurned", Stage::Lost),
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
    /// Rows whose account id is no client's: (line, the id).
    pub unresolved: Vec<(u64, String)>,
    /// Values konto could not read, each with the rows that had it: stages (those rows
    /// are left out), forecast categories and types (read as absent).
    pub unknown_stages: BTreeMap<String, Vec<u64>>,
    pub unknown_forecasts: BTreeMap<String, Vec<u64>>,
    pub unknown_kinds: BTreeMap<String, Vec<u64>>,
    pub skipped: Vec<Skipped>,
}

/// Adds the file's deals to a copy of `book`, or brings them up to date.
pub(super) fn import<'a>(
    book: &Book,
    mut file: Opened<'a>,
    values: &ValueMaps,
    today: NaiveDate,
) -> (Book, Opened<'a>, Report) {
    let mut deals = Deals::new(book.clone(), today);
    file.each_record(|line, row| match row {
        Ok(row) => {
            let read = read_row(&row, values);
            deals.take(line, &row, &read);
        }
        Err(reason) => deals.skip(line, reason),
    });
    (deals.out, file, deals.report)
}

/// One row's deal as the file has it, each value read or why it could not be.
#[derive(Debug, Default)]
struct DealRow {
    deal: Deal,
    /// The stage as written, when konto does not know it.
    unknown_stage: Option<String>,
    unknown_forecast: Option<String>,
    unknown_kind: Option<String>,
    problem: Option<String>,
}

fn read_row(record: &Row, values: &ValueMaps) -> DealRow {
    let mut row = DealRow::default();
    let mut status = None;
    for (header, field, value) in record.values() {
        let in_column = |e: String| format!("{header}: {e}");
        match field {
            Field::RecordId => row.deal.crm_id = record.crm_id(value),
            Field::DealTitle => row.deal.title = value.to_string(),
            Field::DealStatus => status = Some(value.to_lowercase()),
            Field::DealStage => match values.stage(value) {
                Some(stage) => row.deal.stage = Some(stage),
                None => row.unknown_stage = Some(value.to_string()),
            },
            Field::DealAmount => match record.amount(value) {
                Ok(amount) => row.deal.amount = amount,
                Err(e) => row.problem = Some(in_column(e)),
            },
            Field::DealCloseDate => match record.date(value) {
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
    // Pipedrive keeps a won or lost deal in the stage it was in: its status says.
    match status.as_deref() {
        Some("won") => (row.deal.stage, row.unknown_stage) = (Some(Stage::Won), None),
        Some("lost") => (row.deal.stage, row.unknown_stage) = (Some(Stage::Lost), None),
        _ => {}
    }
    row
}

/// The book being added to, and where its accounts and deals are.
struct Deals {
    out: Book,
    accounts: Accounts,
    /// Each deal with a CRM id: (client, deal).
    by_crm: HashMap<String, (usize, usize)>,
    today: NaiveDate,
    report: Report,
}

impl Deals {
    fn new(out: Book, today: NaiveDate) -> Deals {
        let by_crm = items_by_crm_id(&out, |c| {
            c.deals.iter().map(|d| d.crm_id.as_deref()).collect()
        });
        Deals {
            accounts: Accounts::of(&out),
            by_crm,
            out,
            today,
            report: Report::default(),
        }
    }

    fn skip(&mut self, line: u64, reason: String) {
        self.report.skipped.push(Skipped { line, reason });
    }

    fn take(&mut self, line: u64, record: &Row, row: &DealRow) {
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
        let known = row
            .deal
            .crm_id
            .as_deref()
            .and_then(|id| self.by_crm.get(&crm_key(id)))
            .copied();
        if let Some((client, deal)) = known {
            return self.update(client, deal, row);
        }
        let client = match self.accounts.find(record) {
            Account::Found(index) => index,
            Account::UnknownId(id) => return self.report.unresolved.push((line, id)),
            Account::UnknownName(name, near) => {
                return self.report.unmatched.push((line, name, near));
            }
            Account::Missing => {
                return self.skip(line, "no account or company".to_string());
            }
        };
        // The same deal without the CRM's id yet (entered by hand, or imported by title).
        let same = self.out.clients[client].deals.iter().position(|d| {
            d.crm_id.is_none() && d.title.trim().eq_ignore_ascii_case(row.deal.title.trim())
        });
        match same {
            Some(deal) => self.update(client, deal, row),
            None => self.add(client, row),
        }
    }

    fn add(&mut self, client: usize, row: &DealRow) {
        let at = &mut self.out.clients[client];
        let mut deal = row.deal.clone();
        // A call that is the stage's own default is left for the stage to give.
        if deal.forecast == Some(ForecastCategory::default_for(deal.stage())) {
            deal.forecast = None;
        }
        edit::record_deal_change(None, &mut deal, self.today);
        deal.id = edit::new_deal_id(at, &deal.title);
        if let Some(crm_id) = &deal.crm_id {
            self.by_crm
                .insert(crm_key(crm_id), (client, at.deals.len()));
        }
        self.report
            .added
            .push((at.name.clone(), deal.title.clone()));
        at.deals.push(deal);
    }

    /// Brings the client's deal up to date with the row.
    fn update(&mut self, client: usize, index: usize, row: &DealRow) {
        let today = self.today;
        let client = &mut self.out.clients[client];
        let deal = &mut client.deals[index];
        let before = deal.clone();
        let mut fields = Vec::new();
        if deal.crm_id.is_none() && row.deal.crm_id.is_some() {
            deal.crm_id.clone_from(&row.deal.crm_id);
            fields.push("crm_id");
        }
        if !row.deal.title.is_empty() && row.deal.title != deal.title {
            deal.title.clone_from(&row.deal.title);
            fields.push("title");
        }
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
        let pair = (client.name.clone(), deal.title.clone());
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
