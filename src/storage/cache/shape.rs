//! The copy's own shape: every field always present (the compact format cannot skip
//! fields), dates as day numbers and money as cents. A mirror of the model, field by
//! field: a field added to the model fails to compile here until the copy carries it.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::model::{
    Bonus, Book, BuyingRole, Change, Client, CommissionBand, Compliance, Contact, Credit,
    CreditBasis, DateChange, Deal, DealChange, DealKind, DefaultCadence, Direction, ExemptReason,
    ForecastCategory, Gift, GiftKind, GiftPolicy, GiftYear, Interaction, InteractionKind, Money,
    PriorityWeights, Project, ProjectStatus, Quota, RemindOnLaunch, RottingDays, Stage,
    StageProbability, Task, TeamMember, Tier,
};

pub(super) fn day(date: NaiveDate) -> i32 {
    date.num_days_from_ce()
}

pub(super) fn date(days: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(days)
}

#[expect(
    clippy::option_option,
    reason = "the outer None is a day no calendar has (a bad cache), the inner an absent date"
)]
fn opt_date(days: Option<i32>) -> Option<Option<NaiveDate>> {
    match days {
        Some(d) => date(d).map(Some),
        None => Some(None),
    }
}

fn cents(m: Option<Money>) -> Option<i64> {
    m.map(Money::cents)
}

fn money(c: Option<i64>) -> Option<Money> {
    c.map(Money::from_cents)
}

fn change_of(c: &DealChange) -> CDealChange {
    (
        day(c.date),
        c.added,
        c.stage.map(|s| (s.from, s.to)),
        c.close_date.map(|d| (d.from.map(day), d.to.map(day))),
        c.amount.map(|a| (cents(a.from), cents(a.to))),
        c.forecast.map(|f| (f.from, f.to)),
    )
}

fn change_from((on, added, stage, close, amount, forecast): CDealChange) -> Option<DealChange> {
    let close_date = match close {
        Some((from, to)) => Some(DateChange {
            from: opt_date(from)?,
            to: opt_date(to)?,
        }),
        None => None,
    };
    Some(DealChange {
        date: date(on)?,
        added,
        stage: stage.map(|(from, to)| Change { from, to }),
        close_date,
        amount: amount.map(|(from, to)| Change {
            from: money(from),
            to: money(to),
        }),
        forecast: forecast.map(|(from, to)| Change { from, to }),
    })
}

fn deal_from(
    (id, title, kind, stage, amount, close, changed, forecast, history, crm_id, terms): CDeal<
        String,
    >,
) -> Option<Deal> {
    let (share, credit, term_months, qualification) = terms;
    Some(Deal {
        id,
        title,
        crm_id,
        share,
        credit,
        term_months,
        qualification: match qualification {
            Some(json) => Some(serde_json::from_str(&json).ok()?),
            None => None,
        },
        kind,
        stage,
        amount: money(amount),
        close_date: opt_date(close)?,
        stage_changed: opt_date(changed)?,
        forecast,
        history: history
            .into_iter()
            .map(change_from)
            .collect::<Option<_>>()?,
    })
}

fn gift_of(g: &Gift) -> CGift<&str> {
    (
        g.id.as_str(),
        g.date.map(day),
        g.kind,
        g.attended,
        g.recipient.as_str(),
        g.recipients.iter().map(String::as_str).collect(),
        g.description.as_str(),
        cents(g.value),
        cents(g.face_value),
        g.exempt,
    )
}

fn gift_from(
    (id, d, kind, attended, recipient, recipients, description, value, face, exempt): CGift<String>,
) -> Option<Gift> {
    Some(Gift {
        id,
        date: opt_date(d)?,
        kind,
        attended,
        recipient,
        recipients,
        description,
        value: money(value),
        face_value: money(face),
        exempt,
    })
}

// Records as tuples, fields in the model's order.
#[derive(Serialize, Deserialize)]
struct CContact<S> {
    id: S,
    name: S,
    role: Option<S>,
    buying_role: Option<BuyingRole>,
    email: Option<S>,
    phone: Option<S>,
    timezone: Option<S>,
    cadence_days: Option<u32>,
    notes: Option<S>,
    left: Option<i32>,
    crm_id: Option<S>,
}
/// id, date, kind, with, summary, source, direction, addresses.
type CInteraction<S> = (
    S,
    Option<i32>,
    Option<InteractionKind>,
    Vec<S>,
    S,
    Option<S>,
    Option<Direction>,
    Vec<S>,
);
/// id, title, due, owner, deal, done.
type CTask<S> = (S, S, Option<i32>, Option<S>, Option<S>, Option<i32>);
/// id, name, role, email.
type CTeamMember<S> = (S, S, Option<S>, Option<S>);
/// share, credit, term, and the qualification as JSON (rarely set: one encoding for all
/// its fields, so a new one needs no change here).
type CDealTerms = (Option<f64>, Option<f64>, Option<u32>, Option<String>);
/// id, title, kind, stage, amount, close date, stage changed, forecast, history, CRM id,
/// terms.
type CDeal<S> = (
    S,
    S,
    Option<DealKind>,
    Option<Stage>,
    Option<i64>,
    Option<i32>,
    Option<i32>,
    Option<ForecastCategory>,
    Vec<CDealChange>,
    Option<S>,
    CDealTerms,
);
/// date, added, stage, close date, amount, forecast: each change as (from, to).
type CDealChange = (
    i32,
    bool,
    Option<(Option<Stage>, Option<Stage>)>,
    Option<(Option<i32>, Option<i32>)>,
    Option<(Option<i64>, Option<i64>)>,
    Option<(Option<ForecastCategory>, Option<ForecastCategory>)>,
);
/// id, name, status, due, staff.
type CProject<S> = (S, S, Option<ProjectStatus>, Option<i32>, Vec<S>);
/// id, date, kind, attended, recipient, recipients, description, value, face value, exempt.
type CGift<S> = (
    S,
    Option<i32>,
    Option<GiftKind>,
    bool,
    S,
    Vec<S>,
    S,
    Option<i64>,
    Option<i64>,
    Option<ExemptReason>,
);
/// per occasion, per year, none.
/// `(per_occasion, per_year, none, entertainment_per_event, entertainment_per_year)`.
type CGiftPolicy = (Option<i64>, Option<i64>, bool, Option<i64>, Option<i64>);

fn gift_policy(
    (per_occasion, per_year, none, per_event, per_event_year): CGiftPolicy,
) -> GiftPolicy {
    GiftPolicy {
        per_occasion: money(per_occasion),
        per_year: money(per_year),
        none,
        entertainment_per_event: money(per_event),
        entertainment_per_year: money(per_event_year),
    }
}

#[derive(Serialize, Deserialize)]
pub(super) struct CBook<S> {
    version: u32,
    owner: Option<S>,
    owner_email: Option<S>,
    currency: Option<S>,
    gift_limit: Option<i64>,
    gift_year: Option<GiftYear>,
    remind_on_launch: Option<RemindOnLaunch>,
    quota: Option<CQuota>,
    priority: Option<[Option<f64>; 8]>,
    stage_probability: Option<[Option<f64>; 4]>,
    default_cadence: Option<[Option<u32>; 3]>,
    rotting_days: Option<[Option<u32>; 4]>,
    usd_rate: Option<f64>,
    compliance: Option<Compliance>,
    team: Vec<CTeamMember<S>>,
    /// The forecast submissions as JSON (a short list, read whole).
    forecasts: Option<String>,
    clients: Vec<CClient<S>>,
}

#[derive(Serialize, Deserialize)]
struct CQuota {
    year: Option<i32>,
    target: Option<i64>,
    base_salary: Option<i64>,
    commission_rate: Option<f64>,
    bonuses: Vec<(f64, i64)>,
    credit: Option<[Option<f64>; 3]>,
    fiscal_start: Option<u32>,
    quarters: Vec<i64>,
    commission: Vec<(f64, f64)>,
    commission_cap: Option<i64>,
    credit_basis: Option<CreditBasis>,
}

#[derive(Serialize, Deserialize)]
pub(super) struct CClient<S> {
    id: S,
    name: S,
    industry: Option<S>,
    tier: Option<Tier>,
    annual_value: Option<i64>,
    cadence_days: Option<u32>,
    last_contact: Option<i32>,
    next_checkin: Option<i32>,
    next_checkin_set: Option<i32>,
    contacts: Vec<CContact<S>>,
    notes: Option<S>,
    interactions: Vec<CInteraction<S>>,
    deals: Vec<CDeal<S>>,
    projects: Vec<CProject<S>>,
    gifts: Vec<CGift<S>>,
    tasks: Vec<CTask<S>>,
    gift_policy: Option<CGiftPolicy>,
    domains: Vec<S>,
    crm_id: Option<S>,
}

impl<'a> CBook<&'a str> {
    pub(super) fn of(book: &'a Book) -> Self {
        CBook {
            version: book.version,
            owner: book.owner.as_deref(),
            owner_email: book.owner_email.as_deref(),
            currency: book.currency.as_deref(),
            gift_limit: cents(book.gift_limit),
            gift_year: book.gift_year,
            remind_on_launch: book.remind_on_launch,
            quota: book.quota.as_ref().map(|q| CQuota {
                year: q.year,
                target: cents(q.target),
                base_salary: cents(q.base_salary),
                commission_rate: q.commission_rate,
                bonuses: q
                    .bonuses
                    .iter()
                    .map(|b| (b.attainment, b.amount.cents()))
                    .collect(),
                credit: q
                    .credit
                    .as_ref()
                    .map(|c| [c.new_business, c.upsell, c.renewal]),
                fiscal_start: q.fiscal_start,
                quarters: q.quarters.iter().map(|m| m.cents()).collect(),
                commission: q.commission.iter().map(|b| (b.from, b.rate)).collect(),
                commission_cap: cents(q.commission_cap),
                credit_basis: q.credit_basis,
            }),
            priority: book.priority.as_ref().map(|p| {
                [
                    p.tier, p.value, p.overdue, p.pipeline, p.closing, p.projects, p.slipped,
                    p.earnings,
                ]
            }),
            stage_probability: book
                .stage_probability
                .as_ref()
                .map(|p| [p.lead, p.qualified, p.proposal, p.negotiation]),
            default_cadence: book
                .default_cadence
                .as_ref()
                .map(|c| [c.key, c.growth, c.standard]),
            rotting_days: book
                .rotting_days
                .as_ref()
                .map(|r| [r.lead, r.qualified, r.proposal, r.negotiation]),
            usd_rate: book.usd_rate,
            compliance: book.compliance,
            forecasts: (!book.forecasts.is_empty())
                .then(|| serde_json::to_string(&book.forecasts).ok())
                .flatten(),
            team: book
                .team
                .iter()
                .map(|m| {
                    (
                        m.id.as_str(),
                        m.name.as_str(),
                        m.role.as_deref(),
                        m.email.as_deref(),
                    )
                })
                .collect(),
            // Written in chunks beside the settings (see `write`).
            clients: Vec::new(),
        }
    }
}

impl<'a> CContact<&'a str> {
    fn of(p: &'a Contact) -> Self {
        CContact {
            id: p.id.as_str(),
            name: p.name.as_str(),
            role: p.role.as_deref(),
            buying_role: p.buying_role,
            email: p.email.as_deref(),
            phone: p.phone.as_deref(),
            timezone: p.timezone.as_deref(),
            cadence_days: p.cadence_days,
            notes: p.notes.as_deref(),
            left: p.left.map(day),
            crm_id: p.crm_id.as_deref(),
        }
    }
}

impl<'a> CClient<&'a str> {
    pub(super) fn of(c: &'a Client) -> Self {
        CClient {
            id: &c.id,
            name: &c.name,
            industry: c.industry.as_deref(),
            tier: c.tier,
            annual_value: cents(c.annual_value),
            cadence_days: c.cadence_days,
            last_contact: c.last_contact.map(day),
            next_checkin: c.next_checkin.map(day),
            next_checkin_set: c.next_checkin_set.map(day),
            contacts: c.contacts.iter().map(CContact::of).collect(),
            notes: c.notes.as_deref(),
            interactions: c
                .interactions
                .iter()
                .map(|i| {
                    (
                        i.id.as_str(),
                        i.date.map(day),
                        i.kind,
                        i.with.iter().map(String::as_str).collect(),
                        i.summary.as_str(),
                        i.source.as_deref(),
                        i.direction,
                        i.addresses.iter().map(String::as_str).collect(),
                    )
                })
                .collect(),
            deals: c
                .deals
                .iter()
                .map(|d| {
                    (
                        d.id.as_str(),
                        d.title.as_str(),
                        d.kind,
                        d.stage,
                        cents(d.amount),
                        d.close_date.map(day),
                        d.stage_changed.map(day),
                        d.forecast,
                        d.history.iter().map(change_of).collect(),
                        d.crm_id.as_deref(),
                        (
                            d.share,
                            d.credit,
                            d.term_months,
                            d.qualification
                                .as_ref()
                                .and_then(|q| serde_json::to_string(q).ok()),
                        ),
                    )
                })
                .collect(),
            projects: c
                .projects
                .iter()
                .map(|p| {
                    (
                        p.id.as_str(),
                        p.name.as_str(),
                        p.status,
                        p.due.map(day),
                        p.staff.iter().map(String::as_str).collect(),
                    )
                })
                .collect(),
            gifts: c.gifts.iter().map(gift_of).collect(),
            tasks: c
                .tasks
                .iter()
                .map(|t| {
                    (
                        t.id.as_str(),
                        t.title.as_str(),
                        t.due.map(day),
                        t.owner.as_deref(),
                        t.deal.as_deref(),
                        t.done.map(day),
                    )
                })
                .collect(),
            gift_policy: c.gift_policy.as_ref().map(|p| {
                (
                    cents(p.per_occasion),
                    cents(p.per_year),
                    p.none,
                    cents(p.entertainment_per_event),
                    cents(p.entertainment_per_year),
                )
            }),
            domains: c.domains.iter().map(String::as_str).collect(),
            crm_id: c.crm_id.as_deref(),
        }
    }
}

impl CQuota {
    fn into_quota(self) -> Quota {
        let q = self;
        Quota {
            year: q.year,
            target: money(q.target),
            base_salary: money(q.base_salary),
            commission_rate: q.commission_rate,
            bonuses: q
                .bonuses
                .into_iter()
                .map(|(attainment, amount)| Bonus {
                    attainment,
                    amount: Money::from_cents(amount),
                })
                .collect(),
            credit: q.credit.map(|[new_business, upsell, renewal]| Credit {
                new_business,
                upsell,
                renewal,
            }),
            fiscal_start: q.fiscal_start,
            quarters: q.quarters.into_iter().map(Money::from_cents).collect(),
            commission: q
                .commission
                .into_iter()
                .map(|(from, rate)| CommissionBand { from, rate })
                .collect(),
            commission_cap: money(q.commission_cap),
            credit_basis: q.credit_basis,
        }
    }
}

impl CBook<String> {
    /// `None` if anything does not convert back (a damaged copy is simply not used).
    pub(super) fn into_book(self) -> Option<Book> {
        Some(Book {
            version: self.version,
            owner: self.owner,
            owner_email: self.owner_email,
            currency: self.currency,
            gift_limit: money(self.gift_limit),
            gift_year: self.gift_year,
            remind_on_launch: self.remind_on_launch,
            quota: self.quota.map(CQuota::into_quota),
            priority: self.priority.map(
                |[
                    tier,
                    value,
                    overdue,
                    pipeline,
                    closing,
                    projects,
                    slipped,
                    earnings,
                ]| PriorityWeights {
                    tier,
                    value,
                    overdue,
                    pipeline,
                    closing,
                    projects,
                    slipped,
                    earnings,
                },
            ),
            stage_probability: self.stage_probability.map(
                |[lead, qualified, proposal, negotiation]| StageProbability {
                    lead,
                    qualified,
                    proposal,
                    negotiation,
                },
            ),
            default_cadence: self
                .default_cadence
                .map(|[key, growth, standard]| DefaultCadence {
                    key,
                    growth,
                    standard,
                }),
            rotting_days: self
                .rotting_days
                .map(|[lead, qualified, proposal, negotiation]| RottingDays {
                    lead,
                    qualified,
                    proposal,
                    negotiation,
                }),
            usd_rate: self.usd_rate,
            compliance: self.compliance,
            forecasts: match self.forecasts {
                Some(json) => serde_json::from_str(&json).ok()?,
                None => Vec::new(),
            },
            team: self
                .team
                .into_iter()
                .map(|(id, name, role, email)| TeamMember {
                    id,
                    name,
                    role,
                    email,
                })
                .collect(),
            clients: self
                .clients
                .into_iter()
                .map(CClient::into_client)
                .collect::<Option<crate::model::Clients>>()?,
        })
    }
}

impl CClient<String> {
    pub(super) fn into_client(self) -> Option<Client> {
        Some(Client {
            id: self.id,
            name: self.name,
            crm_id: self.crm_id,
            industry: self.industry,
            tier: self.tier,
            annual_value: money(self.annual_value),
            cadence_days: self.cadence_days,
            last_contact: opt_date(self.last_contact)?,
            next_checkin: opt_date(self.next_checkin)?,
            next_checkin_set: opt_date(self.next_checkin_set)?,
            contacts: self
                .contacts
                .into_iter()
                .map(|p| {
                    Some(Contact {
                        id: p.id,
                        name: p.name,
                        role: p.role,
                        buying_role: p.buying_role,
                        email: p.email,
                        phone: p.phone,
                        timezone: p.timezone,
                        cadence_days: p.cadence_days,
                        notes: p.notes,
                        left: opt_date(p.left)?,
                        crm_id: p.crm_id,
                    })
                })
                .collect::<Option<_>>()?,
            notes: self.notes,
            interactions: self
                .interactions
                .into_iter()
                .map(
                    |(id, d, kind, with, summary, source, direction, addresses)| {
                        Some(Interaction {
                            id,
                            date: opt_date(d)?,
                            kind,
                            with,
                            summary,
                            source,
                            direction,
                            addresses,
                        })
                    },
                )
                .collect::<Option<_>>()?,
            deals: self
                .deals
                .into_iter()
                .map(deal_from)
                .collect::<Option<_>>()?,
            projects: self
                .projects
                .into_iter()
                .map(|(id, name, status, due, staff)| {
                    Some(Project {
                        id,
                        name,
                        status,
                        due: opt_date(due)?,
                        staff,
                    })
                })
                .collect::<Option<_>>()?,
            gifts: self
                .gifts
                .into_iter()
                .map(gift_from)
                .collect::<Option<_>>()?,
            tasks: self
                .tasks
                .into_iter()
                .map(|(id, title, due, owner, deal, done)| {
                    Some(Task {
                        id,
                        title,
                        due: opt_date(due)?,
                        owner,
                        deal,
                        done: opt_date(done)?,
                    })
                })
                .collect::<Option<_>>()?,
            gift_policy: self.gift_policy.map(gift_policy),
            domains: self.domains,
        })
    }
}
