//! Changes to the people at a client and to its next steps, shared by the command line
//! and the dashboard. Each checks what it is given against the book first, so a change
//! that would make the book invalid is refused with a reason and changes nothing.

use std::borrow::Cow;

use chrono::NaiveDate;

use super::{closest, did_you_mean, suggest_id_or};
use crate::model::{Book, BuyingRole, Client, Contact, Task};
use crate::storage::validate::check_timezone;
use crate::text::one_line;

/// What may be set on a contact; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContactDetails {
    pub name: Option<String>,
    pub role: Option<String>,
    pub buying_role: Option<BuyingRole>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub timezone: Option<String>,
    pub cadence_days: Option<u32>,
    pub notes: Option<String>,
}

impl ContactDetails {
    fn check(&self) -> Result<(), String> {
        // Empty clears the zone (as `apply` writes it): only a zone given is checked.
        if let Some(zone) = self.timezone.as_deref().filter(|z| !z.trim().is_empty()) {
            check_timezone(zone)?;
        }
        if self.cadence_days == Some(0) {
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
            contact.buying_role = Some(buying_role);
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
            contact.cadence_days = Some(days);
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
    client.contacts.push(contact);
    Ok(id)
}

pub fn edit_contact(
    client: &mut Client,
    key: &str,
    details: ContactDetails,
) -> Result<String, String> {
    details.check()?;
    let index = find_contact(client, key)?;
    let contact = &mut client.contacts[index];
    details.apply(contact);
    Ok(contact.id.clone())
}

/// The contact `key` names: its id, or the start of one name only (any case).
pub fn find_contact(client: &Client, key: &str) -> Result<usize, String> {
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

/// The task `key` names: its id, or the start of one title only (any case).
pub fn find_task(client: &Client, key: &str) -> Result<usize, String> {
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
) -> Result<usize, String> {
    let key = key.trim();
    if let Some(index) = items.clone().position(|(id, _)| id == key) {
        return Ok(index);
    }
    let wanted = folded(key);
    let starts: Vec<(usize, &str)> = items
        .clone()
        .enumerate()
        .filter(|(_, (_, name))| !wanted.is_empty() && folded(name).starts_with(&wanted))
        .map(|(index, (id, _))| (index, id))
        .collect();
    match starts.as_slice() {
        [(index, _)] => Ok(*index),
        [] => Err(format!(
            "{client_name} has no {what} `{key}`{}",
            did_you_mean(&closest(items, key, 3))
        )),
        many => {
            let ids: Vec<String> = many.iter().map(|(_, id)| format!("`{id}`")).collect();
            Err(format!(
                "`{key}` could be any of {}; give the id",
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
    keys.iter()
        .map(|key| find_contact(client, key).map(|i| client.contacts[i].id.clone()))
        .collect()
}

/// A new task's fields, checked against the book when added.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewTask {
    pub title: String,
    pub due: Option<NaiveDate>,
    pub owner: Option<String>,
    pub deal: Option<String>,
}

/// Checks that `owner` is in the team and `deal` is one of the client's deals.
pub fn check_task_links(
    book: &Book,
    client: &Client,
    owner: Option<&str>,
    deal: Option<&str>,
) -> Result<(), String> {
    if let Some(owner) = owner {
        check_colleague(book, owner)?;
    }
    if let Some(deal) = deal
        && !client.deals.iter().any(|d| d.title == deal)
    {
        // Titles are the user's text: a line break in one must not fake a line of output.
        let titles: Vec<Cow<'_, str>> = client.deals.iter().map(|d| one_line(&d.title)).collect();
        return Err(format!(
            "{} has no deal \"{}\" (deals: {})",
            one_line(&client.name),
            one_line(deal),
            if titles.is_empty() {
                "none".to_string()
            } else {
                titles.join(", ")
            }
        ));
    }
    Ok(())
}

/// That `id` names a colleague of the book's team, or what is wrong, with a suggestion.
pub fn check_colleague(book: &Book, id: &str) -> Result<(), String> {
    if book.colleague(id).is_some() {
        return Ok(());
    }
    let near = closest(
        book.team.iter().map(|m| (m.id.as_str(), m.name.as_str())),
        id,
        1,
    );
    let known: Vec<Cow<'_, str>> = book.team.iter().map(|m| one_line(&m.id)).collect();
    let id = one_line(id);
    Err(if known.is_empty() {
        format!(
            "`{id}` is not in the team, and the team is empty (add it under `team:` in the book)"
        )
    } else {
        format!(
            "`{id}` is not in the team ({}){}",
            known.join(", "),
            did_you_mean(&near)
        )
    })
}

/// Adds a next step to the client at `index`; returns its id.
/// Adds a task to `client`, whose owner must be in `book`'s team.
pub fn add_task(book: &Book, client: &mut Client, task: NewTask) -> Result<String, String> {
    if task.title.trim().is_empty() {
        return Err("a task needs a title".to_string());
    }
    check_task_links(book, client, task.owner.as_deref(), task.deal.as_deref())?;
    let id = next_task_id(client);
    client.tasks.push(Task {
        id: id.clone(),
        title: task.title.trim().to_string(),
        due: task.due,
        owner: task.owner,
        deal: task.deal,
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
    let index = find_task(client, key)?;
    let task = &mut client.tasks[index];
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
        assert_eq!(find_contact(&c, "soren-æro"), Ok(0));
        assert_eq!(find_contact(&c, "søren"), Ok(0));
        assert_eq!(find_contact(&c, "Soren"), Ok(0), "accents aside");
        assert_eq!(find_contact(&c, "sofie"), Ok(1));
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
            cadence_days: Some(0),
            ..ContactDetails::default()
        };
        assert!(add_contact(&mut c, "Karen", zero).is_err());
        assert_eq!(c, before);
        let good = ContactDetails {
            buying_role: Some(BuyingRole::EconomicBuyer),
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
        let no_team = add_task(&book, &mut client, task(Some("ida"), None)).unwrap_err();
        assert!(no_team.contains("the team is empty"), "{no_team}");
        let no_deal = add_task(&book, &mut client, task(None, Some("Endpoint"))).unwrap_err();
        assert!(
            no_deal.contains("has no deal \"Endpoint\" (deals: none)"),
            "{no_deal}"
        );
        assert_eq!(
            add_task(&book, &mut client, task(None, None)).unwrap(),
            "t1"
        );
        assert_eq!(
            add_task(&book, &mut client, task(None, None)).unwrap(),
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
