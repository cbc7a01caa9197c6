//! A form of labelled fields: text inputs (a maintained textarea widget) and choices.
//! What the fields mean and how they are checked is up to each form's purpose.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea};
use strum::IntoEnumIterator;

#[derive(Debug, Clone)]
pub enum FieldKind {
    Text,
    /// One of a few options, cycled with ←/→ or Space, or picked by its first letter.
    Choice(Vec<String>),
}

#[derive(Debug, Clone)]
pub struct Field {
    pub label: &'static str,
    pub input: TextArea<'static>,
    pub kind: FieldKind,
    pub choice: usize,
    /// A short example or explanation shown under the field.
    pub hint: String,
    pub error: Option<String>,
    /// Typed into by the user (errors show for touched fields while typing).
    pub touched: bool,
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
            error: None,
            touched: false,
        }
    }

    pub fn choice(label: &'static str, options: &[&str], selected: usize) -> Field {
        Field {
            label,
            input: TextArea::default(),
            kind: FieldKind::Choice(options.iter().map(|o| o.to_string()).collect()),
            choice: selected.min(options.len().saturating_sub(1)),
            hint: "←/→ to change".to_string(),
            error: None,
            touched: false,
        }
    }

    /// A choice among the values of an enum, labelled as the user reads them, `current`
    /// selected.
    pub fn choice_of<T>(label: &'static str, current: T) -> Field
    where
        T: IntoEnumIterator + PartialEq + Into<&'static str>,
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
        }
    }

    pub fn set_text(&mut self, value: &str) {
        self.input = text_area(value);
    }
}

/// What a key did to the focused field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKey {
    /// The value changed: check it again.
    Edited,
    Ignored,
}

#[derive(Debug, Clone)]
pub struct Form {
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// A message about the whole form (a warning, or why it cannot be saved).
    pub note: Option<String>,
}

impl Form {
    pub fn new(title: impl Into<String>, fields: Vec<Field>) -> Form {
        Form {
            title: title.into(),
            fields,
            focus: 0,
            note: None,
        }
    }

    pub fn value(&self, index: usize) -> String {
        self.fields.get(index).map(Field::value).unwrap_or_default()
    }

    pub fn has_errors(&self) -> bool {
        self.fields.iter().any(|f| f.error.is_some())
    }

    pub fn next_field(&mut self) {
        self.focus = (self.focus + 1) % self.fields.len().max(1);
    }

    pub fn previous_field(&mut self) {
        let count = self.fields.len().max(1);
        self.focus = (self.focus + count - 1) % count;
    }

    /// A key for the focused field: typed text, or a change of choice.
    pub fn input(&mut self, key: KeyEvent) -> FormKey {
        let Some(field) = self.fields.get_mut(self.focus) else {
            return FormKey::Ignored;
        };
        match &field.kind {
            FieldKind::Choice(options) => {
                let n = options.len().max(1);
                let chosen = match key.code {
                    KeyCode::Right | KeyCode::Char(' ') => (field.choice + 1) % n,
                    KeyCode::Left => (field.choice + n - 1) % n,
                    KeyCode::Char(c) => options
                        .iter()
                        .position(|o| o.to_lowercase().starts_with(c.to_ascii_lowercase()))
                        .unwrap_or(field.choice),
                    _ => return FormKey::Ignored,
                };
                field.choice = chosen;
                field.touched = true;
                FormKey::Edited
            }
            FieldKind::Text => {
                // Single-line fields: Enter submits the form, it never breaks the line.
                if key.code == KeyCode::Enter
                    || (key.code == KeyCode::Char('m')
                        && key.modifiers.contains(KeyModifiers::CONTROL))
                {
                    return FormKey::Ignored;
                }
                if field.input.input(key) {
                    field.touched = true;
                    FormKey::Edited
                } else {
                    FormKey::Ignored
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(form: &mut Form, code: KeyCode) -> FormKey {
        form.input(KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn typing_moving_and_choosing() {
        let mut form = Form::new(
            "t",
            vec![
                Field::text("Name", "", ""),
                Field::choice("Tier", &["Key", "Growth", "Standard"], 2),
            ],
        );
        for c in "Acme".chars() {
            assert_eq!(press(&mut form, KeyCode::Char(c)), FormKey::Edited);
        }
        assert_eq!(form.value(0), "Acme");
        assert!(form.fields[0].touched);
        assert_eq!(
            press(&mut form, KeyCode::Enter),
            FormKey::Ignored,
            "no new lines"
        );
        form.next_field();
        assert_eq!(form.value(1), "Standard");
        press(&mut form, KeyCode::Right);
        assert_eq!(form.value(1), "Key");
        press(&mut form, KeyCode::Char('g'));
        assert_eq!(form.value(1), "Growth");
        form.previous_field();
        form.previous_field();
        assert_eq!(form.focus, 1);
    }
}
