//! The book being edited: every change is an undo step of whole clients, shared with the
//! book by pointer, and the store knows whether it has reached the disk yet.

use std::sync::Arc;

use crate::model::{Book, Client};
use crate::storage::Fingerprint;

/// How many changes `u` can take back.
pub const UNDO_DEPTH: usize = 100;

/// A client as it was or is, with where it stood in the list; shared with the book (an
/// undo step holds pointers, not copies).
pub type Placed = (usize, Arc<Client>);

/// One client before and after a change (`None`: absent).
#[derive(Debug, Clone, PartialEq)]
pub struct Swap {
    pub before: Option<Placed>,
    pub after: Option<Placed>,
}

impl Swap {
    /// Puts `book` in the state `to`, replacing the client in the state `from`.
    fn apply(book: &mut Book, from: Option<&Placed>, to: Option<&Placed>) {
        let current = from.and_then(|(_, c)| book.clients.iter().position(|x| x.id == c.id));
        match (current, to) {
            (Some(index), Some((_, client))) => book.clients.put_shared(index, Arc::clone(client)),
            (Some(index), None) => {
                book.clients.remove(index);
            }
            (None, Some((position, client))) => {
                let at = (*position).min(book.clients.len());
                book.clients.insert_shared(at, Arc::clone(client));
            }
            (None, None) => {}
        }
    }
}

/// One undo step: the clients it changed (one for a keyed change; every client a capture
/// touched for a capture), before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientChange {
    /// What the change was, for the status line: `logged a call with Nordlys Bank`.
    pub label: String,
    pub swaps: Vec<Swap>,
}

impl ClientChange {
    /// A change to one client.
    pub fn one(label: String, before: Option<Placed>, after: Option<Placed>) -> ClientChange {
        ClientChange {
            label,
            swaps: vec![Swap { before, after }],
        }
    }

    pub fn redo_on(&self, book: &mut Book) {
        for swap in &self.swaps {
            Swap::apply(book, swap.before.as_ref(), swap.after.as_ref());
        }
    }

    pub fn undo_on(&self, book: &mut Book) {
        for swap in self.swaps.iter().rev() {
            Swap::apply(book, swap.after.as_ref(), swap.before.as_ref());
        }
    }

    /// The step from `old` to `new`: each client changed, added or removed (shared ones
    /// compared by pointer). `None` when the books differ in their own settings too.
    pub fn between(label: String, old: &Book, new: &Book) -> Option<ClientChange> {
        if old.without_clients() != new.without_clients() {
            return None;
        }
        let old_at: std::collections::HashMap<&str, (usize, &Arc<Client>)> = old
            .clients
            .shared()
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), (i, c)))
            .collect();
        let mut swaps: Vec<Swap> = Vec::new();
        for (at, client) in new.clients.shared().iter().enumerate() {
            match old_at.get(client.id.as_str()) {
                Some((_, before)) if crate::model::same(before, client) => {}
                Some((was, before)) => swaps.push(Swap {
                    before: Some((*was, Arc::clone(before))),
                    after: Some((at, Arc::clone(client))),
                }),
                None => swaps.push(Swap {
                    before: None,
                    after: Some((at, Arc::clone(client))),
                }),
            }
        }
        let kept: std::collections::HashSet<&str> =
            new.clients.iter().map(|c| c.id.as_str()).collect();
        for (was, client) in old.clients.shared().iter().enumerate() {
            if !kept.contains(client.id.as_str()) {
                swaps.push(Swap {
                    before: Some((was, Arc::clone(client))),
                    after: None,
                });
            }
        }
        Some(ClientChange { label, swaps })
    }

    /// Where the clients this change edits stand, when it only edits clients where they
    /// are (`None` when it adds, removes or moves one: every client's place may change).
    pub fn edited_in_place(&self) -> Option<Vec<usize>> {
        self.swaps
            .iter()
            .map(|swap| match (&swap.before, &swap.after) {
                (Some((was, _)), Some((at, _))) if was == at => Some(*at),
                _ => None,
            })
            .collect()
    }

    /// Which client to select after the change (or its undo): the first one it touched.
    pub fn id_after(&self, undone: bool) -> Option<&str> {
        let swap = self.swaps.first()?;
        let side = if undone { &swap.before } else { &swap.after };
        side.as_ref().map(|(_, c)| c.id.as_str())
    }
}

/// Whether the book on screen is the book on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveStatus {
    /// Nothing written yet (first run, before a choice).
    NotCreated,
    Saved,
    Saving,
    Failed(String),
}

pub struct Store {
    book: Arc<Book>,
    /// The book as konto last read it from or wrote it to disk: the merge base.
    base: Arc<Book>,
    pub fingerprint: Option<Fingerprint>,
    undo: Vec<ClientChange>,
    redo: Vec<ClientChange>,
    /// Counts changes; a save covers every change up to its generation.
    generation: u64,
    saved_generation: u64,
    pub status: SaveStatus,
    /// The book is a preview of the text with this fingerprint
    /// ([`crate::storage::Preview`]): shown, never changed or saved, until the whole book
    /// takes its place.
    preview: Option<Fingerprint>,
}

impl Store {
    pub fn new(book: Book, fingerprint: Option<Fingerprint>) -> Store {
        let book = Arc::new(book);
        Store {
            base: Arc::clone(&book),
            book,
            fingerprint,
            undo: Vec::new(),
            redo: Vec::new(),
            generation: 0,
            saved_generation: 0,
            status: if fingerprint.is_some() {
                SaveStatus::Saved
            } else {
                SaveStatus::NotCreated
            },
            preview: None,
        }
    }

    /// A store over a preview of the book on disk: shown as saved (it is what the disk
    /// holds, in part), and it has nothing to save.
    pub fn preview(preview: crate::storage::Preview) -> Store {
        let mut store = Store::new(preview.book, None);
        store.status = SaveStatus::Saved;
        store.preview = Some(preview.fingerprint);
        store
    }

    /// Whether the book is a preview ([`Store::preview`]) still waiting for the whole one.
    pub fn is_preview(&self) -> bool {
        self.preview.is_some()
    }

    /// The fingerprint of the text the book is a preview of, if it is one.
    pub fn preview_of(&self) -> Option<Fingerprint> {
        self.preview
    }

    pub fn book(&self) -> &Book {
        &self.book
    }

    /// A cheap handle on the current book, for the saver thread.
    pub fn snapshot(&self) -> (Arc<Book>, u64) {
        (Arc::clone(&self.book), self.generation)
    }

    pub fn base(&self) -> &Book {
        &self.base
    }

    /// What a save needs: the book, its generation, and the book the file holds now (the
    /// base, at `fingerprint`), so that only what differs is written. Nothing for a
    /// preview: written, it would lose whatever the preview leaves out.
    pub fn save_job(&self) -> Option<(Arc<Book>, u64, Arc<Book>)> {
        self.preview.is_none().then(|| {
            (
                Arc::clone(&self.book),
                self.generation,
                Arc::clone(&self.base),
            )
        })
    }

    pub fn has_unsaved_changes(&self) -> bool {
        self.saved_generation < self.generation
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    fn touched(&mut self) {
        self.generation += 1;
        self.status = SaveStatus::Saving;
    }

    /// Applies a change and remembers it for undo.
    pub fn apply(&mut self, change: ClientChange) {
        // The dashboard holds every change until the whole book is in (`App::holds`).
        debug_assert!(self.preview.is_none(), "a change to a preview");
        change.redo_on(Arc::make_mut(&mut self.book));
        self.undo.push(change);
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.redo.clear();
        self.touched();
    }

    pub fn undo(&mut self) -> Option<ClientChange> {
        let change = self.undo.pop()?;
        change.undo_on(Arc::make_mut(&mut self.book));
        self.redo.push(change.clone());
        self.touched();
        Some(change)
    }

    pub fn redo(&mut self) -> Option<ClientChange> {
        let change = self.redo.pop()?;
        change.redo_on(Arc::make_mut(&mut self.book));
        self.undo.push(change.clone());
        self.touched();
        Some(change)
    }

    /// The saver wrote `book` (of `generation`) and the file now has `fingerprint`.
    pub fn saved(&mut self, book: Arc<Book>, generation: u64, fingerprint: Fingerprint) {
        self.base = book;
        self.fingerprint = Some(fingerprint);
        self.saved_generation = self.saved_generation.max(generation);
        self.status = if self.has_unsaved_changes() {
            SaveStatus::Saving
        } else {
            SaveStatus::Saved
        };
    }

    /// A failed save is to be tried again.
    pub fn retry(&mut self) {
        if self.has_unsaved_changes() {
            self.status = SaveStatus::Saving;
        }
    }

    pub fn save_failed(&mut self, message: String) {
        self.status = SaveStatus::Failed(message);
    }

    /// Replaces the book with one merged with (or reloaded from) the disk, as one undo
    /// step: `u` takes back what came in, and then the earlier steps, in order. When the
    /// book's own settings changed too (no client-level step can hold that), the history
    /// is dropped instead.
    pub fn rebase(&mut self, disk: Book, fingerprint: Fingerprint, merged: Book) {
        let unchanged = merged == disk;
        let step = ClientChange::between(
            "took in changes made elsewhere".to_string(),
            &self.book,
            &merged,
        );
        self.base = Arc::new(disk);
        self.book = Arc::new(merged);
        self.fingerprint = Some(fingerprint);
        self.redo.clear();
        match step {
            Some(step) if !step.swaps.is_empty() => {
                self.undo.push(step);
                if self.undo.len() > UNDO_DEPTH {
                    self.undo.remove(0);
                }
            }
            Some(_) => {}
            None => self.undo.clear(),
        }
        self.generation += 1;
        if unchanged {
            self.saved_generation = self.generation;
            self.status = SaveStatus::Saved;
        } else {
            self.status = SaveStatus::Saving;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(
        label: &str,
        before: Option<Client>,
        after: Option<Client>,
        at: usize,
    ) -> ClientChange {
        ClientChange::one(
            label.into(),
            before.map(|c| (at, Arc::new(c))),
            after.map(|c| (at, Arc::new(c))),
        )
    }

    #[test]
    fn a_preview_has_nothing_to_save() {
        let book = Book {
            clients: vec![Client::new("a", "A")].into(),
            ..Book::default()
        };
        let store = Store::preview(crate::storage::Preview {
            book,
            fingerprint: Fingerprint::of(b"x"),
        });
        assert!(store.is_preview());
        assert!(store.save_job().is_none());
        assert!(!store.has_unsaved_changes());
        assert_eq!(store.status, SaveStatus::Saved);
        assert!(Store::new(Book::default(), None).save_job().is_some());
    }

    #[test]
    fn undo_and_redo_walk_the_history_and_each_counts_as_a_change() {
        let a = Client::new("a", "A");
        let b = Client::new("b", "B");
        let mut store = Store::new(
            Book {
                clients: vec![a.clone(), b.clone()].into(),
                ..Book::default()
            },
            Some(Fingerprint::of(b"x")),
        );
        let mut renamed = a.clone();
        renamed.name = "A2".into();
        store.apply(change("rename", Some(a.clone()), Some(renamed.clone()), 0));
        store.apply(change("delete", Some(b.clone()), None, 1));
        assert_eq!(store.book().clients, [renamed.clone()]);
        assert!(store.has_unsaved_changes());
        store.undo();
        assert_eq!(store.book().clients, [renamed.clone(), b.clone()]);
        store.undo();
        assert_eq!(store.book().clients, [a.clone(), b.clone()]);
        assert!(store.undo().is_none());
        store.redo();
        assert_eq!(store.book().clients[0].name, "A2");
        let (snapshot, generation) = store.snapshot();
        store.saved(snapshot, generation, Fingerprint::of(b"y"));
        assert!(!store.has_unsaved_changes());
        assert_eq!(store.status, SaveStatus::Saved);
    }

    #[test]
    fn keeps_at_least_fifty_steps() {
        let mut store = Store::new(
            Book {
                clients: vec![Client::new("a", "0")].into(),
                ..Book::default()
            },
            None,
        );
        for n in 1..=60 {
            let before = store.book().clients[0].clone();
            let mut after = before.clone();
            after.name = n.to_string();
            store.apply(change("rename", Some(before), Some(after), 0));
        }
        for _ in 0..60 {
            store.undo().unwrap();
        }
        assert_eq!(store.book().clients[0].name, "0");
    }

    #[test]
    fn the_oldest_change_is_forgotten_at_the_cap_and_the_rest_undo() {
        let mut store = Store::new(
            Book {
                clients: vec![Client::new("a", "0")].into(),
                ..Book::default()
            },
            None,
        );
        for n in 1..=UNDO_DEPTH + 1 {
            let before = store.book().clients[0].clone();
            let mut after = before.clone();
            after.name = n.to_string();
            store.apply(change("rename", Some(before), Some(after), 0));
        }
        for _ in 0..UNDO_DEPTH {
            assert!(store.undo().is_some());
        }
        assert!(store.undo().is_none(), "the first change was forgotten");
        assert_eq!(store.book().clients[0].name, "1");
        assert!(!store.can_undo());
    }

    #[test]
    fn a_save_of_an_older_generation_leaves_the_newer_change_pending() {
        let mut store = Store::new(Book::default(), Some(Fingerprint::of(b"x")));
        store.apply(change("add", None, Some(Client::new("a", "A")), 0));
        let (first, generation) = store.snapshot();
        store.apply(change("add", None, Some(Client::new("b", "B")), 1));
        store.saved(first, generation, Fingerprint::of(b"y"));
        assert!(store.has_unsaved_changes());
        assert_eq!(store.status, SaveStatus::Saving);
    }

    #[test]
    fn a_reload_is_one_undo_step_unless_the_books_own_settings_changed() {
        let a = Client::new("a", "A");
        let book = Book {
            clients: vec![a.clone()].into(),
            ..Book::default()
        };
        let mut store = Store::new(book.clone(), Some(Fingerprint::of(b"x")));
        let mut renamed = a.clone();
        renamed.name = "A2".into();
        store.apply(change("rename", Some(a.clone()), Some(renamed), 0));
        let mut disk = store.book().clone();
        disk.clients.push(Client::new("b", "B"));
        store.rebase(disk.clone(), Fingerprint::of(b"y"), disk.clone());
        assert_eq!(
            store.undo().unwrap().label,
            "took in changes made elsewhere"
        );
        assert_eq!(store.book().clients.len(), 1);
        assert_eq!(store.undo().unwrap().label, "rename");

        let mut settings = disk.clone();
        settings.owner = Some("Someone else".into());
        store.rebase(settings.clone(), Fingerprint::of(b"z"), settings);
        assert!(
            !store.can_undo(),
            "a change to the settings drops the history"
        );
    }
}
