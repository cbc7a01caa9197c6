//! An item of a client named by its id: what the client view's cursor and a removal
//! point at.

use crate::model::Client;

/// An item of a client, by its id among the client's items of that kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Contact(String),
    Task(String),
    Interaction(String),
    Deal(String),
    Project(String),
    Gift(String),
}

impl Item {
    /// What the item is called in a message: `the deal "Pilot"`.
    pub fn describe(&self, client: &Client) -> String {
        match self {
            Item::Contact(id) => client.contact(id).map(|p| p.name.clone()),
            Item::Task(id) => client.task(id).map(|t| format!("task \"{}\"", t.title)),
            Item::Interaction(id) => client
                .interaction(id)
                .map(|x| format!("the {} \"{}\"", x.kind().label().to_lowercase(), x.summary)),
            Item::Deal(id) => client.deal(id).map(|d| format!("deal \"{}\"", d.title)),
            Item::Project(id) => client
                .project(id)
                .map(|p| format!("project \"{}\"", p.name)),
            Item::Gift(id) => client
                .gift(id)
                .map(|g| format!("the gift \"{}\"", g.description)),
        }
        .unwrap_or_default()
    }

    /// Takes the item out of `client`.
    pub fn remove_from(&self, client: &mut Client) {
        match self {
            // Only a person nothing refers to is deleted (see `delete_item`): history is
            // never rewritten.
            Item::Contact(id) => client.contacts.retain(|p| p.id != *id),
            Item::Task(id) => client.tasks.retain(|t| t.id != *id),
            Item::Interaction(id) => client.interactions.retain(|i| i.id != *id),
            Item::Deal(id) => {
                // Tasks for the deal stay, no longer tied to it.
                for task in &mut client.tasks {
                    if task.deal.as_ref() == Some(id) {
                        task.deal = None;
                    }
                }
                client.deals.retain(|d| d.id != *id);
            }
            Item::Project(id) => client.projects.retain(|p| p.id != *id),
            Item::Gift(id) => client.gifts.retain(|g| g.id != *id),
        }
    }
}

/// How many records of `client` name the person (by id, or by name on a gift).
pub fn references_to(client: &Client, id: &str) -> usize {
    let name = client.contact(id).map_or(id, |p| p.name.as_str());
    let interactions = client
        .interactions
        .iter()
        .filter(|i| i.with.iter().any(|w| w == id))
        .count();
    let gifts = client
        .gifts
        .iter()
        .filter(|g| {
            g.recipient_names().iter().any(|r| {
                r.trim() == id || crate::text::fold_name(r) == crate::text::fold_name(name)
            })
        })
        .count();
    // A deal's economic buyer or champion: the qualification would name no one.
    let deals = client
        .deals
        .iter()
        .filter_map(|d| d.qualification.as_ref())
        .filter(|q| q.economic_buyer.as_deref() == Some(id) || q.champion.as_deref() == Some(id))
        .count();
    interactions + gifts + deals
}
