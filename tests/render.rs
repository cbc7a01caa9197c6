//! Draws the dashboard into ratatui's TestBackend from a fixed book and a fixed today,
//! and compares the screen with reviewed snapshots, at a large and a small size.

use chrono::NaiveDate;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

use konto::storage::location::{DataLocation, Source};
use konto::ui::theme::Theme;
use konto::ui::{self, App};

const SIZES: [(u16, u16); 2] = [(120, 40), (60, 20)];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

fn location() -> DataLocation {
    DataLocation::uncached("/home/mette/.config/konto/book.ron", Source::ConfigDir)
}

fn app(width: u16, height: u16) -> App {
    App::new(
        ui::sample_book(),
        Some(konto::storage::Fingerprint::of(b"on disk")),
        location(),
        today(),
        Theme { color: false },
        Rect::new(0, 0, width, height),
    )
}

fn press(app: &mut App, keys: &str) {
    for ch in keys.chars() {
        let code = match ch {
            '\n' => KeyCode::Enter,
            '\u{1b}' => KeyCode::Esc,
            '\t' => KeyCode::Tab,
            c => KeyCode::Char(c),
        };
        let mods = if ch.is_ascii_uppercase() {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        app.handle_event(Event::Key(KeyEvent::new(code, mods)));
    }
}

fn screen(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| ui::draw(frame, app)).unwrap();
    terminal.backend().to_string()
}

/// Draws after `keys` at both sizes and checks each against its snapshot.
fn check(name: &str, keys: &str) {
    for (width, height) in SIZES {
        let mut app = app(width, height);
        press(&mut app, keys);
        insta::assert_snapshot!(
            format!("{name}_{width}x{height}"),
            screen(&app, width, height)
        );
    }
}

#[test]
fn dashboard_opens_on_the_portfolio() {
    check("dashboard", "");
}

#[test]
fn priority_with_the_score_explained() {
    check("priority_explained", "2jx");
}

#[test]
fn checkins_grouped() {
    check("checkins", "3j");
}

#[test]
fn quota_pane() {
    check("quota", "4");
}

#[test]
fn client_view() {
    check("client_view", "2\n");
}

#[test]
fn help_overlay() {
    check("help", "?");
}

#[test]
fn filter_as_you_type() {
    check("filter", "/søren");
}

#[test]
fn sorted_by_value_descending() {
    check("sorted_by_value", "oooO");
}

#[test]
fn welcome_screen_on_first_run() {
    for (width, height) in SIZES {
        let app = App::first_run(
            location(),
            today(),
            Theme { color: false },
            Rect::new(0, 0, width, height),
        );
        insta::assert_snapshot!(
            format!("welcome_{width}x{height}"),
            screen(&app, width, height)
        );
    }
}

#[test]
fn too_small_says_so_instead_of_panicking() {
    for (width, height) in [(30, 8), (20, 5), (1, 1)] {
        let app = app(width, height);
        let text = screen(&app, width, height);
        if width >= 20 {
            assert!(text.contains("Terminal"), "{text}");
        }
    }
}

#[test]
fn same_client_stays_selected_across_panes() {
    let mut app = app(120, 40);
    press(&mut app, "2jj");
    let chosen = app.selected;
    press(&mut app, "1");
    assert_eq!(app.selected, chosen);
    press(&mut app, "\n");
    let text = screen(&app, 120, 40);
    let name = &app.book().clients[chosen.unwrap()].name;
    assert!(text.contains(&format!("{name} · Esc back")), "{text}");
    press(&mut app, "\u{1b}");
    assert_eq!(app.selected, chosen);
    assert!(app.client_view.is_none());
}

#[test]
fn rendering_does_not_change_the_state() {
    let app = app(120, 40);
    let before = (app.selected, app.focus, app.portfolio.rows.clone());
    let first = screen(&app, 120, 40);
    let second = screen(&app, 120, 40);
    assert_eq!(first, second);
    assert_eq!(
        before,
        (app.selected, app.focus, app.portfolio.rows.clone())
    );
}
