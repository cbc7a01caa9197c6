//! The pipeline board: a cursor over the open deals by stage, and the changes made there
//! (stage moves, forecast calls, won and lost), each recorded in the deal's history.

use strum::IntoEnumIterator;

use super::{Action, App, Effect};
use crate::edit::{Op, Step};
use crate::model::{ForecastCategory, Stage};
use crate::ui::derived::BoardDeal;
use crate::ui::form::{CloseDealForm, DealForm};

impl App {
    /// The deal under the board's cursor.
    pub fn board_deal(&self) -> Option<BoardDeal> {
        let (column, row) = self.board_cursor;
        self.derived
            .board
            .columns
            .get(column)?
            .deals
            .get(row)
            .cloned()
    }

    /// Puts the cursor at `(column, row)`, kept on the board, and selects the deal's
    /// client, so the keys that change a client act on it.
    pub(super) fn board_select(&mut self, column: usize, row: usize) {
        let columns = &self.derived.board.columns;
        let column = column.min(columns.len().saturating_sub(1));
        let rows = columns.get(column).map_or(0, |c| c.deals.len());
        self.board_cursor = (column, row.min(rows.saturating_sub(1)));
        if let Some(deal) = self.board_deal() {
            self.selected = Some(deal.client);
        }
    }

    pub(super) fn update_board(&mut self, action: Action) -> Vec<Effect> {
        let (column, row) = self.board_cursor;
        match action {
            Action::Up => self.board_select(column, row.saturating_sub(1)),
            Action::Down => self.board_select(column, row + 1),
            Action::Top => self.board_select(column, 0),
            Action::Bottom => self.board_select(column, usize::MAX),
            Action::Left => self.board_select(column.saturating_sub(1), row),
            Action::Right => self.board_select(column + 1, row),
            Action::StageForward => return self.step_board_deal(Step::Forward),
            Action::StageBack => return self.step_board_deal(Step::Back),
            Action::CycleForecast => return self.cycle_forecast(),
            Action::MarkWon | Action::MarkLost => {
                let outcome = if action == Action::MarkWon {
                    Stage::Won
                } else {
                    Stage::Lost
                };
                if let Some(deal) = self.board_deal() {
                    self.with_target(|c, today| CloseDealForm::new(c, &deal.deal, outcome, today));
                }
            }
            Action::EditItem => {
                if let Some(deal) = self.board_deal() {
                    self.with_target(|c, _| DealForm::edit(c, &deal.deal));
                }
            }
            Action::Open => {
                if let Some(deal) = self.board_deal() {
                    self.open_client(deal.client);
                }
            }
            other => self.act_on_panes(other),
        }
        Vec::new()
    }

    /// Makes `op` on the client of the deal under the cursor and keeps the cursor on the
    /// deal (in its new column after a stage move; where it was, if it left the board as
    /// won or lost).
    fn change_board_deal(&mut self, op: impl FnOnce(&BoardDeal) -> Op) -> Vec<Effect> {
        let Some(picked) = self.board_deal() else {
            return Vec::new();
        };
        let Some(client) = self.book().clients.get(picked.client).map(|c| c.id.clone()) else {
            return Vec::new();
        };
        let effects = self.apply_op(&client, op(&picked));
        let (column, row) = self
            .index_of(&client)
            .and_then(|index| self.derived.board.find(index, &picked.deal))
            .unwrap_or(self.board_cursor);
        self.board_select(column, row);
        effects
    }

    fn step_board_deal(&mut self, step: Step) -> Vec<Effect> {
        self.change_board_deal(|picked| Op::StepDeal {
            deal: picked.deal.clone(),
            step,
        })
    }

    /// By stage → Pipeline → Best case → Commit → Omitted → by stage.
    fn cycle_forecast(&mut self) -> Vec<Effect> {
        let calls: Vec<Option<ForecastCategory>> = std::iter::once(None)
            .chain(ForecastCategory::iter().map(Some))
            .collect();
        let current = self.board_deal().and_then(|picked| {
            let client = self.book().clients.get(picked.client)?;
            Some(client.deal(&picked.deal)?.forecast)
        });
        let at = calls.iter().position(|c| Some(*c) == current).unwrap_or(0);
        let call = calls[(at + 1) % calls.len()];
        self.change_board_deal(|picked| Op::CallForecast {
            deal: picked.deal.clone(),
            call,
        })
    }
}
