//! Runs the loop against a real terminal, and does the disk work the state asks for.

use std::io;

use chrono::NaiveDate;
use crossterm::event;
use ratatui::layout::Rect;

use crate::storage::location::DataLocation;
use crate::storage::{self, LoadError};

use super::app::{App, Effect};
use super::terminal::TerminalGuard;
use super::theme::Theme;
use super::view;

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("{0}")]
    Load(#[from] LoadError),
    #[error("terminal: {0}")]
    Terminal(#[from] io::Error),
}

/// Opens the dashboard on the book at `location` (or the welcome screen if there is none).
/// A book that cannot be read is reported before the terminal is touched.
pub fn run(location: DataLocation, today: NaiveDate, theme: Theme) -> Result<(), RunError> {
    let loaded = match storage::load(&location.path) {
        Ok(loaded) => Some(loaded),
        Err(LoadError::Missing { .. }) => None,
        Err(error) => return Err(error.into()),
    };
    let note = format!(
        "konto stopped unexpectedly. Your book is safe at {} (every change was saved as it was made).",
        location.path.display()
    );
    let mut guard = TerminalGuard::enter(note)?;
    let size = guard.terminal.size()?;
    let size = Rect::new(0, 0, size.width, size.height);
    let mut app = match loaded {
        Some(loaded) => App::new(
            loaded.book,
            Some(loaded.fingerprint),
            location,
            today,
            theme,
            size,
        ),
        None => App::first_run(location, today, theme, size),
    };
    while !app.should_quit {
        guard.terminal.draw(|frame| view::draw(frame, &app))?;
        let effects = app.handle_event(event::read()?);
        for effect in effects {
            perform(&mut app, effect);
        }
    }
    Ok(())
}

fn perform(app: &mut App, effect: Effect) {
    match effect {
        Effect::CreateBook(book) => match storage::create(&app.location.path, &book) {
            Ok(fingerprint) => app.book_created(book, fingerprint),
            Err(error) => app.save_failed(error.to_string()),
        },
    }
}
