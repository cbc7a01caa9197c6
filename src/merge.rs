//! Three-way merge of books at the level of clients: when the file changed on disk while
//! konto had edits of its own, both sides' edits are kept; only the same client changed
//! differently on both sides is a conflict, and nothing is decided for the user then.

use std::collections::{HashMap, HashSet};

use crate::model::{Book, Client};

#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub book: Book,
    /// Ids of clients changed differently on both sides; `book` holds their version
    /// from disk ("theirs") until the user decides.
    pub conflicts: Vec<String>,
}

fn by_id(book: &Book) -> HashMap<&str, &Client> {
    book.clients.iter().map(|c| (c.id.as_str(), c)).collect()
}

/// `base` is the book as konto last read or wrote it, `ours` konto's current book,
/// `theirs` the file as it is now. Book-wide settings follow theirs unless only ours
/// changed them.
pub fn merge(base: &Book, ours: &Book, theirs: &Book) -> Merged {
    let base_ids = by_id(base);
    let our_ids = by_id(ours);
    let their_ids = by_id(theirs);
    let mut conflicts = Vec::new();

    let mut clients: Vec<Client> = Vec::with_capacity(theirs.clients.len());
    for their in &theirs.clients {
        let id = their.id.as_str();
        let base_client = base_ids.get(id).copied();
        let our_client = our_ids.get(id).copied();
        let we_changed = our_client != base_client;
        let they_changed = Some(their) != base_client;
        match (we_changed, our_client) {
            // We deleted it; keep it deleted unless they changed it meanwhile.
            (true, None) if !they_changed => {}
            (true, None) => {
                conflicts.push(their.id.clone());
                clients.push(their.clone());
            }
            (true, Some(ours)) if they_changed && ours != their => {
                conflicts.push(their.id.clone());
                clients.push(their.clone());
            }
            (true, Some(ours)) => clients.push(ours.clone()),
            (false, _) => clients.push(their.clone()),
        }
    }
    // Clients we added (not in base) that they do not have: keep ours, in our order.
    let their_set: HashSet<&str> = their_ids.keys().copied().collect();
    for (position, ours_client) in ours.clients.iter().enumerate() {
        let id = ours_client.id.as_str();
        if their_set.contains(id) {
            continue;
        }
        if base_ids.contains_key(id) {
            // They deleted it. If we changed it, that is a conflict: keep ours to lose nothing.
            if base_ids.get(id).copied() != Some(ours_client) {
                conflicts.push(ours_client.id.clone());
                clients.push(ours_client.clone());
            }
            continue;
        }
        clients.insert(position.min(clients.len()), ours_client.clone());
    }

    let settings_changed_by_us = {
        let mut ours_settings = ours.clone();
        ours_settings.clients.clear();
        let mut base_settings = base.clone();
        base_settings.clients.clear();
        ours_settings != base_settings
    };
    let mut book = if settings_changed_by_us {
        Book {
            clients: Vec::new(),
            ..ours.clone()
        }
    } else {
        Book {
            clients: Vec::new(),
            ..theirs.clone()
        }
    };
    book.clients = clients;
    Merged { book, conflicts }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(id: &str, notes: &str) -> Client {
        let mut c = Client::new(id, id.to_uppercase());
        c.notes = Some(notes.to_string());
        c
    }

    fn book(clients: Vec<Client>) -> Book {
        Book {
            clients,
            ..Book::default()
        }
    }

    #[test]
    fn edits_to_different_clients_are_both_kept() {
        let base = book(vec![client("a", "0"), client("b", "0")]);
        let ours = book(vec![client("a", "ours"), client("b", "0")]);
        let theirs = book(vec![client("a", "0"), client("b", "theirs")]);
        let merged = merge(&base, &ours, &theirs);
        assert!(merged.conflicts.is_empty());
        assert_eq!(
            merged.book,
            book(vec![client("a", "ours"), client("b", "theirs")])
        );
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
        assert!(merged.conflicts.is_empty());
        let ids: Vec<&str> = merged.book.clients.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["b", "new-theirs", "new-ours"]);
    }

    #[test]
    fn the_same_client_changed_twice_is_a_conflict_not_a_choice() {
        let base = book(vec![client("a", "0")]);
        let ours = book(vec![client("a", "ours")]);
        let theirs = book(vec![client("a", "theirs")]);
        let merged = merge(&base, &ours, &theirs);
        assert_eq!(merged.conflicts, ["a"]);
        assert_eq!(merged.book.clients[0].notes.as_deref(), Some("theirs"));
        // The same change on both sides is no conflict.
        let merged = merge(&base, &ours, &ours.clone());
        assert!(merged.conflicts.is_empty());
    }

    #[test]
    fn deleting_what_the_other_side_changed_keeps_it_as_a_conflict() {
        let base = book(vec![client("a", "0")]);
        let ours = book(vec![]);
        let theirs = book(vec![client("a", "theirs")]);
        let merged = merge(&base, &ours, &theirs);
        assert_eq!(merged.conflicts, ["a"]);
        assert_eq!(merged.book.clients.len(), 1);
        let merged = merge(&base, &book(vec![client("a", "ours")]), &book(vec![]));
        assert_eq!(merged.conflicts, ["a"]);
        assert_eq!(merged.book.clients[0].notes.as_deref(), Some("ours"));
    }

    #[test]
    fn settings_follow_theirs_unless_we_changed_them() {
        let base = book(vec![]);
        let mut theirs = base.clone();
        theirs.owner = Some("Theirs".into());
        let merged = merge(&base, &base, &theirs);
        assert_eq!(merged.book.owner(), "Theirs");
        let mut ours = base.clone();
        ours.currency = Some("DKK".into());
        let merged = merge(&base, &ours, &theirs);
        assert_eq!(merged.book.currency(), "DKK");
    }
}
