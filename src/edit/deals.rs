//! Changes to deals, each recorded in the deal's `history` so reviews can tell what moved,
//! and how often a close date was pushed.

use std::fmt::Write;

use chrono::NaiveDate;

use crate::model::{Change, DateChange, Deal, DealChange, ForecastCategory, Stage};

/// Which way to move: on to the next stage or choice, or back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Forward,
    Back,
}

/// Moves a deal one stage on or back along Lead → … → Negotiation → Won.
/// A lost deal moves back to Negotiation. Won deals get today as their close date.
pub fn move_stage(deal: &mut Deal, step: Step, today: NaiveDate) {
    let stage = deal.stage();
    let next = match (stage, step) {
        (Stage::Lead, Step::Forward) => Stage::Qualified,
        (Stage::Qualified, Step::Forward) => Stage::Proposal,
        (Stage::Proposal, Step::Forward) => Stage::Negotiation,
        (Stage::Negotiation | Stage::Won, Step::Forward) => Stage::Won,
        (Stage::Lost, Step::Forward) => Stage::Lost,
        (Stage::Lead | Stage::Qualified, Step::Back) => Stage::Lead,
        (Stage::Proposal, Step::Back) => Stage::Qualified,
        (Stage::Negotiation, Step::Back) => Stage::Proposal,
        (Stage::Won | Stage::Lost, Step::Back) => Stage::Negotiation,
    };
    if next == Stage::Won && stage != Stage::Won {
        close_deal(deal, Stage::Won, None, today);
    } else if next != stage {
        let before = deal.clone();
        deal.stage = Some(next);
        record_deal_change(Some(&before), deal, today);
    }
}

/// `moved "Fleet" to Won, close date set to 2026-11-27 (was 2026-12-12)`: what a stage
/// move did, in words, including a close date it changed.
pub fn describe_move(before: &Deal, after: &Deal) -> String {
    let mut text = format!("moved \"{}\" to {}", after.title, after.stage().label());
    if before.close_date != after.close_date {
        let was = before
            .close_date
            .map_or_else(|| "none".to_string(), |d| d.to_string());
        if let Some(now) = after.close_date {
            let _ = write!(text, ", close date set to {now} (was {was})");
        }
    }
    text
}

/// Marks a deal won or lost, closing it `on` the given day or today.
pub fn close_deal(deal: &mut Deal, outcome: Stage, on: Option<NaiveDate>, today: NaiveDate) {
    let before = deal.clone();
    deal.stage = Some(outcome);
    deal.close_date = Some(on.unwrap_or(today));
    record_deal_change(Some(&before), deal, today);
}

/// Sets the rep's forecast call (`None`: the default for the stage).
pub fn set_forecast(deal: &mut Deal, call: Option<ForecastCategory>, today: NaiveDate) {
    let before = deal.clone();
    deal.forecast = call;
    record_deal_change(Some(&before), deal, today);
}

/// Records in `new.history` how it differs from `old` in stage, close date, amount and
/// forecast call, dated `today` (`old` absent: the deal was added today), and keeps
/// `stage_changed` current. Changes on one day fold into one entry, so moving a deal on
/// twice in a morning reads as one move; a change undone the same day leaves no trace.
pub fn record_deal_change(old: Option<&Deal>, new: &mut Deal, today: NaiveDate) {
    let Some(old) = old else {
        new.history.push(DealChange {
            date: today,
            added: true,
            ..DealChange::default()
        });
        new.stage_changed.get_or_insert(today);
        return;
    };
    if old.stage() != new.stage() {
        new.stage_changed = Some(today);
    }
    let change = DealChange {
        date: today,
        added: false,
        stage: (old.stage() != new.stage()).then_some(Change {
            from: Some(old.stage()),
            to: Some(new.stage()),
        }),
        close_date: (old.close_date != new.close_date).then_some(DateChange {
            from: old.close_date,
            to: new.close_date,
        }),
        amount: (old.amount != new.amount).then_some(Change {
            from: old.amount,
            to: new.amount,
        }),
        forecast: (old.forecast != new.forecast).then_some(Change {
            from: old.forecast,
            to: new.forecast,
        }),
    };
    if change.is_empty() {
        return;
    }
    match new.history.last_mut().filter(|last| last.date == today) {
        Some(last) => {
            fold(last, &change);
            if last.is_empty() {
                new.history.pop();
            }
        }
        None => new.history.push(change),
    }
}

/// Folds a later change of the same day into `entry`: the earliest `from`, the latest `to`.
fn fold(entry: &mut DealChange, later: &DealChange) {
    fn join<T: Copy + PartialEq>(
        earlier: Option<Change<T>>,
        later: Option<Change<T>>,
    ) -> Option<Change<T>> {
        match (earlier, later) {
            (Some(e), Some(l)) => Some(Change {
                from: e.from,
                to: l.to,
            })
            .filter(|c| c.from != c.to),
            (e, None) => e,
            (None, l) => l,
        }
    }
    entry.stage = join(entry.stage, later.stage);
    entry.amount = join(entry.amount, later.amount);
    entry.forecast = join(entry.forecast, later.forecast);
    entry.close_date = join(
        entry.close_date.map(Change::from),
        later.close_date.map(Change::from),
    )
    .map(DateChange::from);
}

/// A share or a credit rate as people type it: `50%`, `0.5`, `1`.
pub fn parse_rate(text: &str) -> Result<f64, String> {
    let text = text.trim();
    let (number, percent) = match text.strip_suffix('%') {
        Some(number) => (number.trim(), true),
        None => (text, false),
    };
    let value: f64 = number
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite() && *v >= 0.0)
        .ok_or_else(|| format!("\"{text}\" is not a rate: write 50% or 0.5"))?;
    Ok(if percent { value / 100.0 } else { value })
}

/// A contract's length in months: `36`, `36m`, `3y`.
pub fn parse_term(text: &str) -> Result<u32, String> {
    let text = text.trim().to_lowercase();
    let (number, months) = if let Some(years) = text.strip_suffix('y') {
        (years.trim(), 12)
    } else {
        (text.strip_suffix('m').unwrap_or(&text).trim(), 1)
    };
    number
        .parse::<u32>()
        .ok()
        .and_then(|n| n.checked_mul(months))
        .filter(|n| (1..=1200).contains(n))
        .ok_or_else(|| format!("\"{text}\" is not a term: write months (36) or years (3y)"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Money;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn deals_move_through_stages_and_close() {
        let today = day("2026-11-27");
        let mut deal = Deal {
            id: String::new(),
            title: "x".into(),
            crm_id: None,
            share: None,
            credit: None,
            term_months: None,
            qualification: None,
            kind: None,
            stage: Some(Stage::Negotiation),
            amount: None,
            close_date: Some(day("2026-12-20")),
            stage_changed: None,
            forecast: None,
            history: Vec::new(),
        };
        move_stage(&mut deal, Step::Forward, today);
        assert_eq!(deal.stage(), Stage::Won);
        assert_eq!(deal.close_date, Some(today));
        move_stage(&mut deal, Step::Back, today);
        assert_eq!(deal.stage(), Stage::Negotiation);
        close_deal(&mut deal, Stage::Lost, Some(day("2026-11-20")), today);
        assert_eq!(
            (deal.stage(), deal.close_date),
            (Stage::Lost, Some(day("2026-11-20")))
        );
        let mut lead = Deal {
            stage: None,
            ..deal
        };
        move_stage(&mut lead, Step::Back, today);
        assert_eq!(lead.stage(), Stage::Lead);
    }

    #[test]
    fn changes_are_recorded_and_a_day_folds_into_one_entry() {
        let mut deal = Deal {
            title: "Fleet".into(),
            stage: Some(Stage::Qualified),
            amount: Some(Money::from_units(100_000)),
            close_date: Some(day("2026-11-30")),
            ..Deal::default()
        };
        let added = deal.clone();
        record_deal_change(None, &mut deal, day("2026-10-01"));
        assert!(deal.history[0].added);
        assert_eq!(deal.stage_changed, Some(day("2026-10-01")));
        assert_eq!(added.history.len(), 0);

        // Pushed a fortnight and raised, then moved on twice the same morning.
        let before = deal.clone();
        deal.close_date = Some(day("2026-12-14"));
        deal.amount = Some(Money::from_units(120_000));
        record_deal_change(Some(&before), &mut deal, day("2026-11-27"));
        move_stage(&mut deal, Step::Forward, day("2026-11-27"));
        move_stage(&mut deal, Step::Forward, day("2026-11-27"));
        assert_eq!(deal.history.len(), 2, "{:?}", deal.history);
        let today = &deal.history[1];
        assert_eq!(
            today.stage,
            Some(Change {
                from: Some(Stage::Qualified),
                to: Some(Stage::Negotiation)
            })
        );
        assert_eq!(
            today.close_date,
            Some(DateChange {
                from: Some(day("2026-11-30")),
                to: Some(day("2026-12-14"))
            })
        );
        assert_eq!(deal.stage_changed, Some(day("2026-11-27")));

        // Moving back the same day undoes the stage part only.
        move_stage(&mut deal, Step::Back, day("2026-11-27"));
        move_stage(&mut deal, Step::Back, day("2026-11-27"));
        assert_eq!(deal.history[1].stage, None);
        assert!(deal.history[1].amount.is_some());

        // A forecast call set and cleared on one day leaves nothing.
        let count = deal.history.len();
        set_forecast(&mut deal, Some(ForecastCategory::Commit), day("2026-11-28"));
        set_forecast(&mut deal, None, day("2026-11-28"));
        assert_eq!(deal.history.len(), count);
    }

    #[test]
    fn an_unchanged_deal_records_nothing() {
        let mut deal = Deal {
            stage: None,
            ..Deal::default()
        };
        let before = deal.clone();
        deal.stage = Some(Stage::Lead);
        record_deal_change(Some(&before), &mut deal, day("2026-11-27"));
        assert!(deal.history.is_empty(), "absent stage is Lead: no move");
        assert_eq!(deal.stage_changed, None);
    }
}
