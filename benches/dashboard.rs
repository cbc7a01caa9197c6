//! Keypress-to-frame on generated books: one `j` through the update loop, then a full
//! 120×40 frame drawn into a `TestBackend`. Target: under 2 ms at 10,000 clients.

#![allow(clippy::unwrap_used, clippy::expect_used)] // set-up that fails is a failing test or bench

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

use konto::storage::location::{DataLocation, Source};
use konto::ui::derived::Derived;
use konto::ui::theme::Theme;
use konto::ui::{self, App};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

fn app(clients: usize) -> App {
    App::new(
        konto::demo::generate(clients, 42, today()),
        None,
        DataLocation::uncached("/bench/book.ron", Source::Flag),
        today(),
        Theme::from_env(None),
        Rect::new(0, 0, 120, 40),
    )
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn keypress_to_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("keypress_to_frame");
    for clients in [100, 1_000, 10_000] {
        let mut app = app(clients);
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        let mut down = true;
        group.bench_with_input(BenchmarkId::from_parameter(clients), &clients, |b, _| {
            b.iter(|| {
                // Walk down and back up so the selection stays in range.
                let code = if down {
                    KeyCode::Char('j')
                } else {
                    KeyCode::Char('k')
                };
                down = !down;
                app.handle_event(&key(code));
                terminal.draw(|frame| ui::draw(frame, &app)).unwrap();
                black_box(terminal.backend());
            });
        });
    }
    group.finish();
}

fn filter_keystroke(c: &mut Criterion) {
    let mut group = c.benchmark_group("filter_keystroke_to_frame");
    for clients in [1_000, 10_000] {
        let mut app = app(clients);
        app.handle_event(&key(KeyCode::Char('/')));
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        let mut typed = false;
        group.bench_with_input(BenchmarkId::from_parameter(clients), &clients, |b, _| {
            b.iter(|| {
                let code = if typed {
                    KeyCode::Backspace
                } else {
                    KeyCode::Char('n')
                };
                typed = !typed;
                app.handle_event(&key(code));
                terminal.draw(|frame| ui::draw(frame, &app)).unwrap();
                black_box(terminal.backend());
            });
        });
    }
    group.finish();
}

/// Typing a name: each keystroke narrows the previous matches.
fn filter_typing(c: &mut Criterion) {
    let mut group = c.benchmark_group("filter_typing_nord");
    for clients in [1_000, 10_000] {
        let mut app = app(clients);
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        group.bench_with_input(BenchmarkId::from_parameter(clients), &clients, |b, _| {
            b.iter(|| {
                app.handle_event(&key(KeyCode::Char('/')));
                for ch in "nord".chars() {
                    app.handle_event(&key(KeyCode::Char(ch)));
                    terminal.draw(|frame| ui::draw(frame, &app)).unwrap();
                }
                app.handle_event(&key(KeyCode::Esc));
                black_box(terminal.backend());
            });
        });
    }
    group.finish();
}

fn recompute_after_change(c: &mut Criterion) {
    let mut group = c.benchmark_group("recompute_derived");
    group.sample_size(20);
    for clients in [1_000, 10_000] {
        let book = konto::demo::generate(clients, 42, today());
        group.bench_with_input(BenchmarkId::from_parameter(clients), &book, |b, book| {
            b.iter(|| black_box(Derived::compute(book, today())));
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    keypress_to_frame,
    filter_keystroke,
    filter_typing,
    recompute_after_change
);
criterion_main!(benches);
