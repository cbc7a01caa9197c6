//! What the disk tells the dashboard: a book created, a save done or failed, the file
//! changed by someone else.

use super::{
    App, Arc, Book, Conflict, ConflictOrigin, Effect, Fingerprint, Loaded, Modal, RemindersThisRun,
    merge,
};
use crate::model::RemindOnLaunch;

impl App {
    /// The runtime wrote the book the welcome screen asked for; the morning reminders open
    /// on it at once, as on any launch.
    pub(super) fn book_created(&mut self, book: Book, fingerprint: Fingerprint) -> Vec<Effect> {
        let mut created = App::new(
            book,
            Some(fingerprint),
            self.location.clone(),
            self.today,
            self.theme,
            self.size,
        );
        created.message = Some(format!("Created {}", self.location.path.display()));
        created.keymap = std::mem::take(&mut self.keymap);
        created.remind_setting = self.remind_setting;
        created.reminders_this_run = self.reminders_this_run;
        // Where the state is kept, and the inbox read from it, belong to this run, not
        // to the book.
        created.state_file = self.state_file.take();
        created.inbox = std::mem::take(&mut self.inbox);
        created.portfolio.sort = self.portfolio.sort;
        created.portfolio.descending = self.portfolio.descending;
        created
            .portfolio
            .refresh(created.store.book(), &created.derived);
        *self = created;
        if self.reminders_this_run == RemindersThisRun::AsSet
            && self.remind_on_launch() != RemindOnLaunch::Never
            && self.open_reminders()
        {
            return vec![Effect::RemindersShown];
        }
        Vec::new()
    }

    /// A save finished. `Ok` carries what was written and the file's new fingerprint.
    pub(super) fn save_finished(
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
    pub(super) fn disk_changed(&mut self, loaded: Loaded) -> Vec<Effect> {
        if Some(loaded.fingerprint) == self.store.fingerprint {
            // The file is back as konto knew it (after being unreadable, say): whatever
            // is still unsaved can be saved now.
            if self.store.has_unsaved_changes() {
                self.store.retry();
                return vec![Effect::Save];
            }
            return Vec::new();
        }
        let ours = self.store.book().clone();
        let merged = merge::merge(self.store.base(), &ours, &loaded.book);
        if merged.clashes.is_empty() {
            let had_changes = self.store.has_unsaved_changes();
            let rewrite = merged.theirs_wins != loaded.book;
            self.store
                .rebase(loaded.book, loaded.fingerprint, merged.theirs_wins);
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
        self.modals.push(Modal::Conflict(Box::new(Conflict {
            clashes: merged.clashes,
            with_theirs: merged.theirs_wins,
            with_mine: merged.mine_wins,
            origin: ConflictOrigin::Disk {
                disk: Box::new(loaded.book),
                fingerprint: loaded.fingerprint,
            },
        })));
        Vec::new()
    }

    /// The file could not be read back after a change on disk.
    pub(super) fn disk_unreadable(&mut self, message: &str) {
        self.store.save_failed(message.to_string());
        self.message = Some(format!(
            "The file on disk no longer loads ({message}); konto will not overwrite it. Fix it and konto picks it up."
        ));
    }
}
