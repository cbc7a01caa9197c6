//! Adding or editing a project: its status, due date and the colleagues on it.

use std::sync::Arc;

use super::{Checked, Facts, Field, FormKind, fields_in_order};
use crate::edit::{Op, ProjectFields};
use crate::model::serde_format::format_date;
use crate::model::{Client, Project, ProjectStatus};

#[derive(Debug)]
pub struct ProjectForm {
    base: Arc<Client>,
    /// The project being edited, as the form found it (it names the project by its id);
    /// `None` when adding.
    editing: Option<Project>,
    name: Field,
    status: Field,
    due: Field,
    staff: Field,
}

impl ProjectForm {
    pub fn add(client: &Arc<Client>) -> ProjectForm {
        ProjectForm::with(client, None)
    }

    /// `None` if the client has no project with id `project_id`.
    pub fn edit(client: &Arc<Client>, project_id: &str) -> Option<ProjectForm> {
        let project = client.projects.iter().find(|p| p.id == project_id)?.clone();
        Some(ProjectForm::with(client, Some(project)))
    }

    fn with(client: &Arc<Client>, editing: Option<Project>) -> ProjectForm {
        let blank = Project::default();
        let p = editing.as_ref().unwrap_or(&blank);
        ProjectForm {
            name: Field::text("Name", &p.name, "e.g. Security review"),
            status: Field::choice_of("Status", p.status()),
            due: Field::text(
                "Due",
                &p.due.map(format_date).unwrap_or_default(),
                "2026-12-01, fri, +2w, or empty",
            ),
            staff: Field::text(
                "Staff",
                &p.staff.join(", "),
                "colleagues, separated by commas",
            ),
            base: client.clone(),
            editing,
        }
    }

    fn staff(&self) -> Vec<String> {
        self.staff
            .value()
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    }
}

impl FormKind for ProjectForm {
    fn title(&self) -> String {
        match &self.editing {
            Some(project) => format!("Edit project \"{}\"", project.name),
            None => format!("New project for {}", self.base.name),
        }
    }

    fields_in_order!(name, status, due, staff);

    fn check(&mut self, facts: Facts) -> Checked {
        let name = self.name.required("the name");
        let due = self.due.optional_date(facts.today);
        let (Some(name), Some(due)) = (name, due) else {
            return Checked::default();
        };
        let adding = self.editing.is_none();
        let set = |field: &Field| adding || field.touched;
        let fields = ProjectFields {
            name: set(&self.name).then_some(name),
            status: set(&self.status).then(|| Some(self.status.chosen::<ProjectStatus>())),
            due: set(&self.due).then_some(due),
            staff: set(&self.staff).then(|| self.staff()),
        };
        let op = match &self.editing {
            Some(old) => Op::EditProject {
                project: old.id.clone(),
                fields,
            },
            None => Op::AddProject(fields),
        };
        Checked::change(&self.base, Some(op))
    }
}
