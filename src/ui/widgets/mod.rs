//! One file per widget that is not a pane.

pub mod client_view;
pub mod confirm;
pub mod finder;
pub mod form_popup;
pub mod help;
pub mod inbox;
pub mod notes;
pub mod reminders;
pub mod status;
pub mod tabs;
pub mod team;
pub mod title;
pub mod too_small;
pub mod welcome_screen;
pub mod wrap;
