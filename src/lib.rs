//! konto: a keyboard-first dashboard for account executives.
//!
//! The library holds everything; `main.rs` only parses arguments and calls [`cli::execute`]
//! or [`ui::run`].

pub mod capture;
pub mod cli;
pub mod demo;
pub mod edit;
pub mod export;
pub mod import;
pub mod merge;
pub mod model;
pub mod parallel;
pub mod review;
pub mod rollup;
pub mod rules;
pub mod settings;
pub mod storage;
pub mod sync;
pub mod text;
pub mod ui;
