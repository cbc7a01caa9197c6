//! The inputs a form is made of: text (a maintained textarea widget) and choices. Each
//! field keeps what the last check found wrong with it, and reads its own value as a
//! date, an amount or required text, so every form parses input the same way.

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea};
use strum::IntoEnumIterator;

use crate::edit;
use crate::model::Money;

#[derive(Debug, Clone)]
pub enum FieldKind {
    Text,
    /// One of a few options, cycled with ←/→ or Space, or picked by its first letter.
    Choice(Vec<String>),
    /// Any of a few options: ←/→ move, Space ticks or unticks the one under the cursor.
    Pick(Vec<String>, Vec<bool>),
}

#[derive(Debug, Clone)]
pub struct Field {
    pub label: &'static str,
    pub input: TextArea<'static>,
    pub kind: FieldKind,
    pub choice: usize,
    /// A short example or explanation shown under the field.
    pub hint: String,
    /// What the last check found wrong with the value.
    pub problem: Option<String>,
    /// Typed into by the user (its problem shows while typing).
    pub touched: bool,
    /// Submitted once: its problem shows even if it was never typed into.
    pub revealed: bool,
    /// Read as a date: while typing, the date the text means is shown (`fri` → Fri 4 Dec).
    pub date: Option<NaiveDate>,
}

/// What a key did to a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKey {
    /// The value changed: check it again.
    Edited,
    Ignored,
}

fn text_area(value: &str) -> TextArea<'static> {
    let mut input = TextArea::new(vec![value.to_string()]);
    input.move_cursor(CursorMove::End);
    input
}

impl Field {
    pub fn text(label: &'static str, value: &str, hint: impl Into<String>) -> Field {
        Field {
            label,
            input: text_area(value),
            kind: FieldKind::Text,
            choice: 0,
            hint: hint.into(),
            problem: None,
            touched: false,
            revealed: false,
            date: None,
        }
    }

    pub fn choice(label: &'static str, options: &[&str], selected: usize) -> Field {
        Field {
            label,
            input: TextArea::default(),
            kind: FieldKind::Choice(options.iter().map(ToString::to_string).collect()),
            choice: selected.min(options.len().saturating_sub(1)),
            hint: "←/→ to change".to_string(),
            problem: None,
            touched: false,
            revealed: false,
            date: None,
        }
    }

    /// Several of `options`, those at `ticked` ticked.
    pub fn pick(label: &'static str, options: &[String], ticked: &[usize]) -> Field {
        let marks = (0..options.len()).map(|i| ticked.contains(&i)).collect();
        Field {
            kind: FieldKind::Pick(options.to_vec(), marks),
            hint: "←/→ to move, Space to tick".to_string(),
            ..Field::choice(label, &[], 0)
        }
    }

    /// The options ticked in a field made by [`Field::pick`].
    pub fn ticked(&self) -> Vec<usize> {
        match &self.kind {
            FieldKind::Pick(_, marks) => (0..marks.len()).filter(|&i| marks[i]).collect(),
            _ => Vec::new(),
        }
    }

    /// A choice among the values of an enum, labelled as the user reads them, `current`
    /// selected.
    pub fn choice_of<T>(label: &'static str, current: T) -> Field
    where
        T: IntoEnumIterator + PartialEq + Copy + Into<&'static str>,
    {
        let labels: Vec<&str> = T::iter().map(Into::into).collect();
        let selected = T::iter().position(|t| t == current).unwrap_or(0);
        Field::choice(label, &labels, selected)
    }

    /// The enum value chosen in a field made by [`Field::choice_of`].
    pub fn chosen<T: IntoEnumIterator + Default>(&self) -> T {
        T::iter().nth(self.choice).unwrap_or_default()
    }

    /// The field's value: the text typed (trimmed), or the option chosen.
    pub fn value(&self) -> String {
        match &self.kind {
            FieldKind::Text => self.input.lines().join(" ").trim().to_string(),
            FieldKind::Choice(options) => options.get(self.choice).cloned().unwrap_or_default(),
            FieldKind::Pick(options, marks) => options
                .iter()
                .zip(marks)
                .filter(|(_, ticked)| **ticked)
                .map(|(o, _)| o.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    pub fn set_text(&mut self, value: &str) {
        self.input = text_area(value);
    }

    /// The problem to show under the field: once it was typed into or submitted.
    pub fn error(&self) -> Option<&str> {
        self.problem
            .as_deref()
            .filter(|_| self.touched || self.revealed)
    }

    /// A key for this field: typed text, or a change of choice.
    pub fn input(&mut self, key: KeyEvent) -> FormKey {
        let edited = match &mut self.kind {
            FieldKind::Choice(options) => {
                let n = options.len().max(1);
                let chosen = match key.code {
                    KeyCode::Right | KeyCode::Char(' ') => (self.choice + 1) % n,
                    KeyCode::Left => (self.choice + n - 1) % n,
                    KeyCode::Char(c) => options
                        .iter()
                        .position(|o| o.to_lowercase().starts_with(c.to_ascii_lowercase()))
                        .unwrap_or(self.choice),
                    _ => return FormKey::Ignored,
                };
                self.choice = chosen;
                true
            }
            FieldKind::Pick(options, marks) => {
                let n = options.len().max(1);
                match key.code {
                    KeyCode::Right => self.choice = (self.choice + 1) % n,
                    KeyCode::Left => self.choice = (self.choice + n - 1) % n,
                    KeyCode::Char(' ') => {
                        if let Some(mark) = marks.get_mut(self.choice) {
                            *mark = !*mark;
                        }
                    }
                    _ => return FormKey::Ignored,
                }
                true
            }
            // Ctrl-K empties the field (Ctrl-U is the text's own undo).
            FieldKind::Text
                if key.code == KeyCode::Char('k')
                    && key.modifiers.contains(KeyModifiers::CONTROL) =>
            {
                let was_empty = self.value().is_empty();
                self.input = text_area("");
                !was_empty
            }
            // Single-line fields: Enter submits the form, it never breaks the line.
            FieldKind::Text
                if key.code == KeyCode::Enter
                    || (key.code == KeyCode::Char('m')
                        && key.modifiers.contains(KeyModifiers::CONTROL)) =>
            {
                false
            }
            FieldKind::Text => self.input.input(key),
        };
        if edited {
            self.touched = true;
            FormKey::Edited
        } else {
            FormKey::Ignored
        }
    }

    /// Keeps the outcome of checking this field: the value, or the problem shown under it.
    pub fn checked<T>(&mut self, checked: Result<T, String>) -> Option<T> {
        match checked {
            Ok(value) => Some(value),
            Err(problem) => {
                self.problem = Some(problem);
                None
            }
        }
    }

    /// Text that must be there; `what` names it in the problem ("the name").
    pub fn required(&mut self, what: &str) -> Option<String> {
        let value = self.value();
        let checked = crate::edit::required_text(what, &value).map(str::to_string);
        self.checked(checked)
    }

    /// Text, or `None` when left empty.
    pub fn optional(&self) -> Option<String> {
        Some(self.value()).filter(|v| !v.is_empty())
    }

    /// An amount (`60000`, `60,000`, `60k`, `1.2m`, `$25.50`), or `Some(None)` when empty.
    pub fn optional_amount(&mut self) -> Option<Option<Money>> {
        let value = self.value();
        self.checked(if value.is_empty() {
            Ok(None)
        } else {
            Money::parse(&value).map(Some)
        })
    }

    /// The text read by `parse`, or `Some(None)` when empty.
    pub fn optional_read<T>(
        &mut self,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Option<Option<T>> {
        let value = self.value();
        self.checked(if value.is_empty() {
            Ok(None)
        } else {
            parse(&value).map(Some)
        })
    }

    pub fn required_amount(&mut self, what: &str) -> Option<Money> {
        let value = self.required(what)?;
        self.checked(Money::parse(&value))
    }

    /// A date (`2026-12-01`, `today`, `fri`, `+2w`), or `Some(None)` when empty.
    pub fn optional_date(&mut self, today: NaiveDate) -> Option<Option<NaiveDate>> {
        let value = self.value();
        let read = if value.is_empty() {
            Ok(None)
        } else {
            edit::parse_when(&value, today).map(Some)
        };
        self.date = read.clone().ok().flatten();
        self.checked(read)
    }

    /// A whole number of days, at least 1, or `Some(None)` when empty (a cadence).
    pub fn optional_days(&mut self) -> Option<Option<u32>> {
        let value = self.value();
        self.checked(if value.is_empty() {
            Ok(None)
        } else {
            match value.parse::<u32>() {
                Ok(0) => Err("a cadence of 0 days makes no sense; use 1 or more".to_string()),
                Ok(days) => Ok(Some(days)),
                Err(_) => Err(format!("\"{value}\" is not a whole number of days")),
            }
        })
    }

    pub fn required_date(&mut self, what: &str, today: NaiveDate) -> Option<NaiveDate> {
        self.date = None;
        let value = self.required(what)?;
        let read = edit::parse_when(&value, today);
        self.date = read.clone().ok();
        self.checked(read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(field: &mut Field, code: KeyCode) -> FormKey {
        field.input(KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn typing_and_choosing() {
        let mut name = Field::text("Name", "", "");
        for c in "Acme".chars() {
            assert_eq!(press(&mut name, KeyCode::Char(c)), FormKey::Edited);
        }
        assert_eq!(name.value(), "Acme");
        assert!(name.touched);
        assert_eq!(
            press(&mut name, KeyCode::Enter),
            FormKey::Ignored,
            "no new lines"
        );

        let mut tier = Field::choice("Tier", &["Key", "Growth", "Standard"], 2);
        assert_eq!(tier.value(), "Standard");
        press(&mut tier, KeyCode::Right);
        assert_eq!(tier.value(), "Key");
        press(&mut tier, KeyCode::Char('g'));
        assert_eq!(tier.value(), "Growth");
        assert_eq!(press(&mut tier, KeyCode::Enter), FormKey::Ignored);
    }

    #[test]
    fn a_problem_shows_once_typed_into_or_submitted() {
        let mut value = Field::text("Value", "12,5k", "");
        assert_eq!(value.optional_amount(), None);
        assert!(value.problem.is_some());
        assert_eq!(value.error(), None, "not typed into yet");
        value.revealed = true;
        assert!(value.error().unwrap().contains("not an amount"));

        let mut date = Field::text("Due", "", "");
        assert_eq!(date.optional_date(NaiveDate::MIN), Some(None));
        assert_eq!(date.required_date("the due date", NaiveDate::MIN), None);
        assert_eq!(
            date.problem.as_deref(),
            Some("the due date cannot be empty")
        );
    }
}
