//! Every item of a client has an id, unique among its kind within the client: contacts
//! and tasks, deals, projects, gifts and interactions. A file may leave them out; they
//! are made on load from what the item is called (a deal's title, an interaction's date
//! and kind), numbered `-2`, `-3` on a repeat, and written on the next save, so they stay
//! as they are from then on. Ids written in the file are kept.

use std::collections::HashSet;

use crate::model::{Client, Deal, Gift, Interaction, Keyed, Project};

use super::suggest_id_or;

/// Gives every item without an id one, and links each task to its deal by id.
pub fn fill_missing_ids(book: &mut crate::model::Book) {
    for client in &mut book.clients {
        fill_missing_ids_of(client);
    }
}

/// [`fill_missing_ids`] for one client: the ids are made within the client alone.
pub fn fill_missing_ids_of(client: &mut Client) {
    fill(
        &mut client.contacts,
        |p| &mut p.id,
        |p| p.name.clone(),
        "contact",
    );
    fill(
        &mut client.tasks,
        |t| &mut t.id,
        |t| t.title.clone(),
        "task",
    );
    fill(
        &mut client.deals,
        |d| &mut d.id,
        |d| d.title.clone(),
        "deal",
    );
    fill(
        &mut client.projects,
        |p| &mut p.id,
        |p| p.name.clone(),
        "project",
    );
    fill(
        &mut client.gifts,
        |g| &mut g.id,
        |g| g.description.clone(),
        "gift",
    );
    fill(
        &mut client.interactions,
        |i| &mut i.id,
        interaction_basis,
        "interaction",
    );
    link_tasks_to_deal_ids(client);
}

/// Fills the empty ids of `items`, each made from `basis` (or `fallback`) and unique
/// among the ids the list already has.
fn fill<T>(
    items: &mut [T],
    mut id: impl FnMut(&mut T) -> &mut String,
    basis: impl Fn(&T) -> String,
    fallback: &str,
) {
    if !items.iter_mut().any(|item| id(item).is_empty()) {
        return;
    }
    let mut taken: HashSet<String> = items.iter_mut().map(|item| id(item).clone()).collect();
    for item in items.iter_mut() {
        if id(item).is_empty() {
            let made = suggest_id_or(&basis(item), fallback, |candidate| {
                taken.contains(candidate)
            });
            taken.insert(made.clone());
            *id(item) = made;
        }
    }
}

/// `2026-11-20-call`: an interaction is known by its day and kind.
fn interaction_basis(interaction: &Interaction) -> String {
    match interaction.date {
        Some(day) => format!("{day} {}", interaction.kind().label()),
        None => interaction.kind().label().to_string(),
    }
}

/// A task's `deal` as older books wrote it, the deal's title, becomes that deal's id.
fn link_tasks_to_deal_ids(client: &mut Client) {
    let Client { tasks, deals, .. } = client;
    for task in tasks.iter_mut() {
        if let Some(link) = task.deal.as_mut()
            && let Some(id) = deal_id_for_link(deals, link)
            && id != link
        {
            *link = id.to_string();
        }
    }
}

/// The id of the deal a task's `deal` names: its id, or else (as older books wrote it)
/// its title; of two deals with that title, the first.
pub fn deal_id_for_link<'a>(deals: &'a [Deal], link: &str) -> Option<&'a str> {
    deals
        .iter()
        .find(|d| d.id == link)
        .or_else(|| deals.iter().find(|d| d.title == link))
        .map(|d| d.id.as_str())
}

/// Puts `deal` in `client`: in place of the deal with its id, or, when it has none (or
/// that deal is gone), added with a new id. Returns its id.
pub fn put_deal(client: &mut Client, deal: Deal) -> String {
    let basis = deal.title.clone();
    put(&mut client.deals, deal, |d| &mut d.id, &basis, "deal")
}

/// [`put_deal`] for a project.
pub fn put_project(client: &mut Client, project: Project) -> String {
    let basis = project.name.clone();
    put(
        &mut client.projects,
        project,
        |p| &mut p.id,
        &basis,
        "project",
    )
}

/// [`put_deal`] for a gift.
pub fn put_gift(client: &mut Client, gift: Gift) -> String {
    let basis = gift.description.clone();
    put(&mut client.gifts, gift, |g| &mut g.id, &basis, "gift")
}

/// `item` in place of the one with its id, or added with an id made from `basis`.
fn put<T: Keyed>(
    items: &mut Vec<T>,
    mut item: T,
    id: impl Fn(&mut T) -> &mut String,
    basis: &str,
    fallback: &str,
) -> String {
    let wanted = item.key().to_string();
    // An item without an id is new.
    if let Some(at) = items
        .iter()
        .position(|x| !wanted.is_empty() && x.key() == wanted)
    {
        items[at] = item;
        return wanted;
    }
    let made = new_id(items, basis, fallback);
    id(&mut item).clone_from(&made);
    items.push(item);
    made
}

/// An id made from `basis` that no item of `items` has.
fn new_id<T: Keyed>(items: &[T], basis: &str, fallback: &str) -> String {
    let taken: HashSet<&str> = items.iter().map(Keyed::key).collect();
    suggest_id_or(basis, fallback, |id| taken.contains(id))
}

/// The id a new deal titled `title` gets in `client`.
pub fn new_deal_id(client: &Client, title: &str) -> String {
    new_id(&client.deals, title, "deal")
}

/// The id a new project named `name` gets in `client`.
pub fn new_project_id(client: &Client, name: &str) -> String {
    new_id(&client.projects, name, "project")
}

/// The id `gift` gets when added to `client`.
pub fn new_gift_id(client: &Client, gift: &Gift) -> String {
    new_id(&client.gifts, &gift.description, "gift")
}

/// The id `interaction` gets when added to `client`.
pub fn new_interaction_id(client: &Client, interaction: &Interaction) -> String {
    new_id(
        &client.interactions,
        &interaction_basis(interaction),
        "interaction",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{InteractionKind, Task};
    use chrono::NaiveDate;

    fn deal(id: &str, title: &str) -> Deal {
        Deal {
            id: id.into(),
            title: title.into(),
            ..Deal::default()
        }
    }

    #[test]
    fn missing_ids_are_made_from_what_the_item_is_called_and_numbered_on_a_repeat() {
        let mut client = Client::new("a", "A");
        client.deals = vec![deal("", "Pilot"), deal("pilot", "Other"), deal("", "Pilot")];
        client.projects = vec![Project {
            name: "Rollout".into(),
            ..Project::default()
        }];
        let day = NaiveDate::from_ymd_opt(2026, 11, 20);
        client.interactions = vec![
            Interaction {
                date: day,
                kind: Some(InteractionKind::Call),
                ..Interaction::default()
            };
            2
        ];
        client.gifts = vec![Gift::default()];
        fill_missing_ids_of(&mut client);
        let ids: Vec<&str> = client.deals.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["pilot-2", "pilot", "pilot-3"]);
        assert_eq!(client.projects[0].id, "rollout");
        assert_eq!(client.interactions[0].id, "2026-11-20-call");
        assert_eq!(client.interactions[1].id, "2026-11-20-call-2");
        assert_eq!(client.gifts[0].id, "gift");
    }

    #[test]
    fn a_task_naming_its_deal_by_title_is_linked_by_id() {
        let mut client = Client::new("a", "A");
        client.deals = vec![deal("p1", "Pilot"), deal("", "Twice"), deal("", "Twice")];
        let task = |link: &str| Task {
            title: "t".into(),
            deal: Some(link.into()),
            ..Task::default()
        };
        client.tasks = vec![task("Pilot"), task("p1"), task("Twice"), task("Gone")];
        fill_missing_ids_of(&mut client);
        let links: Vec<&str> = client
            .tasks
            .iter()
            .filter_map(|t| t.deal.as_deref())
            .collect();
        // Two deals of one title: the first, as the title matched both before.
        assert_eq!(links, ["p1", "p1", "twice", "Gone"]);
    }
}
