//! One file per widget that is not a pane.

pub mod client_view;
pub mod help;
pub mod status;
pub mod tabs;
pub mod title;
pub mod too_small;
pub mod welcome;
