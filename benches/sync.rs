//! `konto sync` at 10,000 clients: one client changed on each of two machines, then the
//! second machine's sync (commit, fetch, merge, save, commit, push) through a bare
//! repository in a temporary folder. Run: `cargo bench --bench sync`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // set-up that fails is a failing bench

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use konto::sync::{Network, Repo};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 4).unwrap_or_default()
}

/// No git configuration of the user's leaks into the measurement: without it set, the
/// benchmark runs itself again with it.
fn isolate() {
    if std::env::var_os("GIT_CONFIG_NOSYSTEM").is_some() {
        return;
    }
    let status = std::process::Command::new(std::env::current_exe().expect("this program"))
        .args(std::env::args_os().skip(1))
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .status()
        .expect("the benchmark runs");
    std::process::exit(status.code().unwrap_or(1));
}

struct Machine {
    repo: Repo,
    book: PathBuf,
}

impl Machine {
    /// A note added to the client at `at`, saved as any edit is.
    fn edit(&self, at: usize, text: &str) {
        let mut book = konto::storage::load(&self.book)
            .expect("the book loads")
            .book;
        let client = &mut book.clients[at];
        client.notes = Some(format!(
            "{}\n{text}",
            client.notes.clone().unwrap_or_default()
        ));
        konto::storage::save(&self.book, &book, None).expect("the book saves");
    }
}

fn machine(dir: &Path, name: &str, hub: &str) -> Machine {
    let book = dir.join(name).join("book.ron");
    std::fs::create_dir_all(book.parent().expect("a folder")).expect("a folder");
    if name == "a" {
        let generated = konto::demo::generate(10_000, 42, today());
        konto::storage::save(&book, &generated, None).expect("the book saves");
    }
    let repo = Repo::init_in(
        &dir.join(name).join("sync.git"),
        &book,
        hub,
        name,
        Network::default(),
    )
    .expect("sync set up")
    .0;
    Machine { repo, book }
}

fn sync_10000(c: &mut Criterion) {
    isolate();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let hub = dir.path().join("hub.git");
    let status = std::process::Command::new("git")
        .args(["init", "--quiet", "--bare"])
        .arg(&hub)
        .status()
        .expect("git runs");
    assert!(status.success());
    let hub = hub.to_string_lossy().into_owned();
    let a = machine(dir.path(), "a", &hub);
    let b = machine(dir.path(), "b", &hub);
    let mut group = c.benchmark_group("sync");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    let mut round = 0;
    group.bench_function("merge_one_change_each_side/10000", |bench| {
        bench.iter_batched(
            || {
                // The other machine changed one client and sent it; this one another.
                round += 1;
                a.edit(1, &format!("laptop {round}"));
                a.repo.sync(None).expect("a syncs");
                b.edit(2, &format!("desktop {round}"));
            },
            |()| b.repo.sync(None).expect("b syncs"),
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

criterion_group!(benches, sync_10000);
criterion_main!(benches);
