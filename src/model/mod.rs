//! The book of business as it is written in the data file.
//!
//! Field names are a contract with people and tools that write the file by hand, so they
//! never change. Everything but a client's `id` and `name` is optional; defaults live in
//! the accessor methods, not in the file, so a load → save round trip writes back only
//! what was there.

mod binary;
pub mod email;
mod money;
pub mod serde_format;

use chrono::NaiveDate;
use rkyv::with::{Map, Skip};
// The binary layout of the cache's copies (`binary`), beside serde's text one.
use rkyv::{Archive, Deserialize as FromArchive, Serialize as ToArchive};
use serde::{Deserialize, Serialize};
use strum::{EnumIter, IntoEnumIterator, IntoStaticStr};

mod clients;
pub use clients::{Clients, same};
pub use money::Money;

/// An item with an id unique among its kind in its list: found, put and merged by id.
pub trait Keyed {
    fn key(&self) -> &str;
}

macro_rules! keyed_by_id {
    ($($kind:ty),+) => {
        $(impl Keyed for $kind {
            fn key(&self) -> &str {
                &self.id
            }
        })+
    };
}
keyed_by_id!(Contact, Task, Deal, Project, Gift, Interaction, TeamMember);
use binary::DayNumber;
use serde_format::{lenient_string, opt_date};

/// The file format version this build reads and writes. Version 2 added people (contact
/// ids, buying roles, time zones, their own cadence), `with` on interactions, tasks and
/// the team. Version 3 gives every deal, project, gift and interaction an `id`, and a
/// task names its deal by id. Every older book reads as it is (ids are made on load) and
/// is written whole as version 3, the old text kept in `.bak`.
pub const CURRENT_VERSION: u32 = 3;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Archive, ToArchive, FromArchive)]
#[serde(deny_unknown_fields)]
pub struct Book {
    /// The version the file was written as; a save always writes [`CURRENT_VERSION`].
    #[serde(default = "current_version", serialize_with = "write_current_version")]
    pub version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The owner's own address: `konto capture` logs mail to and from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gift_limit: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gift_year: Option<GiftYear>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remind_on_launch: Option<RemindOnLaunch>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota: Option<Quota>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<PriorityWeights>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage_probability: Option<StageProbability>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_cadence: Option<DefaultCadence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotting_days: Option<RottingDays>,
    /// Book currency per 1 US dollar (`6.9` for DKK): the gift limit is in dollars.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usd_rate: Option<f64>,
    /// Which gift rule applies: FINRA Rule 3220 (default) or none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compliance: Option<Compliance>,
    /// The colleagues you bring in (solutions engineers, designers).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub team: Vec<TeamMember>,
    /// The forecast calls given to the manager (`konto forecast submit`), oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forecasts: Vec<ForecastSubmission>,
    /// Not in the settings' binary copy: the cache keeps each client apart, so that one
    /// is read or written without the others.
    #[serde(default, skip_serializing_if = "Clients::is_empty")]
    #[rkyv(with = Skip)]
    pub clients: Clients,
}

fn current_version() -> u32 {
    CURRENT_VERSION
}

#[expect(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's serialize_with hands the field by reference"
)]
fn write_current_version<S: serde::Serializer>(_: &u32, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_u32(CURRENT_VERSION)
}

impl Default for Book {
    fn default() -> Self {
        Book {
            version: CURRENT_VERSION,
            owner: None,
            owner_email: None,
            currency: None,
            gift_limit: None,
            gift_year: None,
            remind_on_launch: None,
            quota: None,
            priority: None,
            stage_probability: None,
            default_cadence: None,
            rotting_days: None,
            usd_rate: None,
            compliance: None,
            team: Vec::new(),
            forecasts: Vec::new(),
            clients: Clients::new(),
        }
    }
}

impl Book {
    /// Everything but the clients is the same. Every field is named, so a new one cannot
    /// be left out of the comparison.
    pub fn same_outside_clients(&self, other: &Book) -> bool {
        let Book {
            version,
            owner,
            owner_email,
            currency,
            gift_limit,
            gift_year,
            remind_on_launch,
            quota,
            priority,
            stage_probability,
            default_cadence,
            rotting_days,
            usd_rate,
            compliance,
            team,
            forecasts,
            clients: _,
        } = self;
        *version == other.version
            && *owner == other.owner
            && *owner_email == other.owner_email
            && *currency == other.currency
            && *gift_limit == other.gift_limit
            && *gift_year == other.gift_year
            && *remind_on_launch == other.remind_on_launch
            && *quota == other.quota
            && *priority == other.priority
            && *stage_probability == other.stage_probability
            && *default_cadence == other.default_cadence
            && *rotting_days == other.rotting_days
            && *usd_rate == other.usd_rate
            && *compliance == other.compliance
            && *team == other.team
            && *forecasts == other.forecasts
    }

    pub fn currency(&self) -> &str {
        self.currency
            .as_deref()
            .filter(|c| !c.is_empty())
            .unwrap_or("USD")
    }

    /// The book's currency per 1 US dollar: 1 for a dollar book, else its `usd_rate` when
    /// it is a usable rate; `None` when the book's money cannot be put in dollars.
    pub fn per_usd(&self) -> Option<f64> {
        if self.currency().eq_ignore_ascii_case("USD") {
            Some(1.0)
        } else {
            self.usd_rate.filter(|r| r.is_finite() && *r > 0.0)
        }
    }

    /// The book's own settings, without its clients (what a client-level change cannot
    /// touch; the base of two books that share no history).
    pub fn without_clients(&self) -> Book {
        Book {
            clients: Clients::new(),
            ..self.clone()
        }
    }

    pub fn owner(&self) -> &str {
        self.owner.as_deref().unwrap_or("")
    }

    pub fn client(&self, id: &str) -> Option<&Client> {
        self.clients.iter().find(|c| c.id == id)
    }

    /// The client `id`, shared: a copy of the pointer, not of the client.
    pub fn shared_client(&self, id: &str) -> Option<&std::sync::Arc<Client>> {
        self.clients.shared().iter().find(|c| c.id == id)
    }

    pub fn client_mut(&mut self, id: &str) -> Option<&mut Client> {
        self.clients.iter_mut().find(|c| c.id == id)
    }

    pub fn colleague(&self, id: &str) -> Option<&TeamMember> {
        self.team.iter().find(|m| m.id == id)
    }

    /// Days between check-ins for a client: its own cadence, else its tier's default.
    pub fn cadence_days(&self, client: &Client) -> u32 {
        client.cadence_days.unwrap_or_else(|| {
            self.default_cadence
                .clone()
                .unwrap_or_default()
                .for_tier(client.tier())
        })
    }
}

/// Which twelve months a gift limit applies to.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    Serialize,
    Deserialize,
    Archive,
    ToArchive,
    FromArchive,
)]
pub enum GiftYear {
    /// January to December of today's year (the usual reading of Rule 3220).
    #[default]
    Calendar,
    /// The 365 days up to and including today.
    Rolling12,
    /// The quota's fiscal year (from its `fiscal_start` month).
    Fiscal,
}

/// The gift rule a book is kept under.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    Serialize,
    Deserialize,
    Archive,
    ToArchive,
    FromArchive,
)]
pub enum Compliance {
    /// FINRA Rule 3220: a yearly limit per recipient person, in US dollars.
    #[default]
    Finra3220,
    /// Gifts are logged; no limit is shown or judged.
    Off,
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    Serialize,
    Deserialize,
    Archive,
    ToArchive,
    FromArchive,
)]
pub enum RemindOnLaunch {
    Always,
    #[default]
    Daily,
    Never,
}

#[derive(
    Debug, Clone, PartialEq, Default, Serialize, Deserialize, Archive, ToArchive, FromArchive,
)]
#[serde(deny_unknown_fields)]
pub struct Quota {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_salary: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commission_rate: Option<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bonuses: Vec<Bonus>,
    /// The share of a deal's amount that counts towards quota, by kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<Credit>,
    /// The first month (1–12) of the fiscal year `year`; 1 (January) when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fiscal_start: Option<u32>,
    /// The four quarters' targets; absent, the year's target split evenly.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quarters: Vec<Money>,
    /// Marginal commission rates by attainment band (accelerators); absent, the flat
    /// `commission_rate` on everything.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub commission: Vec<CommissionBand>,
    /// The most commission the plan pays in the year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commission_cap: Option<Money>,
    /// What a deal's credit is a share of: its whole amount (default), or its first
    /// year's (`FirstYear`: amount × 12 ÷ `term_months` for terms over a year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_basis: Option<CreditBasis>,
}

/// From `from` × target of credited won upwards, each further amount earns `rate`
/// (until the next band's `from`).
#[derive(
    Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Archive, ToArchive, FromArchive,
)]
#[serde(deny_unknown_fields)]
pub struct CommissionBand {
    pub from: f64,
    pub rate: f64,
}

/// Quota credit by deal kind (1.0 = the full amount, the default).
#[derive(
    Debug, Clone, PartialEq, Default, Serialize, Deserialize, Archive, ToArchive, FromArchive,
)]
#[serde(deny_unknown_fields)]
pub struct Credit {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_business: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upsell: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renewal: Option<f64>,
}

impl Credit {
    pub fn of(&self, kind: DealKind) -> f64 {
        match kind {
            DealKind::NewBusiness => self.new_business,
            DealKind::Upsell => self.upsell,
            DealKind::Renewal => self.renewal,
        }
        .unwrap_or(1.0)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Archive, ToArchive, FromArchive)]
#[serde(deny_unknown_fields)]
pub struct Bonus {
    /// Attainment (1.0 = 100 % of target) at which this bonus is paid.
    pub attainment: f64,
    pub amount: Money,
}

/// Weights of the priority terms; unset ones use the documented defaults.
#[derive(
    Debug, Clone, PartialEq, Default, Serialize, Deserialize, Archive, ToArchive, FromArchive,
)]
#[serde(deny_unknown_fields)]
pub struct PriorityWeights {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overdue: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipeline: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closing: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub projects: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slipped: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub earnings: Option<f64>,
}

/// Chance that an open deal in each stage closes, for the forecast.
#[derive(
    Debug, Clone, PartialEq, Default, Serialize, Deserialize, Archive, ToArchive, FromArchive,
)]
#[serde(deny_unknown_fields)]
pub struct StageProbability {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualified: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposal: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub negotiation: Option<f64>,
}

impl StageProbability {
    pub const DEFAULT_LEAD: f64 = 0.10;
    pub const DEFAULT_QUALIFIED: f64 = 0.25;
    pub const DEFAULT_PROPOSAL: f64 = 0.50;
    pub const DEFAULT_NEGOTIATION: f64 = 0.75;

    pub fn of(&self, stage: Stage) -> f64 {
        match stage {
            Stage::Lead => self.lead.unwrap_or(Self::DEFAULT_LEAD),
            Stage::Qualified => self.qualified.unwrap_or(Self::DEFAULT_QUALIFIED),
            Stage::Proposal => self.proposal.unwrap_or(Self::DEFAULT_PROPOSAL),
            Stage::Negotiation => self.negotiation.unwrap_or(Self::DEFAULT_NEGOTIATION),
            Stage::Won => 1.0,
            Stage::Lost => 0.0,
        }
    }
}

/// How long an open deal may sit in a stage before it is flagged as rotting.
#[derive(
    Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Archive, ToArchive, FromArchive,
)]
#[serde(deny_unknown_fields)]
pub struct RottingDays {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualified: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposal: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub negotiation: Option<u32>,
}

impl RottingDays {
    pub const DEFAULT_LEAD: u32 = 30;
    pub const DEFAULT_QUALIFIED: u32 = 21;
    pub const DEFAULT_PROPOSAL: u32 = 14;
    pub const DEFAULT_NEGOTIATION: u32 = 10;

    /// The limit for `stage`; `None` for a closed stage.
    pub fn of(&self, stage: Stage) -> Option<u32> {
        match stage {
            Stage::Lead => Some(self.lead.unwrap_or(Self::DEFAULT_LEAD)),
            Stage::Qualified => Some(self.qualified.unwrap_or(Self::DEFAULT_QUALIFIED)),
            Stage::Proposal => Some(self.proposal.unwrap_or(Self::DEFAULT_PROPOSAL)),
            Stage::Negotiation => Some(self.negotiation.unwrap_or(Self::DEFAULT_NEGOTIATION)),
            Stage::Won | Stage::Lost => None,
        }
    }
}

/// Days between check-ins for clients that set no `cadence_days`.
#[derive(
    Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Archive, ToArchive, FromArchive,
)]
#[serde(deny_unknown_fields)]
pub struct DefaultCadence {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub growth: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard: Option<u32>,
}

impl DefaultCadence {
    pub const KEY: u32 = 14;
    pub const GROWTH: u32 = 30;
    pub const STANDARD: u32 = 60;

    pub fn for_tier(&self, tier: Tier) -> u32 {
        match tier {
            Tier::Key => self.key.unwrap_or(Self::KEY),
            Tier::Growth => self.growth.unwrap_or(Self::GROWTH),
            Tier::Standard => self.standard.unwrap_or(Self::STANDARD),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Archive, ToArchive, FromArchive)]
#[serde(deny_unknown_fields)]
pub struct Client {
    pub id: String,
    pub name: String,
    /// The record's id in the CRM it was imported from (`salesforce:001…`), so a second
    /// import finds it again whatever its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crm_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<Tier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual_value: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cadence_days: Option<u32>,
    #[serde(default, with = "opt_date", skip_serializing_if = "Option::is_none")]
    #[rkyv(with = Map<DayNumber>)]
    pub last_contact: Option<NaiveDate>,
    #[serde(default, with = "opt_date", skip_serializing_if = "Option::is_none")]
    #[rkyv(with = Map<DayNumber>)]
    pub next_checkin: Option<NaiveDate>,
    /// The day `next_checkin` was planned (a reschedule, or a meeting capture found): a
    /// real contact after that day supersedes it.
    #[serde(default, with = "opt_date", skip_serializing_if = "Option::is_none")]
    #[rkyv(with = Map<DayNumber>)]
    pub next_checkin_set: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interactions: Vec<Interaction>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deals: Vec<Deal>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub projects: Vec<Project>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gifts: Vec<Gift>,
    /// Next steps: open until `done` has a date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<Task>,
    /// The client's own rules on gifts, when stricter than the book's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gift_policy: Option<GiftPolicy>,
    /// Mail domains of the company (`nordlys.example`): captured mail from an unknown
    /// address there is the client's. Without it, its people's domains are used.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<String>,
}

/// A client's own gift rules (in the book's currency): at most `per_occasion` a gift, at
/// most `per_year` a person, or `none: true` for no gifts at all. Entertainment (a dinner,
/// tickets) is held to `entertainment_per_event` (a person's share of one event) and
/// `entertainment_per_year` (a person's year); `none: true` refuses entertainment too
/// unless one of those two is set.
#[derive(
    Debug, Clone, PartialEq, Default, Serialize, Deserialize, Archive, ToArchive, FromArchive,
)]
#[serde(deny_unknown_fields)]
pub struct GiftPolicy {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_occasion: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_year: Option<Money>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub none: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entertainment_per_event: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entertainment_per_year: Option<Money>,
}

/// `list` moved into room for its items alone. Not `shrink_to_fit`: an allocator may keep
/// a block that is at least half used where it is (mimalloc does), and that kept most of
/// the spare room.
fn fit<T>(list: &mut Vec<T>) {
    if list.capacity() > list.len() {
        let mut exact = Vec::with_capacity(list.len());
        exact.append(list);
        *list = exact;
    }
}

impl Client {
    /// Gives back what its lists reserved beyond their items. A list read from text grows
    /// as it is read (four places for a client's first deal); on a large book that spare
    /// room was a fifth of the memory its clients took.
    pub fn shrink_to_fit(&mut self) {
        fit(&mut self.contacts);
        fit(&mut self.interactions);
        for interaction in &mut self.interactions {
            fit(&mut interaction.with);
            fit(&mut interaction.addresses);
        }
        fit(&mut self.deals);
        for deal in &mut self.deals {
            fit(&mut deal.history);
        }
        fit(&mut self.projects);
        for project in &mut self.projects {
            fit(&mut project.staff);
        }
        fit(&mut self.gifts);
        for gift in &mut self.gifts {
            fit(&mut gift.recipients);
        }
        fit(&mut self.tasks);
        fit(&mut self.domains);
    }

    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        Client {
            id: id.into(),
            name: name.into(),
            crm_id: None,
            industry: None,
            tier: None,
            annual_value: None,
            cadence_days: None,
            last_contact: None,
            next_checkin: None,
            next_checkin_set: None,
            contacts: Vec::new(),
            notes: None,
            interactions: Vec::new(),
            deals: Vec::new(),
            projects: Vec::new(),
            gifts: Vec::new(),
            tasks: Vec::new(),
            gift_policy: None,
            domains: Vec::new(),
        }
    }

    pub fn tier(&self) -> Tier {
        self.tier.unwrap_or_default()
    }

    pub fn industry(&self) -> &str {
        self.industry.as_deref().unwrap_or("")
    }

    pub fn annual_value(&self) -> Money {
        self.annual_value.unwrap_or_default()
    }

    /// The first contact listed is the main one.
    pub fn main_contact(&self) -> Option<&Contact> {
        self.contacts.first()
    }

    /// The most recent interaction on or before `today` (ties: the one listed last).
    pub fn last_interaction(&self, today: NaiveDate) -> Option<&Interaction> {
        self.interactions
            .iter()
            .filter(|i| i.date.is_some_and(|d| d <= today))
            .max_by_key(|i| i.date)
    }

    pub fn open_deals(&self) -> impl Iterator<Item = &Deal> {
        self.deals.iter().filter(|d| d.stage().is_open())
    }

    pub fn open_pipeline(&self) -> Money {
        self.open_deals().map(Deal::amount).sum()
    }

    /// The contact with this id.
    pub fn contact(&self, id: &str) -> Option<&Contact> {
        self.contacts.iter().find(|c| c.id == id)
    }

    /// How a person named in the book (a gift's recipient, an interaction's `with`) is
    /// shown: their contact's name when `who` is a contact id, else `who` as written.
    pub fn person_name<'a>(&'a self, who: &'a str) -> &'a str {
        self.contact(who.trim()).map_or(who, |c| c.name.as_str())
    }

    pub fn interaction(&self, id: &str) -> Option<&Interaction> {
        self.interactions.iter().find(|i| i.id == id)
    }

    pub fn deal(&self, id: &str) -> Option<&Deal> {
        self.deals.iter().find(|d| d.id == id)
    }

    pub fn project(&self, id: &str) -> Option<&Project> {
        self.projects.iter().find(|p| p.id == id)
    }

    /// The title of the deal `task` is for (its id, if the client has no such deal).
    pub fn task_deal_title<'a>(&'a self, task: &'a Task) -> Option<&'a str> {
        let id = task.deal.as_deref()?;
        Some(self.deal(id).map_or(id, |d| d.title.as_str()))
    }

    pub fn gift(&self, id: &str) -> Option<&Gift> {
        self.gifts.iter().find(|g| g.id == id)
    }

    pub fn task(&self, id: &str) -> Option<&Task> {
        self.tasks.iter().find(|t| t.id == id)
    }

    pub fn open_tasks(&self) -> impl Iterator<Item = &Task> {
        self.tasks.iter().filter(|t| t.is_open())
    }

    /// The last real contact with the person `contact_id` on or before `today`.
    pub fn last_contact_with(&self, contact_id: &str, today: NaiveDate) -> Option<NaiveDate> {
        self.interactions
            .iter()
            .filter(|i| i.kind().is_contact() && i.with.iter().any(|w| w == contact_id))
            .filter_map(|i| i.date)
            .filter(|d| *d <= today)
            .max()
    }
}

/// A colleague you bring in for demos and projects.
#[derive(
    Debug, Clone, PartialEq, Default, Serialize, Deserialize, Archive, ToArchive, FromArchive,
)]
#[serde(deny_unknown_fields)]
pub struct TeamMember {
    pub id: String,
    #[serde(default, deserialize_with = "lenient_string")]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// A next step: "send the proposal by Friday".
#[derive(
    Debug, Clone, PartialEq, Default, Serialize, Deserialize, Archive, ToArchive, FromArchive,
)]
#[serde(deny_unknown_fields)]
pub struct Task {
    /// Unique within the client; derived from the title when the file has none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient_string")]
    pub title: String,
    #[serde(default, with = "opt_date", skip_serializing_if = "Option::is_none")]
    #[rkyv(with = Map<DayNumber>)]
    pub due: Option<NaiveDate>,
    /// A team member's id; absent: the book's owner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The id of a deal of the same client (a deal's title in the file is read as that
    /// deal's id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deal: Option<String>,
    /// When it was done; absent: still open.
    #[serde(default, with = "opt_date", skip_serializing_if = "Option::is_none")]
    #[rkyv(with = Map<DayNumber>)]
    pub done: Option<NaiveDate>,
}

impl Task {
    pub fn is_open(&self) -> bool {
        self.done.is_none()
    }

    /// Days past due on `today` (0 when due today; negative when still ahead).
    pub fn days_overdue(&self, today: NaiveDate) -> Option<i64> {
        self.due.map(|due| (today - due).num_days())
    }
}

/// The part a person plays in the account's buying decision.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    Serialize,
    Deserialize,
    EnumIter,
    IntoStaticStr,
    Archive,
    ToArchive,
    FromArchive,
)]
pub enum BuyingRole {
    /// Sells for you inside the account.
    #[default]
    Champion,
    /// Signs off the money.
    #[strum(serialize = "Economic buyer")]
    EconomicBuyer,
    #[strum(serialize = "Decision maker")]
    DecisionMaker,
    #[strum(serialize = "Technical buyer")]
    TechnicalBuyer,
    Influencer,
    User,
    /// Works against the deal.
    Blocker,
}

impl BuyingRole {
    pub fn label(self) -> &'static str {
        self.into()
    }

    /// `economic buyer`, `EconomicBuyer`, `economic-buyer`: case, spaces and dashes aside.
    pub fn parse(text: &str) -> Option<BuyingRole> {
        let wanted: String = text
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        Self::iter().find(|r| {
            let label: String = r
                .label()
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect();
            label == wanted
        })
    }
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    Serialize,
    Deserialize,
    EnumIter,
    IntoStaticStr,
    Archive,
    ToArchive,
    FromArchive,
)]
pub enum Tier {
    /// Red carpet: the accounts that matter most.
    Key,
    Growth,
    #[default]
    Standard,
}

impl Tier {
    pub fn label(self) -> &'static str {
        self.into()
    }
}

#[derive(
    Debug, Clone, PartialEq, Default, Serialize, Deserialize, Archive, ToArchive, FromArchive,
)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Unique within the client; derived from the name when the file has none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient_string")]
    pub name: String,
    /// The record's id in the CRM it was imported from (`salesforce:001…`), so a second
    /// import finds it again whatever its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crm_id: Option<String>,
    /// Their job title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buying_role: Option<BuyingRole>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// An IANA time zone name, e.g. `Europe/Copenhagen`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// Their own check-in cadence, due from the last interaction with them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cadence_days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// The day they left the client: kept in the history, out of pickers and reminders.
    #[serde(default, with = "opt_date", skip_serializing_if = "Option::is_none")]
    #[rkyv(with = Map<DayNumber>)]
    pub left: Option<NaiveDate>,
}

impl Contact {
    /// Still at the client: offered in pickers, reminded of on their own cadence.
    pub fn is_current(&self) -> bool {
        self.left.is_none()
    }
}

#[derive(
    Debug, Clone, PartialEq, Default, Serialize, Deserialize, Archive, ToArchive, FromArchive,
)]
#[serde(deny_unknown_fields)]
pub struct Interaction {
    /// Unique within the client; made from the date and kind when the file has none, and
    /// kept from then on (a task names a deal by it).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    #[serde(default, with = "opt_date", skip_serializing_if = "Option::is_none")]
    #[rkyv(with = Map<DayNumber>)]
    pub date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<InteractionKind>,
    /// The ids of the client's contacts it was with.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub with: Vec<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub summary: String,
    /// Where `konto capture` found it (`ics:UID/2026-11-20`, `mail:<id@host>`), so a
    /// second run over the same files adds nothing. Logged by hand: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// For a captured email: whether the owner sent it or received it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// Captured: the addresses of people in it who were no contact yet (matched by the
    /// client's mail domain). Adding one as a contact names them in `with` instead.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<String>,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Archive, ToArchive, FromArchive,
)]
pub enum Direction {
    Sent,
    Received,
}

impl Interaction {
    pub fn kind(&self) -> InteractionKind {
        self.kind.unwrap_or_default()
    }
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    Serialize,
    Deserialize,
    EnumIter,
    IntoStaticStr,
    Archive,
    ToArchive,
    FromArchive,
)]
pub enum InteractionKind {
    #[default]
    Call,
    Email,
    Meeting,
    Demo,
    Note,
    /// A call with no answer, a voicemail: recorded, but nobody was reached.
    Attempt,
}

impl InteractionKind {
    pub fn label(self) -> &'static str {
        self.into()
    }

    /// A note to self or an unanswered attempt is not being in touch with the client.
    pub fn is_contact(self) -> bool {
        !matches!(self, InteractionKind::Note | InteractionKind::Attempt)
    }

    pub fn parse(text: &str) -> Option<InteractionKind> {
        Self::iter().find(|k| k.label().eq_ignore_ascii_case(text.trim()))
    }
}

#[derive(
    Debug, Clone, PartialEq, Default, Serialize, Deserialize, Archive, ToArchive, FromArchive,
)]
#[serde(deny_unknown_fields)]
pub struct Deal {
    /// Unique within the client; made from the title when the file has none, and
    /// kept from then on (a task names a deal by it).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient_string")]
    pub title: String,
    /// The record's id in the CRM it was imported from (`salesforce:001…`), so a second
    /// import finds it again whatever its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crm_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<DealKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<Stage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    #[serde(default, with = "opt_date", skip_serializing_if = "Option::is_none")]
    #[rkyv(with = Map<DayNumber>)]
    pub close_date: Option<NaiveDate>,
    /// When the stage last changed (set by konto), for "deals moved" in reports and
    /// days in stage.
    #[serde(default, with = "opt_date", skip_serializing_if = "Option::is_none")]
    #[rkyv(with = Map<DayNumber>)]
    pub stage_changed: Option<NaiveDate>,
    /// The rep's forecast call for an open deal; absent: the default for its stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forecast: Option<ForecastCategory>,
    /// The changes konto made to the deal, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<DealChange>,
    /// Your split of it, 0 to 1 (absent: all of it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
    /// This deal's credit rate, over its kind's `quota.credit` (0 to 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<f64>,
    /// The contract's length, for first-year credit (`quota.credit_basis: FirstYear`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term_months: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualification: Option<Box<Qualification>>,
}

/// What a multi-year deal is credited on.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    Serialize,
    Deserialize,
    EnumIter,
    IntoStaticStr,
    Archive,
    ToArchive,
    FromArchive,
)]
pub enum CreditBasis {
    /// The whole contract value.
    #[default]
    Total,
    /// The first year's value (annual contract value).
    #[strum(serialize = "First year")]
    FirstYear,
}

/// A deal's qualification, as managers inspect a Commit deal (MEDDPICC, light): the
/// people as contact ids of the client, the rest as short notes.
#[derive(
    Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Archive, ToArchive, FromArchive,
)]
#[serde(deny_unknown_fields)]
pub struct Qualification {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics: Option<String>,
    /// A contact id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub economic_buyer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_criteria: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_process: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paper_process: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pain: Option<String>,
    /// A contact id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub champion: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub competition: Option<String>,
}

impl Qualification {
    pub fn is_empty(&self) -> bool {
        *self == Qualification::default()
    }
}

/// A forecast call as given on a day: the quarter's figures, in credited amounts, and
/// each deal that counted, so the next call can say what moved.
#[derive(
    Debug, Clone, PartialEq, Default, Serialize, Deserialize, Archive, ToArchive, FromArchive,
)]
#[serde(deny_unknown_fields)]
pub struct ForecastSubmission {
    #[serde(with = "serde_format::date")]
    #[rkyv(with = DayNumber)]
    pub date: NaiveDate,
    /// The fiscal quarter called: `FY2026 Q4`.
    pub quarter: String,
    pub closed: Money,
    pub commit: Money,
    pub best_case: Money,
    pub pipeline: Money,
    pub weighted: Money,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deals: Vec<SubmittedDeal>,
}

/// A deal as a forecast call counted it.
#[derive(
    Debug, Clone, PartialEq, Default, Serialize, Deserialize, Archive, ToArchive, FromArchive,
)]
#[serde(deny_unknown_fields)]
pub struct SubmittedDeal {
    /// The client's id and the deal's (ids are unique within a client).
    pub client: String,
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    #[serde(default, with = "opt_date", skip_serializing_if = "Option::is_none")]
    #[rkyv(with = Map<DayNumber>)]
    pub close_date: Option<NaiveDate>,
    /// Its call then; `None`: won (closed in the quarter).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call: Option<ForecastCategory>,
}

/// What konto changed on a deal one day: `(date: "2026-11-03", stage: (from: Proposal,
/// to: Negotiation))`. `added: true` marks the day the deal was entered.
#[derive(
    Debug, Clone, PartialEq, Default, Serialize, Deserialize, Archive, ToArchive, FromArchive,
)]
#[serde(deny_unknown_fields)]
pub struct DealChange {
    #[serde(with = "serde_format::date")]
    #[rkyv(with = DayNumber)]
    pub date: NaiveDate,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub added: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<Change<Stage>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub close_date: Option<DateChange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Change<Money>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forecast: Option<Change<ForecastCategory>>,
}

impl DealChange {
    /// Records nothing: not the day it was added, and no field changed.
    pub fn is_empty(&self) -> bool {
        !self.added
            && self.stage.is_none()
            && self.close_date.is_none()
            && self.amount.is_none()
            && self.forecast.is_none()
    }
}

/// A field's value before and after (absent = unset).
#[derive(
    Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Archive, ToArchive, FromArchive,
)]
#[serde(deny_unknown_fields)]
pub struct Change<T> {
    #[serde(default = "none", skip_serializing_if = "Option::is_none")]
    pub from: Option<T>,
    #[serde(default = "none", skip_serializing_if = "Option::is_none")]
    pub to: Option<T>,
}

fn none<T>() -> Option<T> {
    None
}

impl From<DateChange> for Change<NaiveDate> {
    fn from(c: DateChange) -> Self {
        Change {
            from: c.from,
            to: c.to,
        }
    }
}

impl From<Change<NaiveDate>> for DateChange {
    fn from(c: Change<NaiveDate>) -> Self {
        DateChange {
            from: c.from,
            to: c.to,
        }
    }
}

/// A date's value before and after, each `"YYYY-MM-DD"` or absent.
#[derive(
    Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Archive, ToArchive, FromArchive,
)]
#[serde(deny_unknown_fields)]
pub struct DateChange {
    #[serde(default, with = "opt_date", skip_serializing_if = "Option::is_none")]
    #[rkyv(with = Map<DayNumber>)]
    pub from: Option<NaiveDate>,
    #[serde(default, with = "opt_date", skip_serializing_if = "Option::is_none")]
    #[rkyv(with = Map<DayNumber>)]
    pub to: Option<NaiveDate>,
}

impl Deal {
    pub fn kind(&self) -> DealKind {
        self.kind.unwrap_or_default()
    }

    pub fn stage(&self) -> Stage {
        self.stage.unwrap_or_default()
    }

    pub fn amount(&self) -> Money {
        self.amount.unwrap_or_default()
    }

    /// Since when the deal has been in its stage: `stage_changed`, else the latest stage
    /// move in its history, else its oldest history entry; `None` when nothing tells.
    pub fn in_stage_since(&self) -> Option<NaiveDate> {
        self.stage_changed.or_else(|| {
            self.history
                .iter()
                .rev()
                .find(|c| c.stage.is_some() || c.added)
                .or(self.history.first())
                .map(|c| c.date)
        })
    }

    /// Where the deal stands in the forecast: the rep's call on an open deal, else the
    /// default for its stage; won deals are closed, lost ones out.
    pub fn category(&self) -> Category {
        match (self.stage(), self.forecast) {
            (Stage::Won, _) => Category::Closed,
            (Stage::Lost, _) => Category::Lost,
            (_, Some(call)) => Category::Open(call),
            (stage, None) => Category::Open(ForecastCategory::default_for(stage)),
        }
    }
}

/// A rep's forecast call on an open deal.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    Serialize,
    Deserialize,
    EnumIter,
    IntoStaticStr,
    Archive,
    ToArchive,
    FromArchive,
)]
pub enum ForecastCategory {
    #[default]
    Pipeline,
    #[strum(serialize = "Best case")]
    BestCase,
    Commit,
    /// Left out of every forecast figure.
    Omitted,
}

impl ForecastCategory {
    pub fn label(self) -> &'static str {
        self.into()
    }

    /// Lead and Qualified are pipeline, Proposal best case, Negotiation commit.
    pub fn default_for(stage: Stage) -> ForecastCategory {
        match stage {
            Stage::Lead | Stage::Qualified | Stage::Won | Stage::Lost => ForecastCategory::Pipeline,
            Stage::Proposal => ForecastCategory::BestCase,
            Stage::Negotiation => ForecastCategory::Commit,
        }
    }
}

/// Where a deal stands in the forecast.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    Open(ForecastCategory),
    Closed,
    Lost,
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    Serialize,
    Deserialize,
    EnumIter,
    IntoStaticStr,
    Archive,
    ToArchive,
    FromArchive,
)]
pub enum DealKind {
    #[default]
    #[strum(serialize = "New business")]
    NewBusiness,
    Upsell,
    Renewal,
}

impl DealKind {
    pub fn label(self) -> &'static str {
        self.into()
    }
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    Serialize,
    Deserialize,
    EnumIter,
    IntoStaticStr,
    Archive,
    ToArchive,
    FromArchive,
)]
pub enum Stage {
    #[default]
    Lead,
    Qualified,
    Proposal,
    Negotiation,
    Won,
    Lost,
}

impl Stage {
    pub fn is_open(self) -> bool {
        !matches!(self, Stage::Won | Stage::Lost)
    }

    pub fn label(self) -> &'static str {
        self.into()
    }
}

#[derive(
    Debug, Clone, PartialEq, Default, Serialize, Deserialize, Archive, ToArchive, FromArchive,
)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// Unique within the client; made from the name when the file has none, and
    /// kept from then on (a task names a deal by it).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient_string")]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ProjectStatus>,
    #[serde(default, with = "opt_date", skip_serializing_if = "Option::is_none")]
    #[rkyv(with = Map<DayNumber>)]
    pub due: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub staff: Vec<String>,
}

impl Project {
    pub fn status(&self) -> ProjectStatus {
        self.status.unwrap_or_default()
    }
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    Serialize,
    Deserialize,
    EnumIter,
    IntoStaticStr,
    Archive,
    ToArchive,
    FromArchive,
)]
pub enum ProjectStatus {
    #[default]
    Planned,
    Active,
    Blocked,
    Done,
}

impl ProjectStatus {
    pub fn label(self) -> &'static str {
        self.into()
    }
}

#[derive(
    Debug, Clone, PartialEq, Default, Serialize, Deserialize, Archive, ToArchive, FromArchive,
)]
#[serde(deny_unknown_fields)]
pub struct Gift {
    /// Unique within the client; made from the description when the file has none, and
    /// kept from then on (a task names a deal by it).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    #[serde(default, with = "opt_date", skip_serializing_if = "Option::is_none")]
    #[rkyv(with = Map<DayNumber>)]
    pub date: Option<NaiveDate>,
    /// Gift (default) or business entertainment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<GiftKind>,
    /// Entertainment the rep or a colleague attended: recorded, not counted as a gift.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub attended: bool,
    /// One recipient (a contact id or a name); `recipients` for a group.
    #[serde(
        default,
        deserialize_with = "lenient_string",
        skip_serializing_if = "String::is_empty"
    )]
    pub recipient: String,
    /// A group gift: the counted value is split equally among them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub description: String,
    /// What it cost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Money>,
    /// Face or market value (tickets), when higher than the cost it is what counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub face_value: Option<Money>,
    /// Why it is outside the limit: `Personal`, `Bereavement`, … (`true`: no reason given).
    #[serde(
        default,
        with = "serde_format::exempt",
        skip_serializing_if = "Option::is_none"
    )]
    pub exempt: Option<ExemptReason>,
}

impl Gift {
    /// What it cost.
    pub fn value(&self) -> Money {
        self.value.unwrap_or_default()
    }

    pub fn kind(&self) -> GiftKind {
        self.kind.unwrap_or_default()
    }

    /// The value the rule counts: the higher of cost and face value.
    pub fn counted_value(&self) -> Money {
        self.value().max(self.face_value.unwrap_or_default())
    }

    /// Entertainment the rep attended: business entertainment, not a gift.
    pub fn is_attended_entertainment(&self) -> bool {
        self.kind() == GiftKind::Entertainment && self.attended
    }

    /// Who it was for: `recipients`, else `recipient`.
    pub fn recipient_names(&self) -> Vec<&str> {
        if self.recipients.is_empty() {
            vec![self.recipient.as_str()]
        } else {
            self.recipients.iter().map(String::as_str).collect()
        }
    }
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    Serialize,
    Deserialize,
    EnumIter,
    IntoStaticStr,
    Archive,
    ToArchive,
    FromArchive,
)]
pub enum GiftKind {
    #[default]
    Gift,
    Entertainment,
}

impl GiftKind {
    pub fn label(self) -> &'static str {
        self.into()
    }
}

/// Why a gift is outside the limit. `Unspecified` is what `exempt: true` reads as.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    EnumIter,
    IntoStaticStr,
    Archive,
    ToArchive,
    FromArchive,
)]
pub enum ExemptReason {
    Personal,
    Bereavement,
    #[strum(serialize = "De minimis")]
    DeMinimis,
    Promotional,
    Commemorative,
    Disaster,
    #[strum(serialize = "No reason given")]
    Unspecified,
}

impl ExemptReason {
    pub fn label(self) -> &'static str {
        self.into()
    }
}
