//! What the disk tells the dashboard: a book created, a save done or failed, the file
//! changed by someone else.

use super::*;

impl App {
    /// The runtime wrote the book the welcome screen asked for.
    pub fn book_created(&mut self, book: Book, fingerprint: Fingerprint) {
        let mut created = App::new(
            book,
            Some(fingerprint),
            self.location.clone(),
            self.today,
            self.theme,
            self.size,
        );
        created.message = Some(format!("Created {}", self.location.path.display()));
        *self = created;
    }

    /// A save finished. `Ok` carries what was written and the file's new fingerprint.
    pub fn save_finished(
        &mut self,
        book: Arc<Book>,
        generation: u64,
        result: Result<Fingerprint, String>,
    ) {
        match result {
            Ok(fingerprint) => self.store.saved(book, generation, fingerprint),
            Err(message) => {
                self.message = Some(format!("Not saved: {message}. Your change is kept here."));
                self.store.save_failed(message);
            }
        }
    }

    /// The file on disk is not what konto last wrote: fold its changes in with ours.
    pub fn disk_changed(&mut self, loaded: Loaded) -> Vec<Effect> {
        if Some(loaded.fingerprint) == self.store.fingerprint {
            return Vec::new();
        }
        let ours = self.store.book().clone();
        let merged = merge::merge(self.store.base(), &ours, &loaded.book);
        if merged.conflicts.is_empty() {
            let had_changes = self.store.has_unsaved_changes();
            let rewrite = merged.book != loaded.book;
            self.store
                .rebase(loaded.book, loaded.fingerprint, merged.book);
            self.recompute(None);
            self.message = Some(if had_changes {
                "The file was changed elsewhere: merged those changes with yours".to_string()
            } else {
                "The file was changed elsewhere: reloaded".to_string()
            });
            return if rewrite {
                vec![Effect::Save]
            } else {
                Vec::new()
            };
        }
        let mut with_mine = merged.book.clone();
        for id in &merged.conflicts {
            let mine = ours.client(id).cloned();
            let at = with_mine.clients.iter().position(|c| &c.id == id);
            match (at, mine) {
                (Some(i), Some(client)) => with_mine.clients[i] = client,
                (Some(i), None) => {
                    with_mine.clients.remove(i);
                }
                (None, Some(client)) => with_mine.clients.push(client),
                (None, None) => {}
            }
        }
        let names = merged
            .conflicts
            .iter()
            .map(|id| {
                ours.client(id)
                    .or_else(|| loaded.book.client(id))
                    .map_or(id.clone(), |c| c.name.clone())
            })
            .collect();
        self.modals.push(Modal::Conflict(Box::new(Conflict {
            names,
            disk: loaded.book,
            fingerprint: loaded.fingerprint,
            with_theirs: merged.book,
            with_mine,
            mine: Arc::new(ours),
        })));
        Vec::new()
    }

    /// The file could not be read back after a change on disk.
    pub fn disk_unreadable(&mut self, message: String) {
        self.store.save_failed(message.clone());
        self.message = Some(format!(
            "The file on disk no longer loads ({message}); konto will not overwrite it. Fix it and konto picks it up."
        ));
    }
}
