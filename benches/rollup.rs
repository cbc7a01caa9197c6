//! `konto rollup` over eight books of 10,000 clients each (generated, 25 MB apiece): every
//! book read and summed up, then the forecast and the gift register put together. Run:
//! `cargo bench --bench rollup`; the peak memory of the same roll-up from the command
//! line is in docs/performance.md (`/usr/bin/time -f "%e s %M KB" konto rollup …`).

#![allow(clippy::unwrap_used, clippy::expect_used)] // set-up that fails is a failing bench

use std::time::Duration;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use konto::rollup::{Member, Team};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()
}

fn rollup_of_eight(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let members = (1..=8)
        .map(|seed| {
            let path = dir.path().join(format!("m{seed}.ron"));
            let book = konto::demo::generate(10_000, seed, today());
            konto::storage::save(&path, &book, None).expect("the book saves");
            Member {
                id: format!("m{seed}"),
                name: format!("Member {seed}"),
                book: Some(path),
                remote: None,
            }
        })
        .collect();
    let team = Team {
        currency: "USD".to_string(),
        usd_rate: None,
        members,
    };
    let since = today() - chrono::Days::new(7);
    let mut group = c.benchmark_group("rollup");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(30));
    group.bench_function("forecast_and_gifts/8x10000", |b| {
        b.iter(|| {
            let books = konto::rollup::read_members(&team, since, today());
            let forecast = konto::rollup::forecast(&team, &books, false);
            let gifts = konto::rollup::gifts(&books);
            (forecast.total.weighted, gifts.recipients.len())
        });
    });
    group.finish();
}

criterion_group!(benches, rollup_of_eight);
criterion_main!(benches);
