//! The full-screen dashboard. One loop: event → action → update state → render.
//! `app` holds the state and is the only thing that changes it; `view` draws it.

mod action;
pub mod app;
pub mod derived;
mod first_run;
pub mod form;
pub mod keymap;
pub mod layout;
pub mod modal;
mod panes;
mod runtime;
pub mod store;
mod terminal;
pub mod theme;
mod view;
mod widgets;

pub use action::Action;
pub use app::App;
#[cfg(feature = "test-support")]
pub use runtime::Headless;
pub use runtime::{Ended, Options, run, should_remind};
pub use view::draw;

use crate::model::Book;

/// The bundled sample book, offered on first run.
pub const SAMPLE_TEXT: &str = include_str!("../../assets/sample.ron");

#[expect(
    clippy::expect_used,
    reason = "the sample ships inside the binary and the tests load it: only a bug breaks it"
)]
pub fn sample_book() -> Book {
    crate::storage::parse(SAMPLE_TEXT)
        .map(|(book, _)| book)
        .expect("the bundled sample book is valid")
}

/// The four panes of the dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Portfolio,
    Priority,
    Checkins,
    Quota,
}

impl Pane {
    pub const ALL: [Pane; 4] = [Pane::Portfolio, Pane::Priority, Pane::Checkins, Pane::Quota];

    pub fn title(self) -> &'static str {
        match self {
            Pane::Portfolio => "Portfolio",
            Pane::Priority => "Priority",
            Pane::Checkins => "Check-ins",
            Pane::Quota => "Quota",
        }
    }

    fn position(self) -> usize {
        Pane::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    pub fn next(self) -> Pane {
        Pane::ALL[(self.position() + 1) % Pane::ALL.len()]
    }

    pub fn prev(self) -> Pane {
        Pane::ALL[(self.position() + Pane::ALL.len() - 1) % Pane::ALL.len()]
    }

    /// The digit that jumps to this pane.
    pub fn number(self) -> usize {
        self.position() + 1
    }
}
