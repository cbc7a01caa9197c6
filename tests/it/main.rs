//! Every integration test in one binary: one link instead of one per file, so a test
//! run builds in a fraction of the time. Each file is a module; `support` is shared.

#![allow(clippy::unwrap_used, clippy::expect_used)] // set-up that fails is a failing test
#![allow(clippy::case_sensitive_file_extension_comparisons)]

mod support;

mod agree;
mod capture;
mod cli;
mod e2e;
mod editing;
mod exchange;
mod gift_gate;
mod gifts;
mod ops;
mod people;
mod pipeline;
mod preview;
mod properties;
mod reliability;
mod render;
mod rollup;
mod storage;
mod sync;
mod trust;
