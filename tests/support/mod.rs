//! Helpers shared by the integration tests.

#![allow(dead_code)]

pub mod pty;

use std::fs;
use std::path::PathBuf;

/// The bundled sample book.
pub const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/sample.ron");

/// A copy of the sample book in a fresh folder, as `book.ron`.
pub fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("book.ron");
    fs::copy(SAMPLE, &path).expect("the sample book copies");
    (dir, path)
}
