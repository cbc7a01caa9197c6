//! The colleagues you bring in: what each is committed to across the book, and the days
//! they are committed twice, so a demo is not promised on a day they are taken.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::model::{Book, Client, Project, ProjectStatus, Task, TeamMember};

/// One thing a colleague is committed to on a day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Commitment<'a> {
    Task {
        client: &'a Client,
        task: &'a Task,
    },
    Project {
        client: &'a Client,
        project: &'a Project,
    },
}

impl Commitment<'_> {
    pub fn client(&self) -> &Client {
        match self {
            Commitment::Task { client, .. } | Commitment::Project { client, .. } => client,
        }
    }

    pub fn title(&self) -> &str {
        match self {
            Commitment::Task { task, .. } => &task.title,
            Commitment::Project { project, .. } => &project.name,
        }
    }

    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            Commitment::Task { task, .. } => task.due,
            Commitment::Project { project, .. } => project.due,
        }
    }
}

/// A colleague's open tasks and unfinished projects, by date, and their clashes.
#[derive(Debug, Clone, PartialEq)]
pub struct Load<'a> {
    pub member: &'a TeamMember,
    /// Dated first, soonest first; undated last.
    pub commitments: Vec<Commitment<'a>>,
    /// Days with two or more commitments, from today on.
    pub clashes: Vec<(NaiveDate, Vec<Commitment<'a>>)>,
}

/// Whether a project's `staff` names this colleague: by id, or by their name.
fn staffs(project: &Project, member: &TeamMember) -> bool {
    project.staff.iter().any(|s| {
        let s = s.trim();
        s == member.id || (!member.name.is_empty() && s.eq_ignore_ascii_case(&member.name))
    })
}

fn commitments_of<'a>(book: &'a Book, member: &TeamMember) -> Vec<Commitment<'a>> {
    let mut all = Vec::new();
    for client in &book.clients {
        for task in client.open_tasks() {
            if task.owner.as_deref() == Some(member.id.as_str()) {
                all.push(Commitment::Task { client, task });
            }
        }
        for project in &client.projects {
            if project.status() != ProjectStatus::Done && staffs(project, member) {
                all.push(Commitment::Project { client, project });
            }
        }
    }
    all.sort_by_key(|c| (c.date().is_none(), c.date()));
    all
}

/// Every colleague's load, in the team's order.
pub fn loads(book: &Book, today: NaiveDate) -> Vec<Load<'_>> {
    book.team
        .iter()
        .map(|member| {
            let commitments = commitments_of(book, member);
            let mut by_day: BTreeMap<NaiveDate, Vec<Commitment>> = BTreeMap::new();
            for commitment in &commitments {
                if let Some(date) = commitment.date().filter(|d| *d >= today) {
                    by_day.entry(date).or_default().push(*commitment);
                }
            }
            Load {
                member,
                commitments,
                clashes: by_day.into_iter().filter(|(_, c)| c.len() > 1).collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_sample_shows_ida_committed_twice_on_the_ninth() {
        let book = crate::storage::sample_book();
        let today = day("2026-11-27");
        let loads = loads(&book, today);
        let ida = loads.iter().find(|l| l.member.id == "ida").unwrap();
        let titles: Vec<&str> = ida.commitments.iter().map(Commitment::title).collect();
        assert!(titles.contains(&"Demo of the SOC dashboard"), "{titles:?}");
        assert!(
            titles.contains(&"Security review"),
            "projects by team id: {titles:?}"
        );
        assert_eq!(ida.clashes.len(), 1, "{:?}", ida.clashes);
        let (date, clash) = &ida.clashes[0];
        assert_eq!(*date, day("2026-12-09"));
        let clients: Vec<&str> = clash.iter().map(|c| c.client().id.as_str()).collect();
        assert_eq!(clients, ["nordlys-bank", "lumen-health"]);
        let farah = loads.iter().find(|l| l.member.id == "farah").unwrap();
        assert!(farah.clashes.is_empty());
        assert_eq!(farah.commitments.len(), 1, "Platform validation");
    }
}
