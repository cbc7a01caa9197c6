//! Helpers shared by the integration tests.

#![allow(dead_code)]

pub mod pty;

use std::fs;
use std::path::PathBuf;

/// The bundled sample book.
pub const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/sample.ron");

/// A file of `tests/data`, e.g. `data("bad_date.ron")` or `data("import/contacts.vcf")`.
pub fn data(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data")).join(name)
}

/// Runs the konto binary on `book` as of `today`, without the cache.
pub fn konto_on(args: &[&str], book: &std::path::Path, today: &str) -> std::process::Output {
    konto_bin()
        .env("KONTO_CACHE", "off")
        .args(args)
        .args([
            "--data",
            book.to_str().expect("a UTF-8 path"),
            "--today",
            today,
        ])
        .output()
        .expect("konto runs")
}

/// What a run printed, standard output then error.
pub fn said(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

/// The bundled sample book's path.
pub fn sample() -> PathBuf {
    PathBuf::from(SAMPLE)
}

/// A copy of the sample book in a fresh folder, as `book.ron`.
pub fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("book.ron");
    fs::copy(SAMPLE, &path).expect("the sample book copies");
    (dir, path)
}

/// A string that attacks a terminal every way it can: a colour and a screen clear, a
/// title change ending in BEL, a newline that would fake a row, a bidi override, a C1
/// CSI, DEL and a tab.
pub const HOSTILE: &str =
    "Evil\u{1b}[31m\u{1b}[2J\u{1b}]0;pwned\u{07}\nFAKE ROW\u{202e}gnp.exe\u{9b}6n\u{7f}\tX";

/// The sample book with the hostile string in every text field of two clients and in
/// the book's own settings; one client's id carries an escape too.
pub fn hostile_book() -> (tempfile::TempDir, PathBuf) {
    let (dir, path) = sample_copy();
    let book = hostile_model();
    konto::storage::save(&path, &book, None).expect("the hostile book saves");
    (dir, path)
}

/// The book [`hostile_book`] writes.
pub fn hostile_model() -> konto::model::Book {
    use konto::model::{Contact, Gift, Interaction, Project, Task, TeamMember};
    let mut book = konto::storage::load(&sample())
        .expect("the sample loads")
        .book;
    book.owner = Some(HOSTILE.to_string());
    book.owner_email = Some(format!("me {HOSTILE}"));
    book.team.push(TeamMember {
        id: "evil\u{1b}[2J-colleague".to_string(),
        name: format!("Colleague {HOSTILE}"),
        role: Some(format!("Role {HOSTILE}")),
        email: Some(format!("Email {HOSTILE}")),
    });
    for (n, client) in book.clients.iter_mut().take(2).enumerate() {
        let h = |what: &str| format!("{what} {HOSTILE}");
        if n == 0 {
            client.id = "evil\u{1b}[2J-id".to_string();
        }
        client.name = h("Name");
        client.crm_id = Some(h("salesforce:001"));
        client.industry = Some(h("Industry"));
        client.notes = Some(h("Notes"));
        client.contacts.insert(
            0,
            Contact {
                id: h("contact-id"),
                name: h("Contact"),
                role: Some(h("Role")),
                buying_role: Some(konto::model::BuyingRole::Blocker),
                email: Some(h("Email")),
                phone: Some(h("Phone")),
                timezone: Some("Europe/Copenhagen".to_string()),
                cadence_days: Some(1),
                notes: Some(h("Contact notes")),
                left: None,
                crm_id: Some(h("hubspot:51")),
            },
        );
        client.interactions.push(Interaction {
            id: h("interaction-id"),
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 26),
            kind: None,
            with: vec![h("contact-id")],
            summary: h("Summary"),
            source: Some(h("mail:<source>")),
            direction: Some(konto::model::Direction::Received),
            addresses: Vec::new(),
        });
        client.domains = vec![h("domain")];
        for (n, deal) in client.deals.iter_mut().enumerate() {
            deal.title = h("Deal");
            deal.crm_id = Some(h("pipedrive:7"));
            deal.id = h(&format!("deal-id-{n}"));
        }
        let first_deal = client.deals.first().map(|d| d.id.clone());
        for task in &mut client.tasks {
            task.title = h("Task");
            if task.deal.is_some() {
                task.deal.clone_from(&first_deal);
            }
        }
        client.tasks.push(Task {
            id: h("task-id"),
            title: h("Task"),
            due: chrono::NaiveDate::from_ymd_opt(2026, 11, 20),
            owner: Some("evil\u{1b}[2J-colleague".to_string()),
            deal: first_deal,
            done: None,
        });
        client.projects.push(Project {
            id: h("project-id"),
            name: h("Project"),
            status: None,
            due: chrono::NaiveDate::from_ymd_opt(2026, 12, 1),
            staff: vec![h("Staff")],
        });
        client.gifts.push(Gift {
            id: h("gift-id"),
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 1),
            recipient: h("Recipient"),
            description: h("Gift"),
            value: Some(konto::model::Money::from_units(350)),
            face_value: Some(konto::model::Money::from_units(400)),
            recipients: vec![h("Recipient"), h("Guest")],
            ..Gift::default()
        });
    }
    book
}

/// The characters of `text` that would act on a terminal: any control character other
/// than newline, tab and the CR of a CRLF line end, and bidi overrides.
pub fn terminal_unsafe(text: &str) -> Vec<char> {
    let text = text.replace("\r\n", "\n");
    text.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n' && c != '\t')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

/// The konto binary with its saves not flushed to the disk (`KONTO_FSYNC=off`, honoured
/// under the test-support feature only): for the tests that are not about durability,
/// where a flush only costs time. The crash and kill tests run it as shipped.
pub fn konto_bin() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_konto"));
    command.env("KONTO_FSYNC", "off");
    command
}
