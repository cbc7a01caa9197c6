//! Logging a gift or entertainment (or correcting one), judged against FINRA Rule 3220
//! and the client's own policy before it is saved. Recipients are ticked from the
//! client's contacts, so the limit counts the right people; anyone else can be typed, with
//! a warning when a name matches no contact.

use std::sync::Arc;

use chrono::NaiveDate;
use strum::IntoEnumIterator;

use super::{Checked, Facts, Field, FormKind, Submitted, Warning, changed, fields_in_order};
use crate::edit::{GiftFields, Op};
use crate::model::serde_format::format_date;
use crate::model::{Client, ExemptReason, Gift, GiftKind, Money};
use crate::rules::{compliance, gift_gate};

const YES_NO: [&str; 2] = ["No", "Yes"];
/// The first option of the exemption choice: counted.
const COUNTED: &str = "No";

#[derive(Debug)]
pub struct GiftForm {
    base: Arc<Client>,
    /// The contacts offered under For, in the order shown: those still at the client, and
    /// anyone the gift being corrected names.
    people: Vec<crate::model::Contact>,
    /// The gift being corrected, as it was (it names the gift by its id); `None` when
    /// logging a new one.
    editing: Option<Gift>,
    kind: Field,
    attended: Field,
    recipients: Field,
    others: Field,
    description: Field,
    value: Field,
    face_value: Field,
    exempt: Field,
    date: Field,
}

/// The exemption choices: counted, then each reason (the unspecified one only when the
/// gift being corrected has it).
fn exempt_options(current: Option<ExemptReason>) -> Vec<&'static str> {
    std::iter::once(COUNTED)
        .chain(
            ExemptReason::iter()
                .filter(|r| *r != ExemptReason::Unspecified || current == Some(*r))
                .map(ExemptReason::label),
        )
        .collect()
}

fn amount_text(amount: Option<Money>) -> String {
    amount.map(Money::grouped).unwrap_or_default()
}

impl GiftForm {
    pub fn new(client: &Arc<Client>, today: NaiveDate) -> GiftForm {
        GiftForm::with(client, None, today)
    }

    /// `None` if the client has no gift with id `gift_id`.
    pub fn edit(client: &Arc<Client>, gift_id: &str, today: NaiveDate) -> Option<GiftForm> {
        let gift = client.gifts.iter().find(|g| g.id == gift_id)?.clone();
        Some(GiftForm::with(client, Some(gift), today))
    }

    fn with(client: &Arc<Client>, editing: Option<Gift>, today: NaiveDate) -> GiftForm {
        let blank = Gift::default();
        let gift = editing.as_ref().unwrap_or(&blank);
        let wanted: Vec<&str> = if editing.is_some() {
            gift.recipient_names()
        } else {
            Vec::new()
        };
        let on_this_gift = |p: &crate::model::Contact| {
            wanted
                .iter()
                .any(|n| p.id == n.trim() || p.name == n.trim())
        };
        let people: Vec<crate::model::Contact> = client
            .contacts
            .iter()
            .filter(|p| p.is_current() || on_this_gift(p))
            .cloned()
            .collect();
        let names: Vec<String> = people.iter().map(|p| p.name.clone()).collect();
        // The choice's options are the people in the order shown.
        let is_contact = |name: &str| {
            people
                .iter()
                .position(|p| p.id == name.trim() || p.name == name.trim())
        };
        let mut ticked: Vec<usize> = wanted.iter().filter_map(|n| is_contact(n)).collect();
        if editing.is_none() && !names.is_empty() {
            ticked.push(0);
        }
        let others: Vec<&str> = wanted
            .iter()
            .copied()
            .filter(|n| is_contact(n).is_none() && !n.trim().is_empty())
            .collect();
        let options = exempt_options(gift.exempt);
        let exempt_at = gift
            .exempt
            .and_then(|r| options.iter().position(|o| *o == r.label()))
            .unwrap_or(0);
        GiftForm {
            kind: Field::choice_of("Kind", gift.kind()),
            attended: Field::choice("We attended", &YES_NO, usize::from(gift.attended)),
            recipients: Field::pick("For", &names, &ticked),
            others: Field::text(
                "Someone else",
                &others.join(", "),
                "names not among the contacts, separated by commas",
            ),
            description: Field::text("Description", &gift.description, "e.g. Opera tickets"),
            value: Field::text("Cost", &amount_text(gift.value), "what it cost, e.g. 90"),
            face_value: Field::text(
                "Face value",
                &amount_text(gift.face_value),
                "tickets: the price printed on them, if higher (optional)",
            ),
            exempt: Field::choice("Exempt", &options, exempt_at),
            date: Field::text(
                "Date",
                &format_date(gift.date.unwrap_or(today)),
                "2026-12-01, today, yesterday",
            ),
            base: client.clone(),
            people,
            editing,
        }
    }

    /// The people ticked and typed: one name for a gift to one person, several for a group.
    fn recipients(&mut self) -> Option<Vec<String>> {
        let mut names: Vec<String> = self
            .recipients
            .ticked()
            .into_iter()
            .filter_map(|i| self.people.get(i))
            .map(|p| p.name.clone())
            .collect();
        names.extend(
            self.others
                .value()
                .split(',')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(String::from),
        );
        let problem = names
            .is_empty()
            .then(|| "tick a person, or type a name under Someone else".to_string());
        self.recipients.checked(problem.map_or(Ok(names), Err))
    }

    fn exemption(&self) -> Option<ExemptReason> {
        ExemptReason::iter().find(|r| r.label() == self.exempt.value())
    }
}

/// The gift gate's answer, as a warning when it is anything but a plain yes: the same
/// decision and words as `konto gifts check`.
fn gate_warning(facts: Facts, client: &Client, gift: &Gift) -> Option<Warning> {
    let answer = match gift_gate::judge_gift(facts.book, client, gift, facts.today) {
        Ok(answer) => answer,
        Err(problem) => {
            return Some(Warning::Gift {
                lines: vec![format!("{problem}.")],
                confirm: true,
            });
        }
    };
    let stranger = answer.recipients.iter().any(|r| r.contact.is_none());
    let near = answer.recipients.iter().any(|r| {
        r.counted
            && r.applies
                .as_ref()
                .is_some_and(|a| r.year_total.as_f64() >= a.limit.as_f64() * compliance::NEAR_SHARE)
    });
    let confirm = answer.verdict != gift_gate::Verdict::Allowed || stranger;
    (confirm || near).then(|| Warning::Gift {
        lines: gift_gate::describe(
            &answer,
            client,
            gift.recipients.len() > 1,
            gift_gate::Detail::Brief,
        ),
        confirm,
    })
}

impl FormKind for GiftForm {
    fn title(&self) -> String {
        match self.editing {
            Some(_) => format!("Correct a gift to someone at {}", self.base.name),
            None => format!("Log a gift or entertainment at {}", self.base.name),
        }
    }

    fields_in_order!(
        kind,
        attended,
        recipients,
        others,
        description,
        value,
        face_value,
        exempt,
        date
    );

    /// On the description: the kind and the first contact are usually right.
    fn starts_at(&self) -> Option<usize> {
        Some(4)
    }

    fn check(&mut self, facts: Facts) -> Checked {
        let recipients = self.recipients();
        let description = self.description.required("the description");
        let value = self.value.required_amount("the cost");
        let face_value = self.face_value.optional_amount();
        let date = self.date.required_date("the date", facts.today);
        let (Some(names), Some(description), Some(value), Some(face_value), Some(date)) =
            (recipients, description, value, face_value, date)
        else {
            return Checked::default();
        };
        let kind: GiftKind = self.kind.chosen();
        let (recipient, recipients) = match names.as_slice() {
            [one] => (one.clone(), Vec::new()),
            _ => (String::new(), names.clone()),
        };
        let gift = Gift {
            id: self
                .editing
                .as_ref()
                .map(|g| g.id.clone())
                .unwrap_or_default(),
            date: Some(date),
            kind: (kind != GiftKind::Gift).then_some(kind),
            attended: kind == GiftKind::Entertainment && self.attended.value() == "Yes",
            recipient,
            recipients,
            description,
            value: Some(value),
            face_value,
            exempt: self.exemption(),
        };
        self.submitted(facts, gift)
    }
}

impl GiftForm {
    /// The change that logs `gift` (or corrects the gift to it), with the warning it
    /// deserves.
    fn submitted(&self, facts: Facts, gift: Gift) -> Checked {
        // Judged against the client as the book has it now, without the gift corrected.
        let mut current = facts
            .book
            .client(&self.base.id)
            .unwrap_or(&self.base)
            .clone();
        current
            .gifts
            .retain(|g| gift.id.is_empty() || g.id != gift.id);
        let warning = gate_warning(facts, &current, &gift);
        let op = match &self.editing {
            Some(old) => Op::EditGift {
                gift: old.id.clone(),
                fields: changed_fields(old, gift),
            },
            None => Op::AddGift(gift),
        };
        Checked {
            result: Some(Submitted::Change {
                client: self.base.id.clone(),
                op,
            }),
            warning,
        }
    }
}

/// The fields of `new` that differ from `old`, the gift as the form showed it: only
/// those are written onto the gift as the book has it at submit.
fn changed_fields(old: &Gift, new: Gift) -> GiftFields {
    GiftFields {
        date: changed(&old.date, new.date),
        kind: changed(&old.kind, new.kind),
        attended: changed(&old.attended, new.attended),
        recipient: changed(&old.recipient, new.recipient),
        recipients: changed(&old.recipients, new.recipients),
        description: changed(&old.description, new.description),
        value: changed(&old.value, new.value),
        face_value: changed(&old.face_value, new.face_value),
        exempt: changed(&old.exempt, new.exempt),
    }
}
