//! Adding a client, or editing one's name, id, tier and terms.

use super::{Checked, Facts, Field, FormKind, Warning, fields_in_order};
use crate::edit;
use crate::model::serde_format::format_date;
use crate::model::{Book, Client, Money, Tier};
use crate::ui::store::Edit;

#[derive(Debug)]
pub struct ClientForm {
    /// The client being edited, as the form found it; `None` when adding one.
    base: Option<Client>,
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

    pub fn edit(client: &Client) -> ClientForm {
        ClientForm::with(Some(client.clone()))
    }

    fn with(base: Option<Client>) -> ClientForm {
        let blank = Client::new("", "");
        let c = base.as_ref().unwrap_or(&blank);
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

fn client_id(id: String, book: &Book, own: Option<&str>) -> Result<String, String> {
    if id.chars().any(char::is_whitespace) {
        return Err(format!("ids have no spaces: try {}", edit::slug(&id)));
    }
    if own != Some(id.as_str()) && book.client(&id).is_some() {
        return Err(format!("{id} is already used by another client"));
    }
    Ok(id)
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
        let id = self
            .id
            .required("the id")
            .and_then(|id| self.id.checked(client_id(id, facts.book, own.as_deref())));
        let annual_value = self.annual_value.optional_amount();
        let cadence_days = self.cadence.optional_days();
        let last_contact = self.last_contact.optional_date(facts.today);
        let (Some(name), Some(id), Some(annual_value), Some(cadence_days), Some(last_contact)) =
            (name, id, annual_value, cadence_days, last_contact)
        else {
            return Checked::default();
        };
        let mut client = self.base.clone().unwrap_or_else(|| Client::new("", ""));
        // A choice or text left as the form showed it is not set, so an absent tier stays
        // absent and nothing clashes with an edit made elsewhere.
        let tier: Tier = self.tier.chosen();
        if tier != client.tier() {
            client.tier = Some(tier);
        }
        if self.industry.value() != client.industry() {
            client.industry = self.industry.optional();
        }
        client.id = id;
        client.name = name;
        client.annual_value = annual_value;
        client.cadence_days = cadence_days;
        client.last_contact = last_contact;
        let verb = if self.base.is_some() {
            "edited"
        } else {
            "added"
        };
        // A second client of the same name is more often a slip than a new account.
        let twin = facts
            .book
            .clients
            .iter()
            .find(|c| {
                c.id != own.as_deref().unwrap_or_default()
                    && crate::text::fold_name(&c.name) == crate::text::fold_name(&client.name)
            })
            .map(|c| Warning::SameName {
                name: c.name.clone(),
                id: c.id.clone(),
            });
        Checked {
            result: Some(super::Submitted::Edit(Edit {
                label: format!("{verb} {}", client.name),
                base: self.base.clone(),
                ours: client,
            })),
            warning: twin,
        }
    }
}
