//! Adding a client, or editing one's name, id, tier and terms.

use std::sync::Arc;

use super::{Checked, Facts, Field, FormKind, Submitted, Warning, changed, fields_in_order};
use crate::edit::{self, ClientFields, Op};
use crate::model::serde_format::format_date;
use crate::model::{Client, Money, Tier};

#[derive(Debug)]
pub struct ClientForm {
    /// The client being edited, as the form found it; `None` when adding one.
    base: Option<Arc<Client>>,
    name: Field,
    id: Field,
    tier: Field,
    industry: Field,
    annual_value: Field,
    cadence: Field,
    last_contact: Field,
}

impl ClientForm {
    pub fn add() -> ClientForm {
        ClientForm::with(None)
    }

    pub fn edit(client: &Arc<Client>) -> ClientForm {
        ClientForm::with(Some(Arc::clone(client)))
    }

    fn with(base: Option<Arc<Client>>) -> ClientForm {
        let blank = Client::new("", "");
        let c: &Client = base.as_deref().unwrap_or(&blank);
        ClientForm {
            name: Field::text("Name", &c.name, "the company's name"),
            id: Field::text(
                "Id",
                &c.id,
                "letters, digits and dashes; suggested from the name",
            ),
            tier: Field::choice_of("Tier", c.tier()),
            industry: Field::text("Industry", c.industry(), "e.g. Banking"),
            annual_value: Field::text(
                "Annual value",
                &c.annual_value.map(Money::grouped).unwrap_or_default(),
                "e.g. 420,000 or 420k",
            ),
            cadence: Field::text(
                "Cadence (days)",
                &c.cadence_days.map(|d| d.to_string()).unwrap_or_default(),
                "how often to be in touch; empty: the tier's default",
            ),
            last_contact: Field::text(
                if base.is_some() {
                    "Last contact"
                } else {
                    "First contact"
                },
                &c.last_contact.map(format_date).unwrap_or_default(),
                "2026-11-20, today, or empty",
            ),
            base,
        }
    }

    fn own_id(&self) -> Option<&str> {
        self.base.as_ref().map(|c| c.id.as_str())
    }
}

impl FormKind for ClientForm {
    fn title(&self) -> String {
        match &self.base {
            Some(client) => format!("Edit {}", client.name),
            None => "Add a client".to_string(),
        }
    }

    fields_in_order!(
        name,
        id,
        tier,
        industry,
        annual_value,
        cadence,
        last_contact
    );

    /// On the name, even when a later field is empty (a client without a cadence).
    fn starts_at(&self) -> Option<usize> {
        Some(0)
    }

    /// A new client's id follows its name until the user types an id of their own.
    fn follow(&mut self, facts: Facts) {
        let name = self.name.value();
        if self.base.is_none() && !self.id.touched && !name.is_empty() {
            let suggestion = edit::suggest_id(facts.book, &name);
            if self.id.value() != suggestion {
                self.id.set_text(&suggestion);
            }
        }
    }

    fn check(&mut self, facts: Facts) -> Checked {
        let own = self.own_id().map(String::from);
        let name = self.name.required("the name");
        let id = self.id.required("the id").and_then(|id| {
            let checked = edit::check_client_id(facts.book, own.as_deref().unwrap_or(""), &id);
            self.id.checked(checked.map(|()| id))
        });
        let annual_value = self.annual_value.optional_amount();
        let cadence_days = self.cadence.optional_days();
        let last_contact = self.last_contact.optional_date(facts.today);
        let (Some(name), Some(id), Some(annual_value), Some(cadence_days), Some(last_contact)) =
            (name, id, annual_value, cadence_days, last_contact)
        else {
            return Checked::default();
        };
        let blank = Client::new("", "");
        let shown: &Client = self.base.as_deref().unwrap_or(&blank);
        // Only what differs from what the form showed is set: an absent tier stays absent,
        // and nothing clashes with an edit made elsewhere.
        let tier: Tier = self.tier.chosen();
        let industry = self.industry.optional();
        let fields = ClientFields {
            id: changed(&shown.id, id),
            name: changed(&shown.name, name),
            tier: (tier != shown.tier()).then_some(Some(tier)),
            industry: (industry.as_deref().unwrap_or_default() != shown.industry())
                .then_some(industry),
            annual_value: changed(&shown.annual_value, annual_value),
            cadence_days: changed(&shown.cadence_days, cadence_days),
            last_contact: changed(&shown.last_contact, last_contact),
        };
        let name = fields.name.clone().unwrap_or_else(|| shown.name.clone());
        // A second client of the same name is more often a slip than a new account.
        let twin = facts
            .book
            .clients
            .iter()
            .find(|c| {
                c.id != own.as_deref().unwrap_or_default()
                    && crate::text::fold_name(&c.name) == crate::text::fold_name(&name)
            })
            .map(|c| Warning::SameName {
                name: c.name.clone(),
                id: c.id.clone(),
            });
        let result = if let Some(base) = &self.base {
            Submitted::Change {
                client: base.id.clone(),
                op: Op::EditClient(fields),
            }
        } else {
            let mut client = blank.clone();
            fields.set_on(&mut client);
            Submitted::AddClient(client)
        };
        Checked {
            result: Some(result),
            warning: twin,
        }
    }
}
