//! The dashboard over a preview of a large book ([`crate::storage::Preview`]): the first
//! frame is drawn from it while the whole book is read off the keyboard's path. Until the
//! whole book is in, only what shows the preview exactly is done at once (moving about,
//! sorting, help); every other key and report waits, in order, and is done on the whole
//! book as soon as it arrives. A preview is never changed, so it is never saved.

use crossterm::event::{Event, KeyEventKind};

use super::{Action, App, Effect, Loaded, Message, Pane, Store, WholeFigures};

/// How far the dashboard has opened.
#[derive(Debug, Default)]
pub(super) struct Opening {
    /// The first frame was shown (the whole book is asked for then, once).
    shown: bool,
    /// What waits for the whole book while a preview is shown, in order.
    held: Vec<Held>,
}

/// Something that waits for the whole book.
#[derive(Debug)]
pub(super) enum Held {
    Event(Event),
    Message(Message),
}

/// Whether `action` only moves about what a preview shows exactly. The pipeline board
/// is not among it (a preview leaves out each deal's history, which gives its days in
/// stage), nor anything that opens a client, filters (notes and history are searched)
/// or changes the book.
fn shows_only_the_preview(action: Action, focus: Pane) -> bool {
    use Action as A;
    match action {
        A::Quit
        | A::ToggleHelp
        | A::Up
        | A::Down
        | A::PageUp
        | A::PageDown
        | A::Top
        | A::Bottom
        | A::CycleSort
        | A::ReverseSort
        | A::ToggleExplain
        | A::ToggleZoom
        | A::Resize { .. }
        | A::Suspend => true,
        A::Focus(pane) => pane != Pane::Pipeline,
        A::FocusNext => focus.next() != Pane::Pipeline,
        A::FocusPrev => focus.prev() != Pane::Pipeline,
        _ => false,
    }
}

impl App {
    /// Whether `event` must wait for the whole book: on a preview, anything but moving
    /// about, and anything at all behind something already waiting (a key typed into a
    /// form that has not opened yet must reach that form).
    pub(super) fn holds_event(&self, event: &Event) -> bool {
        if !self.store.is_preview() {
            return false;
        }
        if !self.opening.held.is_empty() {
            return true;
        }
        let action = match *event {
            Event::Key(key) if key.kind == KeyEventKind::Release => return false,
            Event::Key(key) => self.action_of(key),
            Event::Resize(width, height) => Some(Action::Resize { width, height }),
            // The mouse points at panes and rows: it waits.
            Event::Mouse(_) => return true,
            _ => None,
        };
        // A key nothing takes does nothing: it need not wait.
        action.is_some_and(|action| !shows_only_the_preview(action, self.focus))
    }

    /// Whether `message` must wait for the whole book (see [`App::holds_event`]). The
    /// whole book itself, and the file changing on disk, never wait.
    pub(super) fn holds_message(&self, message: &Message) -> bool {
        if !self.store.is_preview() {
            return false;
        }
        match message {
            Message::Shown | Message::WholeBookRead(_) | Message::DiskChanged(_) => false,
            Message::Clock(_) | Message::DiskUnreadable(_) => !self.opening.held.is_empty(),
            Message::Act(action) => {
                !self.opening.held.is_empty() || !shows_only_the_preview(*action, self.focus)
            }
            _ => true,
        }
    }

    /// Keeps `held` until the whole book is in, and says so when it is a key (a sync or
    /// capture asked for at launch waits without a word).
    pub(super) fn hold(&mut self, held: Held) {
        if matches!(held, Held::Event(_)) {
            self.message = Some("Reading the whole book: your keys follow in a moment".to_string());
        }
        self.opening.held.push(held);
    }

    /// The first frame is on the screen: a preview asks for the whole book now, not
    /// before, so that reading it does not slow the first frame down; a whole book read
    /// without one has a preview kept for the next launch.
    pub(super) fn shown(&mut self) -> Vec<Effect> {
        if self.opening.shown {
            return Vec::new();
        }
        self.opening.shown = true;
        if let Some(preview) = self.store.preview_of() {
            return vec![Effect::ReadWholeBook(preview)];
        }
        let (book, _) = self.store.snapshot();
        self.store
            .fingerprint
            .map(|fingerprint| Effect::KeepPreview { book, fingerprint })
            .into_iter()
            .collect()
    }

    /// The whole book was read (or could not be): it takes the preview's place, with its
    /// figures, and what waited for it is done on it, in order.
    pub(super) fn whole_book_read(
        &mut self,
        read: Result<(Loaded, WholeFigures), String>,
    ) -> Vec<Effect> {
        if !self.store.is_preview() {
            return Vec::new();
        }
        match read {
            Ok((loaded, figures)) => self.take_whole(loaded, figures),
            Err(problem) => {
                // Nothing waits on a book that cannot be read, so that `q` still quits.
                self.opening.held.clear();
                self.message = Some(format!(
                    "konto could not read the whole book ({problem}); nothing can be changed until it loads"
                ));
                Vec::new()
            }
        }
    }

    /// The whole book in place of the preview, and what waited done on it.
    pub(super) fn take_whole(&mut self, loaded: Loaded, figures: WholeFigures) -> Vec<Effect> {
        let preview = std::mem::replace(
            &mut self.store,
            Store::new(loaded.book, Some(loaded.fingerprint)),
        );
        let (preview, _) = preview.snapshot();
        let mut effects = vec![Effect::Discard(preview)];
        // Figures worked out for the preview are not wanted any more.
        self.derive_generation += 1;
        match figures {
            // The same clients in the same places, each with the same facts: the rows,
            // the ranking, the agenda and the selection stand; only what the preview
            // left out is added.
            WholeFigures::LeftOut(left_out) => {
                if self.derived.complete(left_out) {
                    self.shown_generation = self.derive_generation;
                } else {
                    let derived = super::Derived::compute(self.store.book(), self.today);
                    self.show_derived(derived, None);
                }
            }
            WholeFigures::All(derived) => self.show_derived(*derived, None),
        }
        self.message = None;
        for held in std::mem::take(&mut self.opening.held) {
            effects.extend(match held {
                Held::Event(event) => self.handle_event(&event),
                Held::Message(message) => self.update(message),
            });
        }
        effects
    }
}
