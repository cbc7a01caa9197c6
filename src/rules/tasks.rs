//! Next steps across the book: what is due, and the agenda that puts due tasks beside
//! due check-ins.

use chrono::NaiveDate;

use crate::model::{Book, Client, Task, Tier};

use super::checkins::{self, Due};
use super::{cmp_names, days_between};

/// Whose tasks to list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    Anyone,
    /// The book's owner: tasks with no `owner`.
    Me,
    Colleague(String),
}

impl Owner {
    /// `me` for the book's owner, else a team id.
    pub fn parse(text: &str) -> Owner {
        if text.eq_ignore_ascii_case("me") {
            Owner::Me
        } else {
            Owner::Colleague(text.to_string())
        }
    }

    fn takes(&self, task: &Task) -> bool {
        match self {
            Owner::Anyone => true,
            Owner::Me => task.owner.is_none(),
            Owner::Colleague(id) => task.owner.as_deref() == Some(id.as_str()),
        }
    }
}

/// A task with its client, and where it stands.
#[derive(Debug, Clone, Copy)]
pub struct TaskDue<'a> {
    pub client: &'a Client,
    pub task: &'a Task,
    /// `None`: no due date.
    pub due: Option<Due>,
}

impl TaskDue<'_> {
    /// Days past due (0 today, negative ahead); `None` without a due date.
    pub fn days_overdue(&self, today: NaiveDate) -> Option<i64> {
        self.task.due.map(|due| days_between(due, today))
    }
}

/// Open tasks of `owner` (done ones too with `all`), by due date: overdue first, then
/// today, then ahead; tasks without a date last.
pub fn list<'a>(book: &'a Book, today: NaiveDate, owner: &Owner, all: bool) -> Vec<TaskDue<'a>> {
    sorted(book, today, |task| {
        (all || task.is_open()) && owner.takes(task)
    })
}

/// The tasks `keep` takes, by due date (undated last), then client name and task id.
fn sorted(book: &Book, today: NaiveDate, keep: impl Fn(&Task) -> bool) -> Vec<TaskDue<'_>> {
    let mut tasks: Vec<TaskDue> = book
        .clients
        .iter()
        .flat_map(|client| {
            client
                .tasks
                .iter()
                .filter(|task| keep(task))
                .map(move |task| TaskDue {
                    client,
                    task,
                    due: task.due.map(|date| Due::from_dates(date, today)),
                })
        })
        .collect();
    // The name is lower-cased once per task, not once per comparison.
    tasks.sort_by_cached_key(|t| {
        (
            t.task.due.is_none(),
            t.task.due,
            t.client.name.to_lowercase(),
            t.task.id.clone(),
        )
    });
    tasks
}

/// The client as `konto tasks` (the open ones) reads it, and nothing more: its id, name,
/// open tasks and the deals they are for (a task shows its deal's title; who owns it is
/// the book's team). Kept beside the cache so that `tasks` decodes a fraction of a large
/// book.
pub fn as_read_for_open_tasks(client: &Client) -> Client {
    let tasks: Vec<Task> = client.open_tasks().cloned().collect();
    let deals = client
        .deals
        .iter()
        .filter(|deal| tasks.iter().any(|t| t.deal.as_deref() == Some(&deal.id)))
        .cloned()
        .collect();
    Client {
        deals,
        tasks,
        ..Client::new(client.id.clone(), client.name.clone())
    }
}

/// Open tasks due today or overdue, anyone's.
pub fn due_now(book: &Book, today: NaiveDate) -> Vec<TaskDue<'_>> {
    sorted(book, today, |task| {
        task.is_open() && task.due.is_some_and(|due| due <= today)
    })
}

/// One line of the agenda: a client to contact, or a task to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgendaItem {
    /// A client's check-in (index into the book's clients).
    Checkin { client: usize, due: Due },
    /// A task (indices into the book's clients and that client's tasks).
    Task {
        client: usize,
        task: usize,
        due: Due,
    },
}

impl AgendaItem {
    pub fn client(self) -> usize {
        match self {
            AgendaItem::Checkin { client, .. } | AgendaItem::Task { client, .. } => client,
        }
    }

    pub fn due(self) -> Due {
        match self {
            AgendaItem::Checkin { due, .. } | AgendaItem::Task { due, .. } => due,
        }
    }
}

/// What needs doing, in two parts: `now` (overdue or due today: check-ins and tasks,
/// most urgent first) and `coming` (due within `horizon_days`, soonest first).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Agenda {
    pub now: Vec<AgendaItem>,
    pub coming: Vec<AgendaItem>,
}

/// How urgent a due item is: days late, then key accounts before others.
fn urgency(book: &Book, item: AgendaItem) -> (i64, u8) {
    let late = match item.due() {
        Due::Overdue { days } => days,
        Due::Today => 0,
        Due::Upcoming { days } => -days,
    };
    let tier = match book.clients[item.client()].tier() {
        Tier::Key => 2,
        Tier::Growth => 1,
        Tier::Standard => 0,
    };
    (late, tier)
}

pub fn agenda(book: &Book, today: NaiveDate, horizon_days: u32) -> Agenda {
    let horizon = i64::from(horizon_days);
    let mut agenda = Agenda::default();
    let mut place = |item: AgendaItem| match item.due() {
        Due::Overdue { .. } | Due::Today => agenda.now.push(item),
        Due::Upcoming { days } if days <= horizon => agenda.coming.push(item),
        Due::Upcoming { .. } => {}
    };
    for (index, client) in book.clients.iter().enumerate() {
        let due = checkins::checkin(book, client, today).due;
        place(AgendaItem::Checkin { client: index, due });
        for (task_index, task) in client.tasks.iter().enumerate() {
            if let (true, Some(date)) = (task.is_open(), task.due) {
                place(AgendaItem::Task {
                    client: index,
                    task: task_index,
                    due: Due::from_dates(date, today),
                });
            }
        }
    }
    let by_name = |a: &AgendaItem, b: &AgendaItem| {
        cmp_names(
            &book.clients[a.client()].name,
            &book.clients[b.client()].name,
        )
    };
    agenda.now.sort_by(|a, b| {
        urgency(book, *b)
            .cmp(&urgency(book, *a))
            .then_with(|| by_name(a, b))
    });
    agenda.coming.sort_by(|a, b| {
        urgency(book, *b)
            .0
            .cmp(&urgency(book, *a).0)
            .then_with(|| by_name(a, b))
    });
    agenda
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn task(id: &str, due: Option<&str>, owner: Option<&str>, done: bool) -> Task {
        Task {
            id: id.into(),
            title: id.to_uppercase(),
            due: due.map(day),
            owner: owner.map(String::from),
            deal: None,
            done: done.then(|| day("2026-11-01")),
        }
    }

    fn book() -> Book {
        let mut a = Client::new("a", "Alpha");
        a.tier = Some(Tier::Standard);
        a.last_contact = Some(day("2026-11-26"));
        a.tasks = vec![
            task("late", Some("2026-11-20"), None, false),
            task("later", Some("2026-12-05"), Some("ida"), false),
            task("done", Some("2026-11-01"), None, true),
            task("someday", None, None, false),
        ];
        let mut k = Client::new("k", "Kappa");
        k.tier = Some(Tier::Key);
        k.last_contact = Some(day("2026-11-13"));
        k.tasks = vec![task("today", Some("2026-11-27"), None, false)];
        Book {
            clients: vec![a, k].into(),
            ..Book::default()
        }
    }

    #[test]
    fn tasks_list_overdue_first_and_undated_last_by_owner() {
        let book = book();
        let today = day("2026-11-27");
        let ids = |owner: &Owner, all: bool| -> Vec<&str> {
            list(&book, today, owner, all)
                .iter()
                .map(|t| t.task.id.as_str())
                .collect()
        };
        assert_eq!(
            ids(&Owner::Anyone, false),
            ["late", "today", "later", "someday"]
        );
        assert_eq!(ids(&Owner::Me, false), ["late", "today", "someday"]);
        assert_eq!(ids(&Owner::parse("ida"), false), ["later"]);
        assert_eq!(ids(&Owner::Anyone, true).len(), 5);
        let now: Vec<&str> = due_now(&book, today)
            .iter()
            .map(|t| t.task.id.as_str())
            .collect();
        assert_eq!(now, ["late", "today"]);
        assert_eq!(
            list(&book, today, &Owner::Anyone, false)[0].days_overdue(today),
            Some(7)
        );
    }

    #[test]
    fn the_agenda_puts_due_tasks_beside_due_check_ins_most_urgent_first() {
        let book = book();
        let agenda = agenda(&book, day("2026-11-27"), 14);
        // Kappa (key, 7-day cadence by default... 14 days since contact) is overdue by 0+;
        // Alpha's task is 7 days late: the most urgent.
        assert_eq!(
            agenda.now[0],
            AgendaItem::Task {
                client: 0,
                task: 0,
                due: Due::Overdue { days: 7 }
            }
        );
        assert!(agenda.now.contains(&AgendaItem::Task {
            client: 1,
            task: 0,
            due: Due::Today
        }));
        assert!(
            agenda
                .now
                .iter()
                .any(|i| matches!(i, AgendaItem::Checkin { client: 1, .. }))
        );
        assert!(agenda.coming.contains(&AgendaItem::Task {
            client: 0,
            task: 1,
            due: Due::Upcoming { days: 8 }
        }));
        // Done and undated tasks are not on the agenda.
        let tasks_listed = agenda
            .now
            .iter()
            .chain(&agenda.coming)
            .filter(|i| matches!(i, AgendaItem::Task { .. }))
            .count();
        assert_eq!(tasks_listed, 3);
    }
}
