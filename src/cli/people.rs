//! The commands for people, next steps and the team: `contact`, `contacts`, `task`,
//! `tasks` and `team`, in plain text and JSON.

use std::fmt::Write;

use chrono::NaiveDate;
use serde::Serialize;

use super::args::{ContactAction, ContactFlags, TaskAction};
use super::json::{TaskJson, to_string};
use super::plain::WIDTH;
use super::{Outcome, change_client};
use crate::edit::{self, ContactDetails, NewTask, Op};
use crate::model::{Book, BuyingRole, Client};
use crate::rules::checkins::Due;
use crate::rules::tasks::{self, Owner};
use crate::rules::team::{self, Commitment};
use crate::storage::Reads;
use crate::storage::location::DataLocation;
use crate::text::{
    one_line, pad, pad_id, pad_left, relative_day, sentence_case, short_date, truncate,
};

fn details(flags: &ContactFlags, name: Option<&String>) -> ContactDetails {
    ContactDetails {
        name: name.cloned(),
        role: flags.role.clone(),
        buying_role: flags.buying_role.map(Some),
        email: flags.email.clone(),
        phone: flags.phone.clone(),
        timezone: flags.timezone.clone(),
        cadence_days: flags.cadence.map(Some),
        notes: flags.notes.clone(),
    }
}

/// `konto contact add|edit`: changes one client under the book's lock.
pub fn contact(action: &ContactAction, location: &DataLocation, today: NaiveDate) -> Outcome {
    match action {
        ContactAction::Add {
            client,
            name,
            details: flags,
        } => change_client(location, (client, Reads::Settings), |book, client| {
            let op = Op::AddContact {
                name: name.clone(),
                details: details(flags, None),
            };
            let id = edit::apply(book, client, op, today)?.id.unwrap_or_default();
            Ok(format!(
                "Added {} to {} (contact id `{id}`).\n",
                one_line(name),
                one_line(&client.name)
            ))
        }),
        ContactAction::Edit {
            client,
            contact,
            name,
            details: flags,
        } => change_client(location, (client, Reads::Settings), |book, client| {
            let op = Op::EditContact {
                contact: contact.clone(),
                details: details(flags, name.as_ref()),
            };
            let id = edit::apply(book, client, op, today)?.id.unwrap_or_default();
            Ok(format!(
                "Updated contact `{id}` at {}.\n",
                one_line(&client.name)
            ))
        }),
    }
}

/// `konto task add|done`.
pub fn task(action: &TaskAction, location: &DataLocation, today: NaiveDate) -> Outcome {
    match action {
        TaskAction::Add {
            client,
            title,
            due,
            owner,
            deal,
        } => {
            let due = match due.as_deref().map(|when| edit::parse_when(when, today)) {
                None => None,
                Some(Ok(date)) => Some(date),
                Some(Err(problem)) => {
                    return Outcome::fail(format!(
                        "error: --due: {} Nothing was added.\n",
                        crate::text::sentence(&problem)
                    ));
                }
            };
            change_client(location, (client, Reads::Settings), |book, client| {
                let new = NewTask {
                    title: title.clone(),
                    due,
                    owner: owner.clone(),
                    deal: deal.clone(),
                };
                let id = edit::apply(book, client, Op::AddTask(new), today)?
                    .id
                    .unwrap_or_default();
                let when = due
                    .map(|d| format!(", due {}", short_date(d, today)))
                    .unwrap_or_default();
                Ok(format!(
                    "Added task `{id}` to {}{when}.\n",
                    one_line(&client.name)
                ))
            })
        }
        TaskAction::Done { client, task } => {
            change_client(location, (client, Reads::Settings), |book, client| {
                let op = Op::ToggleTask { task: task.clone() };
                let applied = edit::apply(book, client, op, today)?;
                Ok(format!("{}.\n", sentence_case(&one_line(&applied.said))))
            })
        }
    }
}

#[derive(Serialize)]
struct ContactJson<'a> {
    client_id: &'a str,
    client_name: &'a str,
    id: &'a str,
    name: &'a str,
    role: Option<&'a str>,
    buying_role: Option<BuyingRole>,
    email: Option<&'a str>,
    phone: Option<&'a str>,
    timezone: Option<&'a str>,
    cadence_days: Option<u32>,
    notes: Option<&'a str>,
    last_contact: Option<String>,
}

/// The clients `only` names (all when `None`), or why not.
fn clients_named<'a>(book: &'a Book, only: Option<&str>) -> Result<Vec<&'a Client>, String> {
    match only {
        None => Ok(book.clients.iter().collect()),
        Some(id) => book.client(id).map(|c| vec![c]).ok_or_else(|| {
            format!(
                "error: no client with id `{}`{}\n",
                one_line(id),
                edit::did_you_mean(&edit::closest_ids(book, id, 3))
            )
        }),
    }
}

/// `konto contacts [CLIENT]`: who is who, and when you last spoke to each.
pub fn contacts(book: &Book, today: NaiveDate, only: Option<&str>, json: bool) -> Outcome {
    let clients = match clients_named(book, only) {
        Ok(clients) => clients,
        Err(message) => return Outcome::fail(message),
    };
    if json {
        let rows: Vec<ContactJson> = clients
            .iter()
            .flat_map(|client| {
                client.contacts.iter().map(move |p| ContactJson {
                    client_id: &client.id,
                    client_name: &client.name,
                    id: &p.id,
                    name: &p.name,
                    role: p.role.as_deref(),
                    buying_role: p.buying_role,
                    email: p.email.as_deref(),
                    phone: p.phone.as_deref(),
                    timezone: p.timezone.as_deref(),
                    cadence_days: p.cadence_days,
                    notes: p.notes.as_deref(),
                    last_contact: client
                        .last_contact_with(&p.id, today)
                        .map(|d| d.to_string()),
                })
            })
            .collect();
        return Outcome::ok(to_string(&rows));
    }
    let mut out = String::new();
    for client in clients.iter().filter(|c| !c.contacts.is_empty()) {
        let _ = writeln!(out, "{} [{}]", one_line(&client.name), one_line(&client.id));
        for person in &client.contacts {
            let role = person.buying_role.map_or("", BuyingRole::label);
            let last = client
                .last_contact_with(&person.id, today)
                .map_or_else(|| "—".to_string(), |d| relative_day(d, today));
            let _ = writeln!(
                out,
                "  {} {} {} {} {}",
                pad_id(&person.id, 14),
                pad(&person.name, 21),
                pad(person.role.as_deref().unwrap_or(""), 16),
                pad(role, 15),
                pad_left(&last, 8)
            );
            let reach: Vec<&str> = [&person.phone, &person.email, &person.timezone]
                .into_iter()
                .filter_map(|v| v.as_deref())
                .collect();
            if !reach.is_empty() {
                let _ = writeln!(out, "      {}", truncate(&reach.join(" · "), WIDTH - 6));
            }
        }
    }
    if out.is_empty() {
        out.push_str("No contacts yet. `konto contact add CLIENT NAME` adds one.\n");
    }
    Outcome::ok(out)
}

/// `konto tasks`: open tasks by due date, overdue first.
pub fn tasks(book: &Book, today: NaiveDate, all: bool, owner: Option<&str>, json: bool) -> Outcome {
    let mut owner = owner.map_or(Owner::Anyone, Owner::parse);
    // `Ida` or `ida`: a colleague named as people name them.
    if let Owner::Colleague(key) = &owner {
        match edit::find_colleague(book, key) {
            Ok(id) => owner = Owner::Colleague(id),
            Err(problem) => {
                return Outcome::fail(format!(
                    "error: {} Use a team id, a name, or `me`.\n",
                    crate::text::sentence(&problem)
                ));
            }
        }
    }
    let list = tasks::list(book, today, &owner, all);
    if json {
        let rows: Vec<TaskJson> = list.iter().map(|t| TaskJson::of(t, today)).collect();
        return Outcome::ok(to_string(&rows));
    }
    let mut out = String::new();
    for item in &list {
        let status = match (item.task.done, item.due) {
            (Some(done), _) => format!("done {}", short_date(done, today)),
            (None, Some(due)) => describe_due(due, item.task.due, today),
            (None, None) => "no date".to_string(),
        };
        let owner = item.task.owner.as_deref().map_or("me", |id| {
            book.colleague(id).map_or(id, |m| m.name.as_str())
        });
        let _ = writeln!(
            out,
            "  {} {} {} {} {}",
            pad(&item.task.title, 26),
            pad_id(&item.client.id, 18),
            pad_id(&item.task.id, 4),
            pad(owner, 10),
            pad_left(&status, 16)
        );
    }
    if list.is_empty() {
        out.push_str("No open tasks. `konto task add CLIENT TITLE --due fri` adds one.\n");
    }
    Outcome::ok(out)
}

fn describe_due(due: Due, date: Option<NaiveDate>, today: NaiveDate) -> String {
    match (due, date) {
        (Due::Upcoming { days }, Some(date)) if days > 1 => short_date(date, today),
        (due, _) => due.describe(),
    }
}

#[derive(Serialize)]
struct CommitmentJson<'a> {
    kind: &'static str,
    client_id: &'a str,
    title: &'a str,
    date: Option<String>,
}

#[derive(Serialize)]
struct LoadJson<'a> {
    id: &'a str,
    name: &'a str,
    role: Option<&'a str>,
    commitments: Vec<CommitmentJson<'a>>,
    clashes: Vec<ClashJson<'a>>,
}

#[derive(Serialize)]
struct ClashJson<'a> {
    date: String,
    commitments: Vec<CommitmentJson<'a>>,
}

fn commitment_json<'a>(c: &Commitment<'a>) -> CommitmentJson<'a> {
    let (kind, client, title) = match *c {
        Commitment::Task { client, task } => ("task", client, task.title.as_str()),
        Commitment::Project { client, project } => ("project", client, project.name.as_str()),
    };
    CommitmentJson {
        kind,
        client_id: &client.id,
        title,
        date: c.date().map(|d| d.to_string()),
    }
}

/// `konto team`: per colleague, what they are committed to and when they are double-booked.
pub fn team(book: &Book, today: NaiveDate, json: bool) -> Outcome {
    let loads = team::loads(book, today);
    if json {
        let rows: Vec<LoadJson> = loads
            .iter()
            .map(|load| LoadJson {
                id: &load.member.id,
                name: &load.member.name,
                role: load.member.role.as_deref(),
                commitments: load.commitments.iter().map(commitment_json).collect(),
                clashes: load
                    .clashes
                    .iter()
                    .map(|(date, clash)| ClashJson {
                        date: date.to_string(),
                        commitments: clash.iter().map(commitment_json).collect(),
                    })
                    .collect(),
            })
            .collect();
        return Outcome::ok(to_string(&rows));
    }
    if loads.is_empty() {
        return Outcome::ok(
            "No team yet: add your colleagues under `team:` in the book (see the README).\n"
                .to_string(),
        );
    }
    let mut out = String::new();
    for load in &loads {
        let role = load
            .member
            .role
            .as_deref()
            .map(|r| format!(", {}", one_line(r)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{} [{}]{role}",
            one_line(&load.member.name),
            one_line(&load.member.id)
        );
        for (date, clash) in &load.clashes {
            let what: Vec<String> = clash
                .iter()
                .map(|c| format!("{} ({})", c.title(), c.client().id))
                .collect();
            let line = format!(
                "  ! {} committed twice: {}",
                short_date(*date, today),
                what.join(" and ")
            );
            let _ = writeln!(out, "{}", truncate(&line, WIDTH));
        }
        for c in &load.commitments {
            let kind = match c {
                Commitment::Task { .. } => "task",
                Commitment::Project { .. } => "project",
            };
            let _ = writeln!(
                out,
                "  {} {} {} {}",
                pad(
                    &c.date().map(|d| short_date(d, today)).unwrap_or_default(),
                    11
                ),
                pad(kind, 7),
                pad(c.title(), 34),
                pad_id(&c.client().id, 20)
            );
        }
        if load.commitments.is_empty() {
            let _ = writeln!(out, "  free: no open tasks or projects");
        }
    }
    Outcome::ok(out)
}
