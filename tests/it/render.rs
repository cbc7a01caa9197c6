//! Draws the dashboard into ratatui's `TestBackend` from a fixed book and a fixed today,
//! and compares the screen with reviewed snapshots, at a large and a small size.

use crate::support;

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
        konto::storage::sample_book(),
        Some(konto::storage::Fingerprint::of(b"on disk")),
        location(),
        today(),
        Theme::plain(),
        Rect::new(0, 0, width, height),
    )
}

/// Presses `keys` one by one; what the app asked the runtime to do, in order.
fn press(app: &mut App, keys: &str) -> Vec<konto::ui::app::Effect> {
    let mut effects = Vec::new();
    for ch in keys.chars() {
        let code = match ch {
            '\n' => KeyCode::Enter,
            '\u{1b}' => KeyCode::Esc,
            '\t' => KeyCode::Tab,
            // Ctrl-A … Ctrl-Z as their control characters.
            c if u32::from(c) < 0x20 => {
                let letter = char::from(b'a' - 1 + u8::try_from(u32::from(c)).unwrap());
                let key = KeyEvent::new(KeyCode::Char(letter), KeyModifiers::CONTROL);
                effects.extend(app.handle_event(&Event::Key(key)));
                continue;
            }
            c => KeyCode::Char(c),
        };
        let mods = if ch.is_ascii_uppercase() {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        effects.extend(app.handle_event(&Event::Key(KeyEvent::new(code, mods))));
    }
    effects
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

/// The hand-computed pay plan (fiscal year from April, a slipped, a rotting and an
/// omitted deal), at both sizes: the pipeline board and the quota pane.
#[test]
fn the_pipeline_board_and_the_quota_pane_on_the_pay_plan() {
    let book = konto::storage::load(&support::data("pay_plan.ron"))
        .unwrap()
        .book;
    // On the board: the cursor one stage on and one deal down (Renewal 2027, rotting).
    for (name, keys) in [("pipeline_board", "5llj"), ("pay_plan_quota", "4")] {
        for (width, height) in SIZES {
            let mut app = app_with(book.clone(), width, height);
            press(&mut app, "\u{1b}");
            press(&mut app, keys);
            insta::assert_snapshot!(
                format!("{name}_{width}x{height}"),
                screen(&app, width, height)
            );
        }
    }
}

#[test]
fn the_pipeline_board_on_the_sample() {
    check("pipeline_sample", "5");
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
    check("sorted_by_value", "ooo");
}

/// The welcome screen and its form at every size (the book does not exist yet).
#[test]
fn the_welcome_at_every_size() {
    for (name, keys) in [("welcome", ""), ("welcome_form", "e")] {
        for (width, height) in [(40, 12), (80, 24), (100, 30), (120, 40)] {
            let mut app = App::first_run(
                location(),
                today(),
                Theme::plain(),
                Rect::new(0, 0, width, height),
            );
            press(&mut app, keys);
            insta::assert_snapshot!(
                format!("sizes_{name}_{width}x{height}"),
                screen(&app, width, height)
            );
        }
    }
}

#[test]
fn welcome_screen_on_first_run() {
    for (width, height) in SIZES {
        let app = App::first_run(
            location(),
            today(),
            Theme::plain(),
            Rect::new(0, 0, width, height),
        );
        insta::assert_snapshot!(
            format!("welcome_{width}x{height}"),
            screen(&app, width, height)
        );
    }
}

#[test]
fn the_first_run_form_names_each_bad_field() {
    for (width, height) in SIZES {
        let mut app = App::first_run(
            location(),
            today(),
            Theme::plain(),
            Rect::new(0, 0, width, height),
        );
        press(&mut app, "e\tX\t12,5k\n");
        insta::assert_snapshot!(
            format!("welcome_form_{width}x{height}"),
            screen(&app, width, height)
        );
    }
}

#[test]
fn a_gift_form_over_the_limit_says_by_how_much() {
    check("gift_form", "$Wine\t90\n");
}

/// The version-1 sample (no people ids, tasks or team) as the dashboard draws it now.
#[test]
fn a_version_1_book_renders_without_people_tasks_or_team() {
    let book = konto::storage::load(&support::data("sample_v1.ron"))
        .unwrap()
        .book;
    for (name, keys) in [("v1_dashboard", ""), ("v1_client_view", "2\n")] {
        let mut app = App::new(
            book.clone(),
            Some(konto::storage::Fingerprint::of(b"on disk")),
            location(),
            today(),
            Theme::plain(),
            Rect::new(0, 0, 120, 40),
        );
        press(&mut app, keys);
        insta::assert_snapshot!(format!("{name}_120x40"), screen(&app, 120, 40));
    }
}

#[test]
fn the_team_and_the_reminders_with_tasks() {
    check("team", "T");
    for (width, height) in SIZES {
        let mut app = app(width, height);
        assert!(app.open_reminders());
        insta::assert_snapshot!(
            format!("reminders_{width}x{height}"),
            screen(&app, width, height)
        );
        press(&mut app, "jjjjjjjj");
        let text = screen(&app, width, height);
        assert!(text.contains("▶ ☐ Send the predictive"), "{text}");
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
fn drawing_the_same_state_twice_gives_the_same_cells_and_styles() {
    let mut app = app(120, 40);
    for keys in ["", "2\n", "\u{1b}?", "?e", "\u{1b}3x"] {
        press(&mut app, keys);
        let draw = || {
            let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
            terminal.draw(|frame| ui::draw(frame, &app)).unwrap();
            terminal.backend().buffer().clone()
        };
        assert_eq!(draw(), draw(), "after {keys:?}");
    }
}

/// A book of awkward text: very long names, 10,000 lines of notes, emoji and CJK.
fn awkward_book() -> konto::model::Book {
    let mut book = konto::storage::sample_book();
    let long = "Very Long Company Name With Many Words ".repeat(25);
    book.clients[0].name = long.trim().to_string();
    book.clients[1].notes = Some(
        (1..=10_000)
            .map(|n| format!("note line {n}"))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    book.clients[2].name = "🚀 Rocket 株式会社 ☕ Café".to_string();
    book.clients[3].name = "e\u{301}clair Ëxport 한국어".to_string();
    book.clients[3].contacts[0].name = "👩‍💼 Zoë 山田".to_string();
    book
}

fn app_with(book: konto::model::Book, width: u16, height: u16) -> App {
    App::new(
        book,
        Some(konto::storage::Fingerprint::of(b"on disk")),
        location(),
        today(),
        Theme::plain(),
        Rect::new(0, 0, width, height),
    )
}

#[test]
fn awkward_text_never_breaks_a_frame_at_any_size() {
    for (width, height) in [
        (1, 1),
        (20, 5),
        (40, 12),
        (60, 20),
        (100, 30),
        (120, 40),
        (250, 70),
    ] {
        let mut app = app_with(awkward_book(), width, height);
        for keys in ["", "2", "3", "4", "1\n", "\u{1b}2j\n", "G", "?"] {
            press(&mut app, keys);
            let text = screen(&app, width, height);
            // Every line is exactly as wide as the terminal: nothing pushed out of line.
            for line in text.lines().filter(|l| l.starts_with('"')) {
                // The backend prints a row in quotes, then notes on cells that wide characters
                // cover: the quoted part is the row.
                let end = line.rfind("\" Hidden").unwrap_or(line.len() - 1);
                let inner = &line[1..end];
                assert_eq!(
                    konto::text::width(inner),
                    usize::from(width),
                    "{width}x{height} after {keys:?}: {line}"
                );
            }
        }
    }
}

#[test]
fn columns_stay_aligned_with_wide_and_combining_characters() {
    let app = app_with(awkward_book(), 120, 40);
    let text = screen(&app, 120, 40);
    // The value column ends at the same screen column on every client row.
    let mut ends = std::collections::BTreeSet::new();
    for line in text
        .lines()
        .filter(|l| l.contains(" Key ") || l.contains(" Growth ") || l.contains(" Standard "))
    {
        let end = line.rfind("\" Hidden").unwrap_or(line.len() - 1);
        let inner = &line[1..end];
        let cells: Vec<char> = inner.chars().collect();
        let mut column = 0;
        let mut value_end = None;
        for (i, ch) in cells.iter().enumerate() {
            column += konto::text::width(&ch.to_string());
            if ch.is_ascii_digit() && cells.get(i + 1) == Some(&' ') && column > 70 && column < 90 {
                value_end = Some(column);
                break;
            }
        }
        if let Some(end) = value_end {
            ends.insert(end);
        }
    }
    assert_eq!(ends.len(), 1, "value column ends at {ends:?}:\n{text}");
}

#[test]
fn a_resize_storm_redraws_without_panicking() {
    let mut app = app_with(awkward_book(), 120, 40);
    let mut seed = 7u32;
    for _ in 0..300 {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let width = u16::try_from((seed >> 16) % 260).unwrap() + 1;
        let height = u16::try_from((seed >> 4) % 80).unwrap() + 1;
        app.handle_event(&Event::Resize(width, height));
        let _ = screen(&app, width, height);
    }
}

#[test]
fn ten_thousand_lines_of_notes_scroll_to_the_end() {
    for (width, height) in [(120, 40), (60, 20)] {
        let mut app = app_with(awkward_book(), width, height);
        press(&mut app, "2");
        app.selected = Some(1);
        app.handle_event(&Event::Key(KeyEvent::new(
            KeyCode::Enter,
            KeyModifiers::NONE,
        )));
        let text = screen(&app, width, height);
        // Narrow, the people (wrapped whole) come first and the notes are further down.
        assert!(text.contains("note line 1 ") || width < 100, "{text}");
        app.handle_event(&Event::Key(KeyEvent::new(
            KeyCode::PageDown,
            KeyModifiers::NONE,
        )));
        assert!(screen(&app, width, height).contains("note line "), "{text}");
        app.handle_event(&Event::Key(KeyEvent::new(KeyCode::End, KeyModifiers::NONE)));
        let text = screen(&app, width, height);
        assert!(!text.contains("note line 1 "), "{text}");
        if width >= 100 {
            assert!(text.contains("note line 10000"), "{text}");
        }
    }
}

/// Every cell the dashboard would send to the terminal, for a book with a hostile string
/// in every field: in the panes, the client view, the notes editor, a form, the
/// reminder window and help.
#[test]
fn no_screen_sends_a_control_character_from_the_data() {
    let (_dir, path) = support::hostile_book();
    let book = konto::storage::load(&path).unwrap().book;
    let hostile_id = book.clients[0].id.clone();
    for (width, height) in [(120, 40), (60, 20)] {
        let mut app = App::new(
            book.clone(),
            Some(konto::storage::Fingerprint::of(b"on disk")),
            location(),
            today(),
            Theme::plain(),
            Rect::new(0, 0, width, height),
        );
        let mut screens = vec![("dashboard", cells(&app, width, height))];
        app.open_reminders();
        screens.push(("reminders", cells(&app, width, height)));
        press(&mut app, "\u{1b}");
        let index = app
            .book()
            .clients
            .iter()
            .position(|c| c.id == hostile_id)
            .unwrap();
        app.selected = Some(index);
        press(&mut app, "2\n");
        screens.push(("client view", cells(&app, width, height)));
        press(&mut app, "jjj");
        screens.push(("client view, scrolled", cells(&app, width, height)));
        press(&mut app, "n");
        screens.push(("notes editor", cells(&app, width, height)));
        press(&mut app, "\u{1b}y\u{1b}e");
        screens.push(("client form", cells(&app, width, height)));
        press(&mut app, "\u{1b}$");
        screens.push(("gift form", cells(&app, width, height)));
        press(&mut app, "\u{1b}\u{1b}3");
        screens.push(("check-ins", cells(&app, width, height)));
        for (name, symbols) in screens {
            let bad: Vec<char> = symbols.chars().filter(|&c| unsafe_char(c)).collect();
            assert!(bad.is_empty(), "{width}x{height} {name}: {bad:?}");
        }
    }
}

fn unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The symbols of every cell, as the terminal backend would write them.
fn cells(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| ui::draw(frame, app)).unwrap();
    terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(ratatui::buffer::Cell::symbol)
        .collect()
}

/// Issue 14: an empty book showed empty panes; each now says what to do next.
#[test]
fn an_empty_book_says_what_to_do_next() {
    let book = konto::model::Book {
        owner: Some("Mette Hansen".into()),
        ..konto::model::Book::default()
    };
    for (width, height) in [(120, 40), (100, 30)] {
        let app = app_with(book.clone(), width, height);
        let screen = screen(&app, width, height);
        assert!(screen.contains("No clients yet. To start:"), "{screen}");
        assert!(screen.contains("konto import csv FILE"), "{screen}");
        assert!(screen.contains("Nothing to rank yet"), "{screen}");
        assert!(screen.contains("No quota set"), "{screen}");
    }
}

/// Issue 14: every view at the small and middle sizes people use (40×12 is the smallest
/// supported; 80×24 the classic terminal; 100×30 the first with the grid).
#[test]
fn every_view_at_every_size() {
    let views = [
        ("dashboard", ""),
        ("priority", "2"),
        ("priority_explained", "2x"),
        ("agenda", "3"),
        ("quota", "4"),
        ("pipeline", "5"),
        ("zoomed", "1z"),
        ("filter", "/lum"),
        ("finder", "\u{10}nord"),
        ("client_view", "2j\n"),
        ("notes_editor", "2n"),
        ("add_client_form", "a"),
        ("edit_client_form", "2e"),
        ("deal_form", "2d"),
        ("project_form", "2p"),
        ("contact_form", "2P"),
        ("task_form", "2t"),
        ("gift_form", "$Wine\t90\n"),
        ("delete_confirm", "2D"),
        ("reminders", "r"),
        ("team", "T"),
        ("help", "?"),
    ];
    for (name, keys) in views {
        for (width, height) in [(40, 12), (80, 24), (100, 30), (120, 40)] {
            let mut app = app(width, height);
            press(&mut app, keys);
            let text = screen(&app, width, height);
            // Choices read as words, never as the book's names for them.
            for raw in [
                "NewBusiness",
                "BestCase",
                "DeMinimis",
                "DecisionMaker",
                "EconomicBuyer",
                "TechnicalBuyer",
            ] {
                assert!(!text.contains(raw), "{raw} in {name}:\n{text}");
            }
            insta::assert_snapshot!(format!("sizes_{name}_{width}x{height}"), text);
        }
    }
}

/// Issue 14: the notes editor scrolled long lines sideways, out of sight; it wraps them.
#[test]
fn the_notes_editor_wraps_long_lines() {
    let mut book = konto::storage::sample_book();
    let index = book
        .clients
        .iter()
        .position(|c| c.id == "lumen-health")
        .unwrap();
    book.clients[index].notes = Some(format!("{} ENDOFLINE", "word ".repeat(40)));
    let mut app = app_with(book, 60, 20);
    press(&mut app, "1/lumen\n");
    press(&mut app, "n");
    let screen = screen(&app, 60, 20);
    assert!(screen.contains("Notes on Lumen Health"), "{screen}");
    assert!(screen.contains("ENDOFLINE"), "{screen}");
}

/// Issue 14: one number style per pane ("Forecast 1,516,000 of 1.2M" mixed two on one
/// line): each pane, alone on the screen, writes either grouped or short amounts on a line.
#[test]
fn each_pane_writes_its_amounts_one_way() {
    let grouped = |word: &str| {
        let digits = word.trim_matches(|c: char| !c.is_ascii_digit());
        digits.len() > 4
            && digits.contains(',')
            && digits.chars().all(|c| c.is_ascii_digit() || c == ',')
    };
    let short = |word: &str| {
        let word = word.trim_start_matches('+').trim_end_matches([',', ')']);
        word.len() > 1
            && (word.ends_with('k') || word.ends_with('M'))
            && word[..word.len() - 1]
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.')
            && word.starts_with(|c: char| c.is_ascii_digit())
    };
    for keys in ["1z", "2z", "3z", "4z", "5"] {
        for (width, height) in [(80, 24), (120, 40), (160, 45)] {
            let mut app = app(width, height);
            press(&mut app, keys);
            let text = screen(&app, width, height);
            let rows: Vec<&str> = text.lines().skip(2).take(usize::from(height) - 3).collect();
            for row in rows {
                let words: Vec<&str> = row.split(|c: char| c.is_whitespace() || c == '/').collect();
                let mixed = words.iter().any(|w| grouped(w)) && words.iter().any(|w| short(w));
                assert!(
                    !mixed,
                    "{keys} at {width}x{height} mixes styles: {row}\n{text}"
                );
            }
        }
    }
}

/// A won deal dated after today counts already: the quota pane says so (issue 24).
#[test]
fn the_quota_pane_names_won_deals_dated_after_today() {
    let mut book = konto::storage::sample_book();
    let client = book
        .clients
        .iter_mut()
        .find(|c| !c.deals.is_empty())
        .unwrap();
    let deal = &mut client.deals[0];
    deal.stage = Some(konto::model::Stage::Won);
    deal.close_date = NaiveDate::from_ymd_opt(2027, 3, 15);
    let mut app = app_with(book.clone(), 120, 40);
    press(&mut app, "\u{1b}");
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("! 1 won after today"), "{shown}");
    // Zoomed, the pane has room to say it whole.
    let mut app = app_with(book, 120, 40);
    press(&mut app, "\u{1b}4z");
    let shown = screen(&app, 120, 40);
    assert!(
        shown.contains("! 1 won deal dated after today, counted already"),
        "{shown}"
    );
}

/// A group gift names its people, not their contact ids (issue 25).
#[test]
fn a_group_gift_shows_names_not_ids() {
    let mut app = app_with(konto::storage::sample_book(), 120, 40);
    press(&mut app, "\u{1b}1");
    for _ in 0..20 {
        if app.selected_id() == Some("krakow-steel") {
            break;
        }
        press(&mut app, "j");
    }
    press(&mut app, "\n");
    let shown = screen(&app, 120, 40);
    assert!(
        shown.contains("Małgorzata Wójcik, Piotr Nowak, Anna"),
        "{shown}"
    );
    assert!(!shown.contains("malgorzata, piotr"), "{shown}");
}

/// Issue 30: the quota pane shows the quarter's calls (closed included) and the slipped
/// deals counted in them, worked out by hand in tests/data/forecast.ron.
#[test]
fn the_quota_pane_shows_the_quarters_calls_and_what_slipped() {
    let book = konto::storage::load(&support::data("forecast.ron"))
        .unwrap()
        .book;
    for (width, height) in [(120, 40), (160, 50)] {
        let mut app = app_with(book.clone(), width, height);
        press(&mut app, "\u{1b}");
        press(&mut app, "4");
        let screen = screen(&app, width, height);
        // 232,000, 354,500 and 394,500, short or whole as the pane's width allows.
        let short = ["calls 232k/354k/394k"];
        let whole = ["commit 232,000", "best 354,500", "pipe 394,500"];
        let calls = screen.lines().position(|l| {
            short.iter().all(|c| l.contains(c)) || whole.iter().all(|c| l.contains(c))
        });
        let calls = calls.unwrap_or_else(|| panic!("no line with the quarter's calls:\n{screen}"));
        let next = screen.lines().nth(calls + 1).unwrap_or_default();
        assert!(
            next.contains("! 2 slipped · 90k") || next.contains("! 2 slipped · 90,000"),
            "{next}\n{screen}"
        );
    }
}

/// Issue 31: the team overlay is worked out when it opens and after each change while it
/// is open (not on every frame): an undo with the overlay open shows at once.
#[test]
fn the_team_overlay_follows_a_change_made_while_it_is_open() {
    let (width, height) = (120, 40);
    let mut app = app(width, height);
    press(&mut app, "3");
    let picked = |app: &App| match app.selected_agenda_row() {
        Some(ui::derived::CheckinRow::Task { index, task }) => app.book().clients[index]
            .tasks
            .iter()
            .any(|t| t.id == task && t.title.starts_with("Demo of the SOC")),
        _ => false,
    };
    for _ in 0..40 {
        if picked(&app) {
            break;
        }
        press(&mut app, "j");
    }
    assert!(picked(&app), "{}", screen(&app, width, height));
    press(&mut app, "x");
    press(&mut app, "T");
    // The overlay's row for the task (the agenda behind it lists the task too).
    let row = "task    Demo of the SOC";
    let text = screen(&app, width, height);
    assert!(text.contains("Team: who is free when"), "{text}");
    assert!(!text.contains(row), "{text}");
    press(&mut app, "u");
    let text = screen(&app, width, height);
    assert!(text.contains("Team: who is free when"), "{text}");
    assert!(text.contains(row), "{text}");
}

/// Issue 31: above [`App::derive_inline_up_to`] clients an edit shows in its client's row
/// at once, and every pane follows from figures worked out off the keyboard's path
/// (`Effect::Derive`, back as `Message::Derived`); figures of a book that has changed
/// since are dropped.
#[test]
fn above_the_inline_limit_an_edit_shows_at_once_and_the_panes_follow() {
    use konto::ui::app::Effect;
    let (width, height) = (120, 40);
    let lumen_row = |app: &App| {
        screen(app, width, height)
            .lines()
            .find(|line| line.contains("Lumen Health") && line.contains("Healthcare"))
            .unwrap()
            .to_string()
    };
    let log_a_call = |app: &mut App| {
        press(app, "/lumen\n");
        press(app, "cCalled about the pilot\n")
    };
    let mut inline = app(width, height);
    let mut deferred = app(width, height);
    deferred.derive_inline_up_to = 0;
    assert!(lumen_row(&inline).contains("never"));
    let effects = log_a_call(&mut inline);
    assert!(!effects.iter().any(|e| matches!(e, Effect::Derive { .. })));
    assert!(
        !lumen_row(&inline).contains("never"),
        "{}",
        lumen_row(&inline)
    );
    let effects = log_a_call(&mut deferred);
    // The client's own row at once.
    assert_eq!(lumen_row(&deferred), lumen_row(&inline));
    let Some(Effect::Derive {
        book,
        today,
        generation,
    }) = effects
        .into_iter()
        .find(|e| matches!(e, Effect::Derive { .. }))
    else {
        panic!("the figures are worked out off the keyboard's path");
    };
    assert_ne!(
        screen(&deferred, width, height),
        screen(&inline, width, height)
    );
    assert!(screen(&deferred, width, height).contains("updating figures"));
    // Figures of an older book are dropped.
    let stale = konto::ui::derived::Derived::compute(&konto::storage::sample_book(), today);
    deferred.update(ui::Message::Derived {
        generation: generation - 1,
        derived: Box::new(stale),
    });
    assert_eq!(lumen_row(&deferred), lumen_row(&inline));
    // The rest follows when they come back: the same screen as worked out at once.
    deferred.update(ui::Message::Derived {
        generation,
        derived: Box::new(konto::ui::derived::Derived::compute(&book, today)),
    });
    assert_eq!(
        screen(&deferred, width, height),
        screen(&inline, width, height)
    );
}

/// Above the inline limit too, a client contacted from the reminder window leaves it at
/// once (its own facts are current before the rest of the figures come back).
#[test]
fn above_the_inline_limit_a_contact_leaves_the_reminder_window_at_once() {
    use konto::ui::modal::{Modal, Reminder};
    let (width, height) = (120, 40);
    let listed = |app: &App| match app.modals.first() {
        Some(Modal::Reminders { items, .. }) => items.clone(),
        _ => Vec::new(),
    };
    let mut app = app(width, height);
    app.derive_inline_up_to = 0;
    assert!(app.open_reminders());
    let first = listed(&app)[0].clone();
    let Reminder::Client(id) = &first else {
        panic!("a client comes first: {first:?}");
    };
    assert_eq!(id, "fjord-shipping");
    press(&mut app, "c");
    assert!(screen(&app, width, height).contains("Log a contact with Fjord Shipping A/S"));
    press(&mut app, "Agreed the pilot scope\n");
    let now = listed(&app);
    assert!(!now.is_empty());
    assert!(!now.contains(&first), "{now:?}");
}
