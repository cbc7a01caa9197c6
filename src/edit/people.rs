//! Changes to the people at a client and to its next steps, shared by the command line
//! and the dashboard. Each checks what it is given against the book first, so a change
//! that would make the book invalid is refused with a reason and changes nothing.

use chrono::NaiveDate;

use super::check_timezone;
use super::{closest, did_you_mean, suggest_id_or};
use crate::model::{Book, BuyingRole, Client, Contact, Task};
use crate::text::one_line;

/// What may be set on a contact; `None` leaves a field as it is, an empty text or
/// `Some(None)` clears it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContactDetails {
    pub name: Option<String>,
    pub role: Option<String>,
    pub buying_role: Option<Option<BuyingRole>>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub timezone: Option<String>,
    pub cadence_days: Option<Option<u32>>,
    pub notes: Option<String>,
}

impl ContactDetails {
    fn check(&self) -> Result<(), String> {
        // Empty clears the zone (as `apply` writes it): only a zone given is checked.
        if let Some(zone) = self.timezone.as_deref().filter(|z| !z.trim().is_empty()) {
            check_timezone(zone)?;
        }
        if self.cadence_days == Some(Some(0)) {
            return Err("a cadence of 0 days makes no sense; use 1 or more".to_string());
        }
        if self.name.as_deref().is_some_and(|n| n.trim().is_empty()) {
            return Err("a contact needs a name".to_string());
        }
        Ok(())
    }

    fn apply(self, contact: &mut Contact) {
        let text = |value: String| Some(value.trim().to_string()).filter(|v| !v.is_empty());
        if let Some(name) = self.name {
            contact.name = name.trim().to_string();
        }
        if let Some(role) = self.role {
            contact.role = text(role);
        }
        if let Some(buying_role) = self.buying_role {
            contact.buying_role = buying_role;
        }
        if let Some(email) = self.email {
            contact.email = text(email);
        }
        if let Some(phone) = self.phone {
            contact.phone = text(phone);
        }
        if let Some(zone) = self.timezone {
            contact.timezone = text(zone);
        }
        if let Some(days) = self.cadence_days {
            contact.cadence_days = days;
        }
        if let Some(notes) = self.notes {
            contact.notes = text(notes);
        }
    }
}

/// Adds a person to `client`; returns their id (made from the name, unique).
pub fn add_contact(
    client: &mut Client,
    name: &str,
    details: ContactDetails,
) -> Result<String, String> {
    let details = ContactDetails {
        name: Some(name.to_string()),
        ..details
    };
    details.check()?;
    let id = suggest_id_or(name, "contact", |id| client.contact(id).is_some());
    let mut contact = Contact {
        id: id.clone(),
        ..Contact::default()
    };
    details.apply(&mut contact);
    link_captured(client, &contact);
    client.contacts.push(contact);
    Ok(id)
}

/// What capture logged with the new person's address, before they were a contact, now
/// names them (the address moves from `addresses` to `with`).
fn link_captured(client: &mut Client, contact: &Contact) {
    let Some(email) = contact
        .email
        .as_deref()
        .and_then(crate::model::email::address)
    else {
        return;
    };
    for interaction in &mut client.interactions {
        let before = interaction.addresses.len();
        interaction
            .addresses
            .retain(|a| !a.eq_ignore_ascii_case(&email));
        if interaction.addresses.len() != before && !interaction.with.contains(&contact.id) {
            interaction.with.push(contact.id.clone());
        }
    }
}

pub fn edit_contact(
    client: &mut Client,
    key: &str,
    details: ContactDetails,
) -> Result<String, String> {
    details.check()?;
    let id = find_contact(client, key)?;
    if let Some(contact) = client.contacts.iter_mut().find(|c| c.id == id) {
        details.apply(contact);
    }
    Ok(id)
}

/// The id of the contact `key` names: its id, or the start of one name only (any case).
pub fn find_contact(client: &Client, key: &str) -> Result<String, String> {
    find(
        client
            .contacts
            .iter()
            .map(|c| (c.id.as_str(), c.name.as_str())),
        key,
        "contact",
        &client.name,
    )
}

/// The id of the task `key` names: its id, or the start of one title only (any case).
pub fn find_task(client: &Client, key: &str) -> Result<String, String> {
    find(
        client
            .tasks
            .iter()
            .map(|t| (t.id.as_str(), t.title.as_str())),
        key,
        "task",
        &client.name,
    )
}

fn find<'a>(
    items: impl Iterator<Item = (&'a str, &'a str)> + Clone,
    key: &str,
    what: &str,
    client_name: &str,
) -> Result<String, String> {
    let key = key.trim();
    if items.clone().any(|(id, _)| id == key) {
        return Ok(key.to_string());
    }
    let wanted = folded(key);
    let starts: Vec<&str> = items
        .clone()
        .filter(|(_, name)| !wanted.is_empty() && folded(name).starts_with(&wanted))
        .map(|(id, _)| id)
        .collect();
    match starts.as_slice() {
        [id] => Ok((*id).to_string()),
        [] => Err(format!(
            "{client_name} has no {what} `{}`{}",
            one_line(key),
            did_you_mean(&closest(items, key, 3))
        )),
        many => {
            let ids: Vec<String> = many
                .iter()
                .map(|id| format!("`{}`", one_line(id)))
                .collect();
            Err(format!(
                "`{}` could be any of {}; give the id",
                one_line(key),
                ids.join(", ")
            ))
        }
    }
}

/// Lower case without accents, so `soren` finds Søren.
fn folded(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(nucleo_matcher::chars::normalize)
        .collect()
}

/// The contacts of `client` that `keys` name, as ids (see [`find_contact`]).
pub fn contact_ids(client: &Client, keys: &[String]) -> Result<Vec<String>, String> {
    keys.iter().map(|key| find_contact(client, key)).collect()
}

/// A new task's fields, checked against the book when added.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewTask {
    pub title: String,
    pub due: Option<NaiveDate>,
    pub owner: Option<String>,
    pub deal: Option<String>,
}

/// Checks that `owner` names a colleague and `deal` one of the client's deals.
pub fn check_task_links(
    book: &Book,
    client: &Client,
    owner: Option<&str>,
    deal: Option<&str>,
) -> Result<(), String> {
    if let Some(owner) = owner {
        find_colleague(book, owner)?;
    }
    if let Some(deal) = deal {
        find_deal(client, deal)?;
    }
    Ok(())
}

/// The deal `key` names at `client`: its id, or the start of one title (case and
/// accents aside), as people are found. Its id, or what is wrong with a suggestion.
pub fn find_deal(client: &Client, key: &str) -> Result<String, String> {
    if client.deals.is_empty() {
        return Err(format!(
            "{} has no deals yet (d adds one in the dashboard)",
            one_line(&client.name)
        ));
    }
    find(
        client
            .deals
            .iter()
            .map(|d| (d.id.as_str(), d.title.as_str())),
        key,
        "deal",
        &one_line(&client.name),
    )
}

/// The colleague `key` names: their team id, or the start of one name (case and accents
/// aside). Their id, or what is wrong with a suggestion.
pub fn find_colleague(book: &Book, key: &str) -> Result<String, String> {
    if book.team.is_empty() {
        return Err(format!(
            "`{}` is not in the team, and the team is empty (add it under `team:` in the book)",
            one_line(key)
        ));
    }
    find(
        book.team.iter().map(|m| (m.id.as_str(), m.name.as_str())),
        key,
        "colleague",
        "the team",
    )
}

/// That `id` names a colleague of the book's team, or what is wrong, with a suggestion.
pub fn check_colleague(book: &Book, id: &str) -> Result<(), String> {
    find_colleague(book, id).map(|_| ())
}

/// Adds a next step to the client at `index`; returns its id.
/// Adds a task to `client`, whose owner must be in `book`'s team.
pub fn add_task(book: &Book, client: &mut Client, task: &NewTask) -> Result<String, String> {
    if task.title.trim().is_empty() {
        return Err("a task needs a title".to_string());
    }
    // Named as people name them (`Ida`, `patient portal`), kept as the book does.
    let owner = task
        .owner
        .as_deref()
        .map(|o| find_colleague(book, o))
        .transpose()?;
    let deal = task
        .deal
        .as_deref()
        .map(|d| find_deal(client, d))
        .transpose()?;
    let id = next_task_id(client);
    client.tasks.push(Task {
        id: id.clone(),
        title: task.title.trim().to_string(),
        due: task.due,
        owner,
        deal,
        done: None,
    });
    Ok(id)
}

/// `t1`, `t2`, …: the first number no task of the client has.
fn next_task_id(client: &Client) -> String {
    (1..=usize::MAX)
        .map(|n| format!("t{n}"))
        .find(|id| client.task(id).is_none())
        .unwrap_or_else(|| "task".to_string())
}

/// Marks the task `key` names done on `on`; a done task is opened again.
pub fn toggle_task(
    client: &mut Client,
    key: &str,
    on: NaiveDate,
) -> Result<(String, bool), String> {
    let id = find_task(client, key)?;
    let Some(task) = client.tasks.iter_mut().find(|t| t.id == id) else {
        return Err(format!("no task with id `{}`", one_line(&id)));
    };
    task.done = if task.done.is_some() { None } else { Some(on) };
    Ok((task.title.clone(), task.done.is_some()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> Client {
        let mut c = Client::new("n", "Nordlys Bank");
        add_contact(&mut c, "Søren Ærø", ContactDetails::default()).unwrap();
        add_contact(&mut c, "Sofie Lund", ContactDetails::default()).unwrap();
        c
    }

    #[test]
    fn contacts_are_found_by_id_or_an_unambiguous_start_of_the_name() {
        let c = client();
        let id = |id: &str| Ok(id.to_string());
        assert_eq!(find_contact(&c, "soren-æro"), id("soren-æro"));
        assert_eq!(find_contact(&c, "søren"), id("soren-æro"));
        assert_eq!(find_contact(&c, "Soren"), id("soren-æro"), "accents aside");
        assert_eq!(find_contact(&c, "sofie"), id("sofie-lund"));
        let both = find_contact(&c, "so").unwrap_err();
        assert!(
            both.contains("could be any of `soren-æro`, `sofie-lund`"),
            "{both}"
        );
        let none = find_contact(&c, "karen").unwrap_err();
        assert!(
            none.starts_with("Nordlys Bank has no contact `karen`"),
            "{none}"
        );
    }

    #[test]
    fn contact_details_are_checked_before_anything_changes() {
        let mut c = client();
        let before = c.clone();
        let bad_zone = ContactDetails {
            timezone: Some("Mars/Olympus".into()),
            ..ContactDetails::default()
        };
        assert!(edit_contact(&mut c, "sofie", bad_zone).is_err());
        let zero = ContactDetails {
            cadence_days: Some(Some(0)),
            ..ContactDetails::default()
        };
        assert!(add_contact(&mut c, "Karen", zero).is_err());
        assert_eq!(c, before);
        let good = ContactDetails {
            buying_role: Some(Some(BuyingRole::EconomicBuyer)),
            timezone: Some("Europe/Oslo".into()),
            role: Some("CFO".into()),
            ..ContactDetails::default()
        };
        assert_eq!(edit_contact(&mut c, "sofie", good).unwrap(), "sofie-lund");
        assert_eq!(c.contacts[1].role.as_deref(), Some("CFO"));
        assert_eq!(c.contacts[1].name, "Sofie Lund", "untouched fields stay");
    }

    #[test]
    fn tasks_check_owner_and_deal_and_toggle_done() {
        let book = Book::default();
        let mut client = client();
        let task = |owner: Option<&str>, deal: Option<&str>| NewTask {
            title: "Send proposal".into(),
            due: None,
            owner: owner.map(String::from),
            deal: deal.map(String::from),
        };
        let no_team = add_task(&book, &mut client, &task(Some("ida"), None)).unwrap_err();
        assert!(no_team.contains("the team is empty"), "{no_team}");
        let no_deal = add_task(&book, &mut client, &task(None, Some("Endpoint"))).unwrap_err();
        assert!(no_deal.contains("has no deals yet"), "{no_deal}");
        assert_eq!(
            add_task(&book, &mut client, &task(None, None)).unwrap(),
            "t1"
        );
        assert_eq!(
            add_task(&book, &mut client, &task(None, None)).unwrap(),
            "t2"
        );
        let day = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let client = &mut client;
        assert_eq!(
            toggle_task(client, "t2", day),
            Ok(("Send proposal".into(), true))
        );
        assert_eq!(client.tasks[1].done, Some(day));
        assert_eq!(
            toggle_task(client, "t2", day),
            Ok(("Send proposal".into(), false))
        );
        assert!(
            toggle_task(client, "send", day)
                .unwrap_err()
                .contains("could be any of")
        );
    }
}
