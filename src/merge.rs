//! Three-way merge of books, field by field: when the file changed on disk while konto
//! had edits of its own, or a form was open while the client changed, both sides' edits
//! are kept. Different fields of one client, different items of its lists (a new
//! interaction here, a new deal there) and different fields of one item (the amount of a
//! deal here, its close date there) merge without asking: items are matched by id. Only
//! the same field of the same item changed differently on both sides is a conflict, and
//! nothing is decided for the user then; the conflict names the item and the field.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::NaiveDate;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::model::{Book, Client, Keyed, same};

/// Where both sides changed the same thing differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clash {
    /// The client, or `None` for the book's own settings.
    pub client_id: Option<String>,
    /// The client's name (as we have it), for messages.
    pub name: String,
    /// The fields changed on both sides: `notes`, ``deal `pilot`: amount``, `deleted`.
    pub fields: Vec<String>,
}

impl Clash {
    /// `Nordlys Bank (notes, tier)`.
    pub fn describe(&self) -> String {
        format!("{} ({})", self.name, self.fields.join(", "))
    }
}

/// The merge, resolved both ways: the two books are equal when there is no clash.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// Every change of both sides; where they clash, theirs.
    pub theirs_wins: Book,
    /// Every change of both sides; where they clash, ours.
    pub mine_wins: Book,
    pub clashes: Vec<Clash>,
}

/// One client merged both ways, and the fields that clashed.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientMerge {
    pub theirs_wins: Client,
    pub mine_wins: Client,
    pub clashes: Vec<String>,
}

/// Merges field values, remembering which fields clashed.
#[derive(Default)]
struct FieldMerger {
    clashes: Vec<String>,
}

impl FieldMerger {
    /// The last contact: when both sides moved it, the later date wins without asking
    /// (both being in touch is no clash).
    fn last_contact(
        &mut self,
        base: Option<NaiveDate>,
        ours: &Client,
        theirs: &Client,
    ) -> (Option<NaiveDate>, Option<NaiveDate>) {
        if ours.last_contact != base && theirs.last_contact != base {
            let latest = ours.last_contact.max(theirs.last_contact);
            return (latest, latest);
        }
        self.value(
            "last_contact",
            &base,
            &ours.last_contact,
            &theirs.last_contact,
        )
    }

    /// A single value: whichever side changed it; both changed it alike, that value.
    fn value<T: Clone + PartialEq>(
        &mut self,
        name: &str,
        base: &T,
        ours: &T,
        theirs: &T,
    ) -> (T, T) {
        if ours == base || ours == theirs {
            (theirs.clone(), theirs.clone())
        } else if theirs == base {
            (ours.clone(), ours.clone())
        } else {
            self.clashes.push(name.to_string());
            (theirs.clone(), ours.clone())
        }
    }

    /// A list, item by item (items are compared whole: an edited item is the old one
    /// removed and the new one added).
    fn list<T: Clone + PartialEq>(
        &mut self,
        name: &str,
        base: &[T],
        ours: &[T],
        theirs: &[T],
    ) -> (Vec<T>, Vec<T>) {
        if ours == base || ours == theirs {
            return (theirs.to_vec(), theirs.to_vec());
        }
        if theirs == base {
            return (ours.to_vec(), ours.to_vec());
        }
        let merged = merge_list(base, ours, theirs);
        // Both sides removed (edited or deleted) the same item, and not in the same way.
        let removed_by_us = difference(base, ours);
        let removed_by_them = difference(base, theirs);
        let both_removed = removed_by_us
            .iter()
            .any(|item| removed_by_them.contains(item));
        if both_removed && difference(ours, base) != difference(theirs, base) {
            self.clashes.push(name.to_string());
            return (theirs.to_vec(), merged);
        }
        (merged.clone(), merged)
    }
}

impl FieldMerger {
    /// A list of items with ids, item by item and field by field: an item both sides
    /// changed merges its fields; only one field changed two ways is a clash, named
    /// ``deal `pilot`: amount``. A list whose ids are missing or repeated (only a program
    /// can make one) is merged whole-item, as [`FieldMerger::list`] does.
    fn keyed<T>(
        &mut self,
        kind: &'static str,
        base: &[T],
        ours: &[T],
        theirs: &[T],
    ) -> (Vec<T>, Vec<T>)
    where
        T: Keyed + Clone + PartialEq + Serialize + DeserializeOwned,
    {
        if ours == base || ours == theirs {
            return (theirs.to_vec(), theirs.to_vec());
        }
        if theirs == base {
            return (ours.to_vec(), ours.to_vec());
        }
        let (Some(base_ids), Some(our_ids), Some(their_ids)) =
            (ids_of(base), ids_of(ours), ids_of(theirs))
        else {
            return self.list(&format!("{kind}s"), base, ours, theirs);
        };
        let mut theirs_wins = Vec::with_capacity(theirs.len());
        let mut mine_wins = Vec::with_capacity(theirs.len());
        for their in theirs {
            let name = || format!("{kind} `{}`", crate::text::one_line(their.key()));
            match (base_ids.get(their.key()), our_ids.get(their.key())) {
                (Some(&b), Some(&o)) => {
                    let (t, m) = self.item(&name(), &base[b], &ours[o], their);
                    theirs_wins.push(t);
                    mine_wins.push(m);
                }
                // We deleted it: gone, unless they changed it (a clash; theirs kept).
                (Some(&b), None) => {
                    if base[b] != *their {
                        self.clashes
                            .push(format!("{}: deleted here, changed there", name()));
                        theirs_wins.push(their.clone());
                    }
                }
                // Added on both sides under one id.
                (None, Some(&o)) => {
                    if ours[o] != *their {
                        self.clashes
                            .push(format!("{}: added here and there", name()));
                    }
                    theirs_wins.push(their.clone());
                    mine_wins.push(ours[o].clone());
                }
                // Added by them.
                (None, None) => {
                    theirs_wins.push(their.clone());
                    mine_wins.push(their.clone());
                }
            }
        }
        // Ours not in theirs: added here (put after the item before it in our list), or
        // deleted there (gone, unless we changed it: a clash, ours kept).
        for (at, our) in ours.iter().enumerate() {
            if their_ids.contains_key(our.key()) {
                continue;
            }
            match base_ids.get(our.key()) {
                None => {
                    let after = |list: &[T]| {
                        ours[..at]
                            .iter()
                            .rev()
                            .find_map(|before| list.iter().rposition(|x| x.key() == before.key()))
                            .map_or(0, |p| p + 1)
                    };
                    let (t, m) = (after(&theirs_wins), after(&mine_wins));
                    theirs_wins.insert(t, our.clone());
                    mine_wins.insert(m, our.clone());
                }
                Some(&b) if base[b] != *our => {
                    let name = format!("{kind} `{}`", crate::text::one_line(our.key()));
                    self.clashes
                        .push(format!("{name}: changed here, deleted there"));
                    mine_wins.push(our.clone());
                }
                Some(_) => {}
            }
        }
        (theirs_wins, mine_wins)
    }

    /// One item both sides have, field by field (through its serialized form, so every
    /// field of every kind is covered): lists inside it (a deal's history, the people an
    /// interaction was with) merge item by item.
    fn item<T>(&mut self, name: &str, base: &T, ours: &T, theirs: &T) -> (T, T)
    where
        T: Clone + PartialEq + Serialize + DeserializeOwned,
    {
        if ours == base || ours == theirs {
            return (theirs.clone(), theirs.clone());
        }
        if theirs == base {
            return (ours.clone(), ours.clone());
        }
        let fields = |item: &T| match serde_json::to_value(item) {
            Ok(serde_json::Value::Object(map)) => Some(map),
            _ => None,
        };
        let (Some(b), Some(o), Some(t)) = (fields(base), fields(ours), fields(theirs)) else {
            return self.value(name, base, ours, theirs);
        };
        let mut keys: Vec<&String> = b.keys().chain(o.keys()).chain(t.keys()).collect();
        keys.sort_unstable();
        keys.dedup();
        let (mut theirs_wins, mut mine_wins) = (serde_json::Map::new(), serde_json::Map::new());
        let mut inner = FieldMerger::default();
        for key in keys {
            let (bv, ov, tv) = (
                b.get(key).cloned(),
                o.get(key).cloned(),
                t.get(key).cloned(),
            );
            let (tw, mw) = match (
                list_of(bv.as_ref()),
                list_of(ov.as_ref()),
                list_of(tv.as_ref()),
            ) {
                (Some(bl), Some(ol), Some(tl)) => {
                    let (tw, mw) = inner.list(key, bl, ol, tl);
                    (
                        Some(serde_json::Value::Array(tw)),
                        Some(serde_json::Value::Array(mw)),
                    )
                }
                _ => inner.value(key, &bv, &ov, &tv),
            };
            theirs_wins.extend(tw.map(|v| (key.clone(), v)));
            mine_wins.extend(mw.map(|v| (key.clone(), v)));
        }
        let back = |map| serde_json::from_value::<T>(serde_json::Value::Object(map)).ok();
        match (back(theirs_wins), back(mine_wins)) {
            (Some(t), Some(m)) => {
                self.clashes.extend(
                    inner
                        .clashes
                        .into_iter()
                        .map(|field| format!("{name}: {field}")),
                );
                (t, m)
            }
            _ => self.value(name, base, ours, theirs),
        }
    }
}

/// A list field's items; an absent field is an empty list (empty lists are not written).
fn list_of(value: Option<&serde_json::Value>) -> Option<&[serde_json::Value]> {
    match value {
        Some(serde_json::Value::Array(items)) => Some(items),
        None => Some(&[]),
        Some(_) => None,
    }
}

/// Each id's place in `items`, or `None` when an id is empty or repeated.
fn ids_of<T: Keyed>(items: &[T]) -> Option<HashMap<&str, usize>> {
    let mut ids = HashMap::with_capacity(items.len());
    for (at, item) in items.iter().enumerate() {
        if item.key().is_empty() || ids.insert(item.key(), at).is_some() {
            return None;
        }
    }
    Some(ids)
}

/// Items of `a` not matched one for one by an equal item of `b` (a multiset difference),
/// in `a`'s order.
fn difference<'a, T: PartialEq>(a: &'a [T], b: &[T]) -> Vec<&'a T> {
    let mut used = vec![false; b.len()];
    a.iter()
        .filter(
            |item| match (0..b.len()).find(|&j| !used[j] && b[j] == **item) {
                Some(j) => {
                    used[j] = true;
                    false
                }
                None => true,
            },
        )
        .collect()
}

/// Theirs, with our removals taken out and our additions put in where they stood in our
/// list (after the item that preceded them), so an edited deal keeps its place.
fn merge_list<T: Clone + PartialEq>(base: &[T], ours: &[T], theirs: &[T]) -> Vec<T> {
    let mut result = theirs.to_vec();
    for removed in difference(base, ours) {
        if let Some(at) = result.iter().position(|item| item == removed) {
            result.remove(at);
        }
    }
    let already_added_by_them = difference(theirs, base);
    let mut added_by_us = difference(ours, base);
    // What both sides added alike is there once.
    for item in &already_added_by_them {
        if let Some(at) = added_by_us.iter().position(|ours| ours == item) {
            added_by_us.remove(at);
        }
    }
    let mut remaining = added_by_us;
    for (index, item) in ours.iter().enumerate() {
        let Some(at) = remaining.iter().position(|added| *added == item) else {
            continue;
        };
        remaining.remove(at);
        let after = ours[..index]
            .iter()
            .rev()
            .find_map(|before| result.iter().rposition(|r| r == before));
        let position = after.map_or(0, |p| p + 1);
        result.insert(position, item.clone());
    }
    result
}

/// Merges one client field by field. `base` is the client as it was when our edit began.
pub fn merge_client(base: &Client, ours: &Client, theirs: &Client) -> ClientMerge {
    // Destructured so that a new field cannot be forgotten here: its binding would go
    // unused, which the lints refuse.
    let Client {
        id,
        name,
        industry,
        tier,
        annual_value,
        cadence_days,
        last_contact,
        next_checkin,
        next_checkin_set,
        contacts,
        notes,
        interactions,
        deals,
        projects,
        gifts,
        tasks,
        gift_policy,
        domains,
        crm_id,
    } = base;
    let mut m = FieldMerger::default();
    let (mut t, mut mine) = (base.clone(), base.clone());
    (t.id, mine.id) = m.value("id", id, &ours.id, &theirs.id);
    (t.name, mine.name) = m.value("name", name, &ours.name, &theirs.name);
    (t.industry, mine.industry) = m.value("industry", industry, &ours.industry, &theirs.industry);
    (t.tier, mine.tier) = m.value("tier", tier, &ours.tier, &theirs.tier);
    (t.annual_value, mine.annual_value) = m.value(
        "annual_value",
        annual_value,
        &ours.annual_value,
        &theirs.annual_value,
    );
    (t.cadence_days, mine.cadence_days) = m.value(
        "cadence_days",
        cadence_days,
        &ours.cadence_days,
        &theirs.cadence_days,
    );
    (t.last_contact, mine.last_contact) = m.last_contact(*last_contact, ours, theirs);
    (t.next_checkin, mine.next_checkin) = m.value(
        "next_checkin",
        next_checkin,
        &ours.next_checkin,
        &theirs.next_checkin,
    );
    (t.next_checkin_set, mine.next_checkin_set) = m.value(
        "next_checkin_set",
        next_checkin_set,
        &ours.next_checkin_set,
        &theirs.next_checkin_set,
    );
    (t.contacts, mine.contacts) = m.keyed("contact", contacts, &ours.contacts, &theirs.contacts);
    (t.notes, mine.notes) = m.value("notes", notes, &ours.notes, &theirs.notes);
    (t.interactions, mine.interactions) = m.keyed(
        "interaction",
        interactions,
        &ours.interactions,
        &theirs.interactions,
    );
    (t.deals, mine.deals) = m.keyed("deal", deals, &ours.deals, &theirs.deals);
    (t.projects, mine.projects) = m.keyed("project", projects, &ours.projects, &theirs.projects);
    (t.gifts, mine.gifts) = m.keyed("gift", gifts, &ours.gifts, &theirs.gifts);
    (t.tasks, mine.tasks) = m.keyed("task", tasks, &ours.tasks, &theirs.tasks);
    (t.gift_policy, mine.gift_policy) = m.value(
        "gift_policy",
        gift_policy,
        &ours.gift_policy,
        &theirs.gift_policy,
    );
    (t.domains, mine.domains) = m.value("domains", domains, &ours.domains, &theirs.domains);
    (t.crm_id, mine.crm_id) = m.value("crm_id", crm_id, &ours.crm_id, &theirs.crm_id);
    ClientMerge {
        theirs_wins: t,
        mine_wins: mine,
        clashes: m.clashes,
    }
}

/// The book's own settings (everything but the clients), field by field.
fn merge_settings(base: &Book, ours: &Book, theirs: &Book) -> (Book, Book, Vec<String>) {
    // Destructured so that a new field cannot be forgotten here (as in `merge_client`).
    let Book {
        version,
        owner,
        owner_email,
        currency,
        gift_limit,
        gift_year,
        remind_on_launch,
        quota,
        priority,
        stage_probability,
        default_cadence,
        rotting_days,
        usd_rate,
        compliance,
        team,
        forecasts,
        clients: _,
    } = base;
    let mut m = FieldMerger::default();
    let (mut t, mut mine) = (Book::default(), Book::default());
    (t.version, mine.version) = m.value("version", version, &ours.version, &theirs.version);
    (t.owner, mine.owner) = m.value("owner", owner, &ours.owner, &theirs.owner);
    (t.owner_email, mine.owner_email) = m.value(
        "owner_email",
        owner_email,
        &ours.owner_email,
        &theirs.owner_email,
    );
    (t.currency, mine.currency) = m.value("currency", currency, &ours.currency, &theirs.currency);
    (t.gift_limit, mine.gift_limit) = m.value(
        "gift_limit",
        gift_limit,
        &ours.gift_limit,
        &theirs.gift_limit,
    );
    (t.gift_year, mine.gift_year) =
        m.value("gift_year", gift_year, &ours.gift_year, &theirs.gift_year);
    (t.remind_on_launch, mine.remind_on_launch) = m.value(
        "remind_on_launch",
        remind_on_launch,
        &ours.remind_on_launch,
        &theirs.remind_on_launch,
    );
    (t.quota, mine.quota) = m.value("quota", quota, &ours.quota, &theirs.quota);
    (t.priority, mine.priority) = m.value("priority", priority, &ours.priority, &theirs.priority);
    (t.stage_probability, mine.stage_probability) = m.value(
        "stage_probability",
        stage_probability,
        &ours.stage_probability,
        &theirs.stage_probability,
    );
    (t.default_cadence, mine.default_cadence) = m.value(
        "default_cadence",
        default_cadence,
        &ours.default_cadence,
        &theirs.default_cadence,
    );
    (t.team, mine.team) = m.keyed("colleague", team, &ours.team, &theirs.team);
    (t.rotting_days, mine.rotting_days) = m.value(
        "rotting_days",
        rotting_days,
        &ours.rotting_days,
        &theirs.rotting_days,
    );
    (t.usd_rate, mine.usd_rate) = m.value("usd_rate", usd_rate, &ours.usd_rate, &theirs.usd_rate);
    (t.compliance, mine.compliance) = m.value(
        "compliance",
        compliance,
        &ours.compliance,
        &theirs.compliance,
    );
    // Submissions are only ever added: both machines' are kept.
    (t.forecasts, mine.forecasts) =
        m.list("forecasts", forecasts, &ours.forecasts, &theirs.forecasts);
    (t, mine, m.clashes)
}

fn note_clash(clashes: &mut Vec<Clash>, client: &Client, fields: Vec<String>) {
    if !fields.is_empty() {
        clashes.push(Clash {
            client_id: Some(client.id.clone()),
            name: client.name.clone(),
            fields,
        });
    }
}

fn by_id(book: &Book) -> HashMap<&str, &Arc<Client>> {
    book.clients
        .shared()
        .iter()
        .map(|c| (c.id.as_str(), c))
        .collect()
}

/// Clients with theirs winning a clash, with mine winning, and the clashes.
type MergedClients = (Vec<Arc<Client>>, Vec<Arc<Client>>, Vec<Clash>);

/// The common case without a lookup: no client added, deleted or moved on either side, so
/// the three books line up place by place, and most clients are one `Arc` in all three
/// (compared by pointer, never read). `None` when they do not line up.
fn merge_lined_up(base: &Book, ours: &Book, theirs: &Book) -> Option<MergedClients> {
    let (b, o, t) = (
        base.clients.shared(),
        ours.clients.shared(),
        theirs.clients.shared(),
    );
    let lined_up = |x: &Arc<Client>, y: &Arc<Client>| Arc::ptr_eq(x, y) || x.id == y.id;
    if b.len() != o.len()
        || b.len() != t.len()
        || !b
            .iter()
            .zip(o)
            .zip(t)
            .all(|((b, o), t)| lined_up(b, o) && lined_up(b, t))
    {
        return None;
    }
    let mut clashes = Vec::new();
    let mut theirs_wins = Vec::with_capacity(t.len());
    let mut mine_wins = Vec::with_capacity(t.len());
    for ((base_client, our_client), their) in b.iter().zip(o).zip(t) {
        if same(base_client, our_client) {
            theirs_wins.push(Arc::clone(their));
            mine_wins.push(Arc::clone(their));
        } else {
            let merged = merge_client(base_client, our_client, their);
            note_clash(&mut clashes, our_client, merged.clashes.clone());
            theirs_wins.push(Arc::new(merged.theirs_wins));
            mine_wins.push(Arc::new(merged.mine_wins));
        }
    }
    Some((theirs_wins, mine_wins, clashes))
}

/// The clients of the three books merged (theirs winning a clash, and mine winning), and
/// the clashes: each client found by its id.
fn merge_by_id(base: &Book, ours: &Book, theirs: &Book) -> MergedClients {
    let base_ids = by_id(base);
    let our_ids = by_id(ours);
    let mut clashes = Vec::new();
    let mut theirs_wins: Vec<Arc<Client>> = Vec::with_capacity(theirs.clients.len());
    let mut mine_wins: Vec<Arc<Client>> = Vec::with_capacity(theirs.clients.len());

    for their in theirs.clients.shared() {
        let id = their.id.as_str();
        let base_client = base_ids.get(id).copied();
        let our_client = our_ids.get(id).copied();
        match (base_client, our_client) {
            (Some(base_client), Some(our_client)) if !same(base_client, our_client) => {
                let merged = merge_client(base_client, our_client, their);
                note_clash(&mut clashes, our_client, merged.clashes.clone());
                theirs_wins.push(Arc::new(merged.theirs_wins));
                mine_wins.push(Arc::new(merged.mine_wins));
            }
            // We deleted it; they did not change it: deleted. They did: a clash.
            (Some(base_client), None) => {
                if !same(base_client, their) {
                    note_clash(
                        &mut clashes,
                        their,
                        vec!["deleted here, changed there".into()],
                    );
                    theirs_wins.push(Arc::clone(their));
                }
            }
            // Added on both sides under one id.
            (None, Some(our_client)) => {
                let merged = merge_client(&Client::new(id, ""), our_client, their);
                note_clash(&mut clashes, our_client, merged.clashes.clone());
                theirs_wins.push(Arc::new(merged.theirs_wins));
                mine_wins.push(Arc::new(merged.mine_wins));
            }
            // Untouched by us, or added by them: theirs.
            _ => {
                theirs_wins.push(Arc::clone(their));
                mine_wins.push(Arc::clone(their));
            }
        }
    }
    // Clients not in theirs: ones we added (kept, in our order), or ones they deleted.
    let their_set: HashSet<&str> = theirs.clients.iter().map(|c| c.id.as_str()).collect();
    for (position, our_client) in ours.clients.shared().iter().enumerate() {
        let id = our_client.id.as_str();
        if their_set.contains(id) {
            continue;
        }
        match base_ids.get(id).copied() {
            None => {
                theirs_wins.insert(position.min(theirs_wins.len()), Arc::clone(our_client));
                mine_wins.insert(position.min(mine_wins.len()), Arc::clone(our_client));
            }
            // They deleted it and we changed it: a clash; keep ours to lose nothing.
            Some(base_client) if !same(base_client, our_client) => {
                note_clash(
                    &mut clashes,
                    our_client,
                    vec!["changed here, deleted there".into()],
                );
                mine_wins.push(Arc::clone(our_client));
            }
            Some(_) => {}
        }
    }
    (theirs_wins, mine_wins, clashes)
}

/// `base` is the book as konto last read or wrote it, `ours` konto's current book,
/// `theirs` the file as it is now. A client that is one shared `Arc` on two sides is the
/// same without a look inside it.
pub fn merge(base: &Book, ours: &Book, theirs: &Book) -> Merged {
    let (theirs_wins, mine_wins, mut clashes) =
        merge_lined_up(base, ours, theirs).unwrap_or_else(|| merge_by_id(base, ours, theirs));
    let (mut settings_t, mut settings_m, settings_clashes) = merge_settings(base, ours, theirs);
    if !settings_clashes.is_empty() {
        clashes.push(Clash {
            client_id: None,
            name: "the book's settings".to_string(),
            fields: settings_clashes,
        });
    }
    settings_t.clients = theirs_wins.into_iter().collect();
    settings_m.clients = mine_wins.into_iter().collect();
    Merged {
        theirs_wins: settings_t,
        mine_wins: settings_m,
        clashes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Deal, Interaction, InteractionKind, Stage, Tier};
    use chrono::NaiveDate;

    fn client(id: &str, notes: &str) -> Client {
        let mut c = Client::new(id, id.to_uppercase());
        c.notes = Some(notes.to_string());
        c
    }

    fn book(clients: Vec<Client>) -> Book {
        Book {
            clients: clients.into(),
            ..Book::default()
        }
    }

    fn call(day: u32, summary: &str) -> Interaction {
        Interaction {
            id: summary.into(),
            date: NaiveDate::from_ymd_opt(2026, 11, day),
            kind: Some(InteractionKind::Call),
            with: Vec::new(),
            summary: summary.into(),
            ..Interaction::default()
        }
    }

    fn deal(title: &str, stage: Stage) -> Deal {
        Deal {
            id: crate::edit::slug(title),
            title: title.into(),
            crm_id: None,
            share: None,
            credit: None,
            term_months: None,
            qualification: None,
            kind: None,
            stage: Some(stage),
            amount: None,
            close_date: None,
            stage_changed: None,
            forecast: None,
            history: Vec::new(),
        }
    }

    #[test]
    fn edits_to_different_clients_are_both_kept() {
        let base = book(vec![client("a", "0"), client("b", "0")]);
        let ours = book(vec![client("a", "ours"), client("b", "0")]);
        let theirs = book(vec![client("a", "0"), client("b", "theirs")]);
        let merged = merge(&base, &ours, &theirs);
        assert!(merged.clashes.is_empty());
        assert_eq!(
            merged.theirs_wins,
            book(vec![client("a", "ours"), client("b", "theirs")])
        );
        assert_eq!(merged.theirs_wins, merged.mine_wins);
    }

    #[test]
    fn different_fields_of_one_client_are_both_kept() {
        let base = client("a", "0");
        let mut ours = base.clone();
        ours.tier = Some(Tier::Key);
        let mut theirs = base.clone();
        theirs.notes = Some("theirs".into());
        let merged = merge_client(&base, &ours, &theirs);
        assert!(merged.clashes.is_empty());
        assert_eq!(merged.theirs_wins.tier, Some(Tier::Key));
        assert_eq!(merged.theirs_wins.notes.as_deref(), Some("theirs"));
    }

    #[test]
    fn new_items_on_both_sides_are_all_kept() {
        let mut base = client("a", "0");
        base.interactions = vec![call(1, "first")];
        let mut ours = base.clone();
        ours.interactions.push(call(20, "ours"));
        let mut theirs = base.clone();
        theirs.interactions.push(call(21, "theirs"));
        theirs.deals.push(deal("Their deal", Stage::Lead));
        let merged = merge_client(&base, &ours, &theirs);
        assert!(merged.clashes.is_empty());
        let summaries: Vec<&str> = merged
            .theirs_wins
            .interactions
            .iter()
            .map(|i| i.summary.as_str())
            .collect();
        assert_eq!(summaries, ["first", "ours", "theirs"]);
        assert_eq!(merged.theirs_wins.deals.len(), 1);
    }

    #[test]
    fn an_edited_item_keeps_its_place_beside_their_edit_of_another() {
        let mut base = client("a", "0");
        base.deals = vec![
            deal("one", Stage::Lead),
            deal("two", Stage::Lead),
            deal("three", Stage::Lead),
        ];
        let mut ours = base.clone();
        ours.deals[1].stage = Some(Stage::Proposal);
        let mut theirs = base.clone();
        theirs.deals[2].stage = Some(Stage::Won);
        let merged = merge_client(&base, &ours, &theirs);
        assert!(merged.clashes.is_empty());
        let stages: Vec<(&str, Stage)> = merged
            .theirs_wins
            .deals
            .iter()
            .map(|d| (d.title.as_str(), d.stage()))
            .collect();
        assert_eq!(
            stages,
            [
                ("one", Stage::Lead),
                ("two", Stage::Proposal),
                ("three", Stage::Won)
            ]
        );
    }

    #[test]
    fn the_same_item_edited_differently_is_a_clash() {
        let mut base = client("a", "0");
        base.deals = vec![deal("one", Stage::Lead)];
        let mut ours = base.clone();
        ours.deals[0].stage = Some(Stage::Proposal);
        let mut theirs = base.clone();
        theirs.deals[0].stage = Some(Stage::Lost);
        let merged = merge_client(&base, &ours, &theirs);
        assert_eq!(merged.clashes, ["deal `one`: stage"]);
        assert_eq!(merged.theirs_wins.deals[0].stage(), Stage::Lost);
        assert_eq!(merged.mine_wins.deals[0].stage(), Stage::Proposal);
        // Deleted here, edited there: a clash too.
        let merged = merge_client(&base, &client("a", "0"), &theirs);
        assert_eq!(merged.clashes, ["deal `one`: deleted here, changed there"]);
        // Deleted on both sides: no clash.
        let merged = merge_client(&base, &client("a", "0"), &client("a", "0"));
        assert!(merged.clashes.is_empty());
    }

    #[test]
    fn different_fields_of_one_deal_are_both_kept_and_both_histories_too() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let mut base = client("a", "0");
        base.deals = vec![deal("Managed detection", Stage::Proposal)];
        let mut ours = base.clone();
        let was = ours.deals[0].clone();
        ours.deals[0].amount = Some(crate::model::Money::from_units(150_000));
        crate::edit::record_deal_change(Some(&was), &mut ours.deals[0], today);
        let mut theirs = base.clone();
        theirs.deals[0].close_date = NaiveDate::from_ymd_opt(2027, 1, 15);
        crate::edit::record_deal_change(Some(&was), &mut theirs.deals[0], today);
        let merged = merge_client(&base, &ours, &theirs);
        assert!(merged.clashes.is_empty(), "{:?}", merged.clashes);
        let deal = &merged.theirs_wins.deals[0];
        assert_eq!(deal.amount, Some(crate::model::Money::from_units(150_000)));
        assert_eq!(deal.close_date, NaiveDate::from_ymd_opt(2027, 1, 15));
        assert_eq!(deal.history.len(), 2, "both recorded changes are kept");
        assert_eq!(merged.theirs_wins, merged.mine_wins);

        // The same field two ways: the clash names the deal and the field.
        let mut other = base.clone();
        other.deals[0].amount = Some(crate::model::Money::from_units(140_000));
        let merged = merge_client(&base, &ours, &other);
        assert_eq!(merged.clashes, ["deal `managed-detection`: amount"]);
    }

    #[test]
    fn lists_without_ids_are_merged_item_by_item_as_before() {
        let mut base = client("a", "0");
        base.deals = vec![Deal {
            id: String::new(),
            ..deal("one", Stage::Lead)
        }];
        let mut ours = base.clone();
        ours.deals[0].stage = Some(Stage::Proposal);
        let mut theirs = base.clone();
        theirs.deals[0].stage = Some(Stage::Lost);
        let merged = merge_client(&base, &ours, &theirs);
        assert_eq!(merged.clashes, ["deals"]);
    }

    #[test]
    fn the_same_field_changed_differently_is_a_clash_not_a_choice() {
        let base = book(vec![client("a", "0")]);
        let ours = book(vec![client("a", "ours")]);
        let theirs = book(vec![client("a", "theirs")]);
        let merged = merge(&base, &ours, &theirs);
        assert_eq!(merged.clashes.len(), 1);
        assert_eq!(merged.clashes[0].fields, ["notes"]);
        assert_eq!(merged.clashes[0].describe(), "A (notes)");
        assert_eq!(
            merged.theirs_wins.clients[0].notes.as_deref(),
            Some("theirs")
        );
        assert_eq!(merged.mine_wins.clients[0].notes.as_deref(), Some("ours"));
        // The same change on both sides is no clash.
        let merged = merge(&base, &ours, &ours.clone());
        assert!(merged.clashes.is_empty());
    }

    #[test]
    fn contact_on_both_sides_keeps_the_later_date() {
        let base = client("a", "0");
        let mut ours = base.clone();
        ours.last_contact = NaiveDate::from_ymd_opt(2026, 11, 27);
        let mut theirs = base.clone();
        theirs.last_contact = NaiveDate::from_ymd_opt(2026, 11, 26);
        let merged = merge_client(&base, &ours, &theirs);
        assert!(merged.clashes.is_empty());
        assert_eq!(merged.theirs_wins.last_contact, ours.last_contact);
    }

    #[test]
    fn additions_and_deletions_on_both_sides_are_kept() {
        let base = book(vec![client("a", "0"), client("b", "0")]);
        let ours = book(vec![
            client("a", "0"),
            client("b", "0"),
            client("new-ours", "x"),
        ]);
        let theirs = book(vec![client("b", "0"), client("new-theirs", "y")]);
        let merged = merge(&base, &ours, &theirs);
        assert!(merged.clashes.is_empty());
        let ids: Vec<&str> = merged
            .theirs_wins
            .clients
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(ids, ["b", "new-theirs", "new-ours"]);
    }

    #[test]
    fn deleting_what_the_other_side_changed_keeps_it_as_a_clash() {
        let base = book(vec![client("a", "0")]);
        let ours = book(vec![]);
        let theirs = book(vec![client("a", "theirs")]);
        let merged = merge(&base, &ours, &theirs);
        assert_eq!(merged.clashes.len(), 1);
        assert_eq!(merged.theirs_wins.clients.len(), 1);
        assert!(merged.mine_wins.clients.is_empty());
        let merged = merge(&base, &book(vec![client("a", "ours")]), &book(vec![]));
        assert_eq!(merged.clashes.len(), 1);
        assert_eq!(merged.mine_wins.clients[0].notes.as_deref(), Some("ours"));
        assert!(merged.theirs_wins.clients.is_empty());
    }

    #[test]
    fn settings_merge_field_by_field() {
        let base = book(vec![]);
        let mut theirs = base.clone();
        theirs.owner = Some("Theirs".into());
        let mut ours = base.clone();
        ours.currency = Some("DKK".into());
        let merged = merge(&base, &ours, &theirs);
        assert!(merged.clashes.is_empty());
        assert_eq!(merged.theirs_wins.owner(), "Theirs");
        assert_eq!(merged.theirs_wins.currency(), "DKK");
        ours.owner = Some("Ours".into());
        let merged = merge(&base, &ours, &theirs);
        assert_eq!(merged.clashes[0].client_id, None);
        assert_eq!(merged.clashes[0].fields, ["owner"]);
    }

    #[test]
    fn list_merge_counts_equal_items_one_for_one() {
        let base = vec![1, 1, 2];
        let ours = vec![1, 2];
        let theirs = vec![1, 1, 2, 3];
        assert_eq!(merge_list(&base, &ours, &theirs), [1, 2, 3]);
        assert_eq!(merge_list(&[], &[5], &[5]), [5]);
    }
}
