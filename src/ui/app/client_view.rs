//! The full view of one client: its deals and projects, picked and changed in place.

use super::{
    Action, App, ClientChange, ClientView, CloseDealForm, DealForm, Effect, ProjectForm,
    ProjectStatus, Stage, edit,
};
use crate::edit::Step;

/// A deal or a project of the client in view, by its index in the client's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Deal(usize),
    Project(usize),
}

impl App {
    pub(super) fn open_client(&mut self, index: usize) {
        if let Some(id) = self.book().clients.get(index).map(|c| c.id.clone()) {
            self.selected = Some(index);
            self.client_view = Some(ClientView {
                id,
                index,
                scroll: 0,
                item: 0,
            });
        }
    }

    /// Deals and projects of the client in view.
    pub(super) fn view_items(&self) -> Vec<Item> {
        let Some(client) = self
            .client_view
            .as_ref()
            .and_then(|v| self.book().clients.get(v.index))
        else {
            return Vec::new();
        };
        // In the order the view lists them: deals by stage, then projects.
        let mut deals: Vec<usize> = (0..client.deals.len()).collect();
        deals.sort_by_key(|&i| client.deals[i].stage());
        deals
            .into_iter()
            .map(Item::Deal)
            .chain((0..client.projects.len()).map(Item::Project))
            .collect()
    }

    pub fn selected_item(&self) -> Option<Item> {
        let view = self.client_view.as_ref()?;
        self.view_items().get(view.item).copied()
    }

    /// Changes the selected deal's stage or project's status in place.
    pub(super) fn step_item(&mut self, step: Step) -> Vec<Effect> {
        let (Some(view), Some(item)) = (self.client_view.clone(), self.selected_item()) else {
            return Vec::new();
        };
        let today = self.today;
        let before = self.book().clients[view.index].clone();
        let mut after = before.clone();
        let label = match item {
            Item::Deal(index) => {
                let deal = &mut after.deals[index];
                edit::move_stage(deal, step, today);
                format!("moved \"{}\" to {}", deal.title, deal.stage().label())
            }
            Item::Project(index) => {
                let project = &mut after.projects[index];
                let order = [
                    ProjectStatus::Planned,
                    ProjectStatus::Active,
                    ProjectStatus::Blocked,
                    ProjectStatus::Done,
                ];
                let at = order
                    .iter()
                    .position(|s| *s == project.status())
                    .unwrap_or(0);
                let next = match step {
                    Step::Forward => (at + 1).min(3),
                    Step::Back => at.saturating_sub(1),
                };
                project.status = Some(order[next]);
                format!("set \"{}\" to {}", project.name, order[next].label())
            }
        };
        if after == before {
            return Vec::new();
        }
        let effects = self.change(ClientChange {
            label,
            before: Some((view.index, before)),
            after: Some((view.index, after)),
        });
        // Keep the cursor on the same deal, though its new stage moves it in the list.
        let position = self.view_items().iter().position(|other| *other == item);
        if let (Some(view), Some(position)) = (self.client_view.as_mut(), position) {
            view.item = position;
        }
        effects
    }

    pub(super) fn scroll_client_view(&mut self, delta: i32) {
        if let Some(view) = self.client_view.as_mut() {
            view.scroll =
                u16::try_from((i32::from(view.scroll) + delta).max(0)).unwrap_or(u16::MAX);
        }
    }

    pub(super) fn move_item(&mut self, delta: isize) {
        let count = self.view_items().len();
        if let Some(view) = self.client_view.as_mut() {
            if count == 0 {
                view.scroll = view
                    .scroll
                    .saturating_add_signed(i16::try_from(delta).unwrap_or(0));
            } else {
                view.item = view.item.saturating_add_signed(delta).min(count - 1);
            }
        }
    }

    pub(super) fn update_client_view(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Back => self.client_view = None,
            Action::Up => self.move_item(-1),
            Action::Down => self.move_item(1),
            Action::PageUp => self.scroll_client_view(-10),
            Action::PageDown => self.scroll_client_view(10),
            Action::Top => self.scroll_client_view(-i32::from(u16::MAX)),
            Action::Bottom => {
                if let Some(view) = self.client_view.as_mut() {
                    view.scroll = u16::MAX;
                }
            }
            Action::Scroll { down, .. } => self.scroll_client_view(if down { 3 } else { -3 }),
            Action::StageForward => return self.step_item(Step::Forward),
            Action::StageBack => return self.step_item(Step::Back),
            Action::MarkWon | Action::MarkLost => {
                if let Some(Item::Deal(index)) = self.selected_item() {
                    let outcome = if action == Action::MarkWon {
                        Stage::Won
                    } else {
                        Stage::Lost
                    };
                    self.with_target(|c, today| CloseDealForm::new(c, index, outcome, today));
                }
            }
            Action::EditItem => match self.selected_item() {
                Some(Item::Deal(index)) => self.with_target(|c, _| DealForm::edit(c, index)),
                Some(Item::Project(index)) => {
                    self.with_target(|c, _| ProjectForm::edit(c, index));
                }
                None => {}
            },
            Action::FocusNext | Action::FocusPrev | Action::Focus(_) => {
                self.client_view = None;
                return self.act(action);
            }
            _ => {}
        }
        Vec::new()
    }
}
