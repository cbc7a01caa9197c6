//! Input an adversary (or a very large CRM export) could hand konto: each must take time
//! in proportion to its size. `cargo bench --bench hostile_input` runs them; the figures
//! are in docs/performance.md.

#![allow(clippy::unwrap_used, clippy::expect_used)] // set-up that fails is a failing test or bench

use std::fmt::Write;
use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

use konto::model::Book;
use konto::storage;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

/// A Salesforce-style account export with `rows` distinct accounts.
fn accounts_csv(rows: usize) -> String {
    let mut text = String::from(
        "\"Account Name\",\"Industry\",\"Annual Revenue\",\"Phone\",\"Last Activity\",\"Description\"\n",
    );
    for n in 0..rows {
        writeln!(
            text,
            "\"Account {n} A/S\",\"Retail\",\"${},000.00\",\"+45 {n:08}\",\"11/{:02}/2026\",\"Met at, the fair\"",
            n % 900 + 10,
            n % 28 + 1
        )
        .unwrap();
    }
    text
}

fn import_csv(c: &mut Criterion) {
    let mut group = c.benchmark_group("import_csv_into_empty_book");
    group.sample_size(10);
    for rows in [10_000, 20_000, 100_000] {
        let text = accounts_csv(rows);
        group.bench_with_input(BenchmarkId::from_parameter(rows), &text, |b, text| {
            b.iter(|| {
                let options = konto::import::Options::default();
                konto::import::import_any(&Book::default(), text.as_bytes(), &options, today())
                    .unwrap()
            });
        });
    }
    group.finish();
}

/// The text of a generated book with a comment above every client's name and one at the
/// end of every tier line: two comments a client.
fn commented(text: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len() * 2);
    let mut comments = 0;
    for line in text.lines() {
        let code = line.trim_start();
        if code.starts_with("name:") {
            out.push_str("            // spoke with the owner at the fair\n");
            comments += 1;
        }
        out.push_str(line);
        if code.starts_with("tier:") {
            out.push_str(" // red carpet");
            comments += 1;
        }
        out.push('\n');
    }
    (out, comments)
}

fn save_with_comments(c: &mut Criterion) {
    let mut group = c.benchmark_group("save_with_comments");
    group.sample_size(10);
    let book = konto::demo::generate(10_000, 42, today());
    let (text, comments) = commented(&storage::to_text(&book).unwrap());
    assert!(comments >= 20_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.ron");
    let mut changed = book.clone();
    changed.clients[17].notes = Some("Changed by the benchmark".into());
    group.bench_function(BenchmarkId::new("clients_10000_comments", comments), |b| {
        b.iter_batched(
            || std::fs::write(&path, &text).unwrap(),
            |()| storage::save(&path, black_box(&changed), None).unwrap(),
            criterion::BatchSize::PerIteration,
        );
    });
    group.finish();
}

fn export_ics_long_name(c: &mut Criterion) {
    let mut group = c.benchmark_group("export_ics_long_name");
    group.sample_size(10);
    let mut book = konto::storage::sample_book();
    book.owner = Some("ø".repeat(1_000_000)); // 2 MB of text
    group.bench_function("owner_2MB", |b| {
        b.iter(|| konto::export::ics::export(black_box(&book), today(), 30));
    });
    group.finish();
}

criterion_group!(
    benches,
    import_csv,
    save_with_comments,
    export_ics_long_name
);
criterion_main!(benches);
