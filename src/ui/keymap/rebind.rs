//! The key map in use: the default table with the user's rebindings from `config.ron`
//! applied. Help, hints and key handling all read this one map.

use std::fmt::Write as _;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{BINDINGS, Binding, Context, KeyPress, key_label};
use crate::ui::action::Action;

/// One binding of the table with the keys it answers to now.
#[derive(Debug, Clone)]
pub struct Bound {
    pub binding: &'static Binding,
    pub keys: Vec<KeyPress>,
}

impl Bound {
    pub fn help(&self) -> &'static str {
        self.binding.help
    }

    pub fn action(&self) -> Action {
        self.binding.action
    }

    /// All the ways to press it, without repeats: `q/Ctrl-C`.
    pub fn keys_label(&self) -> String {
        self.key_labels().join("/")
    }

    /// Each way to press it once: `["q", "Ctrl-C"]` (a Shift twin is the same label).
    pub fn key_labels(&self) -> Vec<String> {
        let mut labels: Vec<String> = Vec::new();
        for (code, mods) in &self.keys {
            let label = key_label(*code, *mods);
            if !labels.contains(&label) {
                labels.push(label);
            }
        }
        labels
    }

    /// The first way to press it, for the status line's hints.
    pub fn first_key_label(&self) -> String {
        self.keys
            .first()
            .map(|(code, mods)| key_label(*code, *mods))
            .unwrap_or_default()
    }

    /// `global.quit`: how `config.ron` names this binding alone.
    pub fn config_name(&self) -> String {
        format!(
            "{}.{}",
            self.binding.context.config_name(),
            self.binding.action.config_name().unwrap_or("?")
        )
    }
}

#[derive(Debug, Clone)]
pub struct KeyMap {
    bound: Vec<Bound>,
}

impl Default for KeyMap {
    fn default() -> KeyMap {
        KeyMap {
            bound: BINDINGS
                .iter()
                .map(|binding| Bound {
                    binding,
                    keys: binding.keys.to_vec(),
                })
                .collect(),
        }
    }
}

/// Why a rebinding from `config.ron` cannot be taken; the text named is what to point at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rebind {
    UnknownAction(String),
    UnknownKey(String),
    NoKeys(String),
    /// One key would do two things in one place.
    Clash {
        key: String,
        context: &'static str,
        first: String,
        second: String,
    },
}

impl std::fmt::Display for Rebind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rebind::UnknownAction(name) => write!(
                f,
                "no action is called {name:?}; `konto config default` lists every one"
            ),
            Rebind::UnknownKey(key) => write!(
                f,
                "{key:?} is not a key konto knows (keys are written like \"x\", \"X\", \"ctrl-p\", \"alt-x\", \"enter\", \"esc\", \"up\", \"pgdn\", \"f5\", \"space\")"
            ),
            Rebind::NoKeys(name) => write!(
                f,
                "{name:?} has no keys: give at least one, or leave it out for the default"
            ),
            Rebind::Clash {
                key,
                context,
                first,
                second,
            } => write!(
                f,
                "{key:?} would do both {first:?} and {second:?} in {context}; give one of them another key"
            ),
        }
    }
}

impl KeyMap {
    /// The action for `key` in the first context (in order) that binds it.
    pub fn lookup(&self, contexts: &[Context], key: KeyEvent) -> Option<Action> {
        contexts.iter().find_map(|context| {
            self.bindings_in(*context)
                .find(|b| {
                    b.keys
                        .iter()
                        .any(|(code, mods)| *code == key.code && *mods == key.modifiers)
                })
                .map(Bound::action)
        })
    }

    pub fn bindings_in(&self, context: Context) -> impl Iterator<Item = &Bound> {
        self.bound
            .iter()
            .filter(move |b| b.binding.context == context)
    }

    /// An overlay's title hints: scrolling down and its hinted keys (`j/↓ scroll down ·
    /// Esc/? close help`).
    pub fn overlay_hints(&self, context: Context) -> String {
        self.bindings_in(context)
            .filter(|b| b.binding.hint || b.action() == Action::Down)
            .map(|b| format!("{} {}", b.keys_label(), b.help()))
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// The keys as a Markdown table, place by place in `sections`' order: the README's
    /// keys table is this text, checked by a test, so it cannot fall behind the help.
    pub fn markdown_table(&self, sections: &[Context]) -> String {
        let mut out = String::from("| where | keys | what |\n|---|---|---|\n");
        for &context in sections {
            for bound in self.bindings_in(context) {
                let keys = bound
                    .key_labels()
                    .iter()
                    .map(|k| format!("`{}`", k.replace('|', "\\|")))
                    .collect::<Vec<_>>()
                    .join(" ");
                let _ = writeln!(out, "| {} | {keys} | {} |", context.title(), bound.help());
            }
        }
        out
    }

    pub fn all(&self) -> &[Bound] {
        &self.bound
    }

    /// Gives the action `name` (`log_contact` in every place it is bound, or
    /// `pipeline.open` in one) the keys written in `keys`, replacing its defaults.
    pub fn rebind(&mut self, name: &str, keys: &[String]) -> Result<(), Rebind> {
        let (context, action) = match name.split_once('.') {
            Some((context, action)) => (Some(context), action),
            None => (None, name),
        };
        let mut presses = Vec::new();
        for key in keys {
            let parsed = parse_key(key).ok_or_else(|| Rebind::UnknownKey(key.clone()))?;
            presses.extend(parsed);
        }
        if presses.is_empty() {
            return Err(Rebind::NoKeys(name.to_string()));
        }
        let mut found = false;
        for bound in &mut self.bound {
            let same_action = bound.binding.action.config_name() == Some(action);
            let same_context = context.is_none_or(|c| bound.binding.context.config_name() == c);
            if same_action && same_context {
                bound.keys.clone_from(&presses);
                found = true;
            }
        }
        if found {
            Ok(())
        } else {
            Err(Rebind::UnknownAction(name.to_string()))
        }
    }

    /// The first key that two bindings of one place both claim, if any.
    pub fn clash(&self) -> Option<Rebind> {
        for (i, a) in self.bound.iter().enumerate() {
            for b in &self.bound[i + 1..] {
                if a.binding.context != b.binding.context || a.action() == b.action() {
                    continue;
                }
                if let Some((code, mods)) = a.keys.iter().find(|k| b.keys.contains(k)) {
                    return Some(Rebind::Clash {
                        key: key_config_text(*code, *mods),
                        context: a.binding.context.title(),
                        first: a.config_name(),
                        second: b.config_name(),
                    });
                }
            }
        }
        None
    }
}

/// Reads a key as `config.ron` writes it: `x`, `X`, `?`, `ctrl-p`, `alt-x`, `enter`,
/// `shift-tab`, `f5`. A capital letter or a symbol answers with and without Shift, as
/// terminals differ in which they report.
pub fn parse_key(text: &str) -> Option<Vec<KeyPress>> {
    let mut mods = KeyModifiers::NONE;
    let mut rest = text.trim();
    loop {
        let lower = rest.to_ascii_lowercase();
        let prefix = [
            ("ctrl-", KeyModifiers::CONTROL),
            ("alt-", KeyModifiers::ALT),
            ("shift-", KeyModifiers::SHIFT),
        ]
        .into_iter()
        .find(|(prefix, _)| lower.starts_with(prefix) && rest.len() > prefix.len());
        let Some((prefix, modifier)) = prefix else {
            break;
        };
        mods |= modifier;
        rest = &rest[prefix.len()..];
    }
    let mut chars = rest.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return Some(char_presses(c, mods));
    }
    let code = named_key(&rest.to_ascii_lowercase())?;
    if code == KeyCode::BackTab || (code == KeyCode::Tab && mods == KeyModifiers::SHIFT) {
        return Some(vec![
            (KeyCode::BackTab, KeyModifiers::SHIFT),
            (KeyCode::BackTab, KeyModifiers::NONE),
        ]);
    }
    Some(vec![(code, mods)])
}

fn char_presses(c: char, mods: KeyModifiers) -> Vec<KeyPress> {
    if mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) {
        let base = mods - KeyModifiers::SHIFT;
        return vec![(KeyCode::Char(c.to_ascii_lowercase()), base)];
    }
    let c = if mods.contains(KeyModifiers::SHIFT) {
        c.to_ascii_uppercase()
    } else {
        c
    };
    if c.is_lowercase() || c.is_ascii_digit() || c == ' ' {
        vec![(KeyCode::Char(c), KeyModifiers::NONE)]
    } else {
        vec![
            (KeyCode::Char(c), KeyModifiers::NONE),
            (KeyCode::Char(c), KeyModifiers::SHIFT),
        ]
    }
}

fn named_key(name: &str) -> Option<KeyCode> {
    Some(match name {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "backspace" => KeyCode::Backspace,
        "space" => KeyCode::Char(' '),
        "up" | "↑" => KeyCode::Up,
        "down" | "↓" => KeyCode::Down,
        "left" | "←" => KeyCode::Left,
        "right" | "→" => KeyCode::Right,
        "pgup" | "pageup" => KeyCode::PageUp,
        "pgdn" | "pagedown" => KeyCode::PageDown,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "del" | "delete" => KeyCode::Delete,
        "ins" | "insert" => KeyCode::Insert,
        f => {
            let n: u8 = f.strip_prefix('f')?.parse().ok()?;
            if !(1..=24).contains(&n) {
                return None;
            }
            KeyCode::F(n)
        }
    })
}

/// How `config.ron` writes a key: `ctrl-c`, `G`, `shift-tab`, `pgdn`.
pub fn key_config_text(code: KeyCode, mods: KeyModifiers) -> String {
    let base = match code {
        KeyCode::Char(' ') => "space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::BackTab => return "shift-tab".to_string(),
        KeyCode::PageUp => "pgup".to_string(),
        KeyCode::PageDown => "pgdn".to_string(),
        KeyCode::F(n) => format!("f{n}"),
        other => key_label(other, KeyModifiers::NONE).to_lowercase(),
    };
    let base = match base.as_str() {
        "↑" => "up".to_string(),
        "↓" => "down".to_string(),
        "←" => "left".to_string(),
        "→" => "right".to_string(),
        _ => base,
    };
    let mut text = String::new();
    if mods.contains(KeyModifiers::CONTROL) {
        text.push_str("ctrl-");
    }
    if mods.contains(KeyModifiers::ALT) {
        text.push_str("alt-");
    }
    text.push_str(&base);
    text
}

/// A binding's keys as `config.ron` writes them, without the Shift twins: `["G", "end"]`.
pub fn keys_config_text(keys: &[KeyPress]) -> Vec<String> {
    let mut texts: Vec<String> = Vec::new();
    for (code, mods) in keys {
        let text = key_config_text(*code, *mods);
        if !texts.contains(&text) {
            texts.push(text);
        }
    }
    texts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn keys_read_as_written() {
        let none = KeyModifiers::NONE;
        let shift = KeyModifiers::SHIFT;
        assert_eq!(parse_key("x"), Some(vec![(KeyCode::Char('x'), none)]));
        assert_eq!(
            parse_key("X"),
            Some(vec![
                (KeyCode::Char('X'), none),
                (KeyCode::Char('X'), shift)
            ])
        );
        assert_eq!(
            parse_key("Ctrl-P"),
            Some(vec![(KeyCode::Char('p'), KeyModifiers::CONTROL)])
        );
        assert_eq!(parse_key("shift-x"), parse_key("X"));
        assert_eq!(parse_key("pgdn"), Some(vec![(KeyCode::PageDown, none)]));
        assert_eq!(parse_key("F5"), Some(vec![(KeyCode::F(5), none)]));
        assert_eq!(parse_key("-"), Some(char_presses('-', none)));
        assert_eq!(parse_key("shift-tab"), parse_key("backtab"));
        assert_eq!(parse_key("hyper-x"), None);
        assert_eq!(parse_key("f99"), None);
        assert_eq!(parse_key(""), None);
    }

    #[test]
    fn every_default_key_writes_and_reads_back() {
        for bound in KeyMap::default().all() {
            for text in keys_config_text(&bound.keys) {
                let parsed = parse_key(&text).unwrap_or_else(|| panic!("{text} does not read"));
                for (code, _) in &parsed {
                    assert!(
                        bound.keys.iter().any(|(c, _)| c == code),
                        "{text} reads as {code:?}, not one of {:?}",
                        bound.keys
                    );
                }
            }
        }
    }

    #[test]
    fn a_rebound_action_answers_to_its_new_key_only() {
        let mut map = KeyMap::default();
        map.rebind("log_contact", &["C".to_string()]).unwrap();
        let contexts = [Context::Edit, Context::Global];
        let shift_c = press(KeyCode::Char('C'), KeyModifiers::SHIFT);
        assert_eq!(map.lookup(&contexts, shift_c), Some(Action::LogContact));
        let c = press(KeyCode::Char('c'), KeyModifiers::NONE);
        assert_eq!(map.lookup(&contexts, c), None);
        // In the reminder window too: the bare name means every place.
        assert_eq!(
            map.lookup(&[Context::Reminders], shift_c),
            Some(Action::LogContact)
        );
        assert_eq!(map.clash(), None);
    }

    #[test]
    fn a_qualified_name_rebinds_one_place() {
        let mut map = KeyMap::default();
        map.rebind("pipeline.edit_item", &["e".to_string()])
            .unwrap();
        map.rebind("pipeline.open", &["enter".to_string()]).unwrap();
        let enter = press(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(map.lookup(&[Context::Pipeline], enter), Some(Action::Open));
        assert_eq!(
            map.lookup(&[Context::Client], enter),
            Some(Action::EditItem)
        );
        assert_eq!(map.clash(), None);
    }

    #[test]
    fn clashes_and_unknown_names_are_refused() {
        let mut map = KeyMap::default();
        assert_eq!(
            map.rebind("log_contct", &["c".to_string()]),
            Err(Rebind::UnknownAction("log_contct".to_string()))
        );
        assert_eq!(
            map.rebind("quit", &["hyper-q".to_string()]),
            Err(Rebind::UnknownKey("hyper-q".to_string()))
        );
        assert_eq!(
            map.rebind("quit", &[]),
            Err(Rebind::NoKeys("quit".to_string()))
        );
        map.rebind("notes", &["c".to_string()]).unwrap();
        let Some(Rebind::Clash {
            key, first, second, ..
        }) = map.clash()
        else {
            panic!("c is both log contact and notes");
        };
        assert_eq!(key, "c");
        assert_eq!(
            (first.as_str(), second.as_str()),
            ("edit.log_contact", "edit.notes")
        );
    }
}
