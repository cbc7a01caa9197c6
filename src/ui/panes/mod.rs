//! One file per dashboard pane.

pub mod checkins;
pub mod pipeline;
pub mod portfolio;
pub mod priority;
pub mod quota;
