//! The full-screen dashboard. One loop: event → action → update state → render.
//! `app` holds the state and is the only thing that changes it; `view` draws it.

mod action;
pub mod app;
mod chrome;
pub mod config;
pub mod derived;
mod first_run;
pub mod form;
pub mod keymap;
pub mod layout;
pub mod modal;
mod panes;
mod runtime;
pub mod search;
pub mod store;
mod terminal;
pub mod theme;
mod view;
mod widgets;

pub use action::Action;
pub use app::{App, Message};
#[cfg(feature = "test-support")]
pub use runtime::Headless;
pub use runtime::{Ended, Options, run, should_remind};
pub use view::draw;

use strum::IntoEnumIterator;

/// The four panes of the dashboard and the pipeline board, in the order Tab visits them.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter, strum::EnumCount, strum::IntoStaticStr,
)]
pub enum Pane {
    Portfolio,
    Priority,
    #[strum(serialize = "Agenda")]
    Checkins,
    Quota,
    /// The open deals across clients as a board: the whole body, in any size.
    Pipeline,
}

impl Pane {
    pub fn title(self) -> &'static str {
        self.into()
    }

    pub fn next(self) -> Pane {
        cycle(self, Step::Forward)
    }

    pub fn prev(self) -> Pane {
        cycle(self, Step::Back)
    }

    /// The digit that jumps to this pane.
    pub fn number(self) -> usize {
        Pane::iter().position(|p| p == self).unwrap_or(0) + 1
    }
}

pub use crate::edit::Step;

/// The value of an enum after (or before) `value`, going round at the ends.
pub fn cycle<T: IntoEnumIterator + PartialEq + Copy>(value: T, step: Step) -> T {
    let all: Vec<T> = T::iter().collect();
    let at = all.iter().position(|v| *v == value).unwrap_or(0);
    let next = match step {
        Step::Forward => (at + 1) % all.len(),
        Step::Back => (at + all.len() - 1) % all.len(),
    };
    all[next]
}
