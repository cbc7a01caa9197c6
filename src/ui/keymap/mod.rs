//! The one table of key bindings: it handles the keys and writes the help overlay, so help
//! can never disagree with what the keys do.

use crossterm::event::{KeyCode, KeyModifiers};

use super::Pane;
use super::action::Action;

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter)]
pub enum Context {
    /// Anywhere on the dashboard.
    Global,
    /// Moving in the focused list.
    List,
    Portfolio,
    Priority,
    /// Changes to the selected client, from any pane or the client view.
    Edit,
    /// The full view of one client.
    Client,
    /// The morning reminder window.
    Reminders,
    Form,
    /// The notes editor (other keys edit the text).
    Notes,
    Confirm,
    /// Both konto and someone else changed the same client.
    Conflict,
    Help,
    Welcome,
    /// Typing a filter (other keys are the filter's text).
    Filter,
    /// The welcome screen's form for an empty book (other keys are typed).
    WelcomeForm,
    /// The agenda pane: check-ins and due tasks.
    Agenda,
    /// The team overlay.
    Team,
    /// The pipeline board.
    Pipeline,
    /// Any of the four dashboard panes (not the board, not the client view).
    Panes,
    /// "Go to client": typing finds, Enter opens.
    Finder,
    /// The inbox: addresses capture met that are nobody's in the book.
    Inbox,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::List => "Lists",
            Context::Portfolio => "Portfolio",
            Context::Priority => "Priority",
            Context::Edit => "Changes (saved at once)",
            Context::Client => "Client view",
            Context::Reminders => "Reminders",
            Context::Form => "Forms",
            Context::Notes => "Notes editor",
            Context::Confirm => "Questions",
            Context::Conflict => "Conflicts",
            Context::Help => "Help",
            Context::Welcome => "Welcome",
            Context::Filter => "Filter",
            Context::WelcomeForm => "Starting a book",
            Context::Agenda => "Agenda",
            Context::Team => "Team",
            Context::Pipeline => "Pipeline board",
            Context::Panes => "Between panes",
            Context::Finder => "Go to client",
            Context::Inbox => "Inbox",
        }
    }

    /// The prefix of a binding's name in `config.ron`: `"pipeline.open"`.
    pub fn config_name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::List => "list",
            Context::Portfolio => "portfolio",
            Context::Priority => "priority",
            Context::Edit => "edit",
            Context::Client => "client",
            Context::Reminders => "reminders",
            Context::Form => "form",
            Context::Notes => "notes",
            Context::Confirm => "confirm",
            Context::Conflict => "conflict",
            Context::Help => "help",
            Context::Welcome => "welcome",
            Context::Filter => "filter",
            Context::WelcomeForm => "welcome_form",
            Context::Agenda => "agenda",
            Context::Team => "team",
            Context::Pipeline => "pipeline",
            Context::Panes => "panes",
            Context::Finder => "finder",
            Context::Inbox => "inbox",
        }
    }
}

/// The places the help lists, in its order (the README's keys table follows it).
pub const HELP_ORDER: [Context; 17] = [
    Context::Global,
    Context::List,
    Context::Panes,
    Context::Edit,
    Context::Portfolio,
    Context::Filter,
    Context::Priority,
    Context::Agenda,
    Context::Pipeline,
    Context::Team,
    Context::Finder,
    Context::Inbox,
    Context::Client,
    Context::Reminders,
    Context::Form,
    Context::Notes,
    Context::Conflict,
];

/// A key with its modifiers, as crossterm reports it.
pub type KeyPress = (KeyCode, KeyModifiers);

#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub context: Context,
    pub keys: &'static [(KeyCode, KeyModifiers)],
    pub action: Action,
    pub help: &'static str,
    /// Shown in the status line's hints.
    pub hint: bool,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;

macro_rules! bind {
    ($context:ident, [$(($code:expr, $mods:expr)),+], $action:expr, $help:literal, $hint:literal) => {
        Binding {
            context: Context::$context,
            keys: &[$(($code, $mods)),+],
            action: $action,
            help: $help,
            hint: $hint,
        }
    };
}

#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    bind!(Global, [(KeyCode::Char('q'), NONE), (KeyCode::Char('c'), CTRL)], Action::Quit, "quit", true),
    bind!(Global, [(KeyCode::Char('?'), NONE), (KeyCode::Char('?'), SHIFT)], Action::ToggleHelp, "help", true),
    bind!(Global, [(KeyCode::Char('z'), CTRL)], Action::Suspend, "suspend to the shell (fg comes back)", false),
    bind!(Global, [(KeyCode::Tab, NONE)], Action::FocusNext, "next pane", false),
    bind!(Global, [(KeyCode::BackTab, SHIFT), (KeyCode::BackTab, NONE)], Action::FocusPrev, "previous pane", false),
    bind!(Global, [(KeyCode::Char('1'), NONE)], Action::Focus(Pane::Portfolio), "portfolio", false),
    bind!(Global, [(KeyCode::Char('2'), NONE)], Action::Focus(Pane::Priority), "priority", false),
    bind!(Global, [(KeyCode::Char('3'), NONE)], Action::Focus(Pane::Checkins), "agenda: check-ins and tasks", false),
    bind!(Global, [(KeyCode::Char('4'), NONE)], Action::Focus(Pane::Quota), "quota", false),
    bind!(Global, [(KeyCode::Char('5'), NONE)], Action::Focus(Pane::Pipeline), "pipeline board: deals by stage", false),
    bind!(Global, [(KeyCode::Char('p'), CTRL)], Action::OpenFinder, "go to a client: type, Enter opens", false),
    bind!(Global, [(KeyCode::Char('u'), NONE)], Action::Undo, "undo", true),
    bind!(Global, [(KeyCode::Char('r'), CTRL)], Action::Redo, "redo", false),
    bind!(Global, [(KeyCode::Char('a'), NONE)], Action::AddClient, "add a client", false),
    bind!(Global, [(KeyCode::Char('r'), NONE)], Action::OpenReminders, "today's reminders", false),
    bind!(Global, [(KeyCode::Char('T'), SHIFT), (KeyCode::Char('T'), NONE)], Action::ToggleTeam, "team: who is free when", false),
    bind!(Global, [(KeyCode::Char('i'), NONE)], Action::OpenInbox, "inbox: unknown addresses capture met", false),
    bind!(Global, [(KeyCode::Char('S'), SHIFT), (KeyCode::Char('S'), NONE)], Action::Sync, "sync with your other machines (konto sync)", false),
    bind!(List, [(KeyCode::Char('k'), NONE), (KeyCode::Up, NONE)], Action::Up, "up", false),
    bind!(List, [(KeyCode::Char('j'), NONE), (KeyCode::Down, NONE)], Action::Down, "down", false),
    bind!(List, [(KeyCode::PageUp, NONE)], Action::PageUp, "page up", false),
    bind!(List, [(KeyCode::PageDown, NONE)], Action::PageDown, "page down", false),
    bind!(List, [(KeyCode::Char('g'), NONE), (KeyCode::Home, NONE)], Action::Top, "first", false),
    bind!(List, [(KeyCode::Char('G'), SHIFT), (KeyCode::Char('G'), NONE), (KeyCode::End, NONE)], Action::Bottom, "last", false),
    bind!(List, [(KeyCode::Enter, NONE)], Action::Open, "open", true),
    bind!(Panes, [(KeyCode::Char('l'), NONE), (KeyCode::Right, NONE)], Action::FocusNext, "next pane (as Tab)", false),
    bind!(Panes, [(KeyCode::Char('h'), NONE), (KeyCode::Left, NONE)], Action::FocusPrev, "previous pane", false),
    bind!(Panes, [(KeyCode::Char('z'), NONE)], Action::ToggleZoom, "zoom: the pane alone on the screen, and back", false),
    bind!(List, [(KeyCode::Esc, NONE)], Action::Back, "clear filter", false),
    bind!(Edit, [(KeyCode::Char('c'), NONE)], Action::LogContact, "log contact", true),
    bind!(Edit, [(KeyCode::Char('n'), NONE)], Action::EditNotes, "notes", true),
    bind!(Edit, [(KeyCode::Char('N'), SHIFT), (KeyCode::Char('N'), NONE)], Action::QuickNote, "add a dated one-line note", false),
    bind!(Edit, [(KeyCode::Char('s'), NONE)], Action::Snooze, "reschedule", true),
    bind!(Edit, [(KeyCode::Char('e'), NONE)], Action::EditClient, "edit the client", false),
    bind!(Edit, [(KeyCode::Char('D'), SHIFT), (KeyCode::Char('D'), NONE)], Action::DeleteClient, "delete the client", false),
    bind!(Edit, [(KeyCode::Char('d'), NONE)], Action::AddDeal, "add a deal", false),
    bind!(Edit, [(KeyCode::Char('p'), NONE)], Action::AddProject, "add a project", false),
    bind!(Edit, [(KeyCode::Char('$'), NONE), (KeyCode::Char('$'), SHIFT)], Action::AddGift, "log a gift", false),
    bind!(Edit, [(KeyCode::Char('P'), SHIFT), (KeyCode::Char('P'), NONE)], Action::AddContact, "add a person", false),
    bind!(Edit, [(KeyCode::Char('t'), NONE)], Action::AddTask, "add a task", true),
    bind!(Portfolio, [(KeyCode::Char('/'), NONE)], Action::StartFilter, "filter", true),
    bind!(Portfolio, [(KeyCode::Char('o'), NONE)], Action::CycleSort, "sort", true),
    bind!(Portfolio, [(KeyCode::Char('O'), SHIFT), (KeyCode::Char('O'), NONE)], Action::ReverseSort, "reverse sort", false),
    bind!(Priority, [(KeyCode::Char('x'), NONE)], Action::ToggleExplain, "explain", true),
    bind!(Priority, [(KeyCode::Char('/'), NONE)], Action::StartFilter, "filter", true),
    bind!(Agenda, [(KeyCode::Char('/'), NONE)], Action::StartFilter, "filter", true),
    bind!(Agenda, [(KeyCode::Char('x'), NONE)], Action::ToggleDone, "task done", true),
    bind!(Pipeline, [(KeyCode::Char('k'), NONE), (KeyCode::Up, NONE)], Action::Up, "previous deal", false),
    bind!(Pipeline, [(KeyCode::Char('j'), NONE), (KeyCode::Down, NONE)], Action::Down, "next deal", false),
    bind!(Pipeline, [(KeyCode::Char('h'), NONE), (KeyCode::Left, NONE)], Action::Left, "previous stage's deals", false),
    bind!(Pipeline, [(KeyCode::Char('l'), NONE), (KeyCode::Right, NONE)], Action::Right, "next stage's deals", false),
    bind!(Pipeline, [(KeyCode::Char('>'), NONE), (KeyCode::Char('>'), SHIFT)], Action::StageForward, "move the deal on a stage", true),
    bind!(Pipeline, [(KeyCode::Char('<'), NONE), (KeyCode::Char('<'), SHIFT)], Action::StageBack, "move the deal back a stage", false),
    bind!(Pipeline, [(KeyCode::Char('f'), NONE)], Action::CycleForecast, "next forecast call (by stage, pipeline, best case, commit, omitted)", false),
    bind!(Pipeline, [(KeyCode::Char('W'), SHIFT), (KeyCode::Char('W'), NONE)], Action::MarkWon, "mark the deal won", false),
    bind!(Pipeline, [(KeyCode::Char('L'), SHIFT), (KeyCode::Char('L'), NONE)], Action::MarkLost, "mark the deal lost", false),
    bind!(Pipeline, [(KeyCode::Enter, NONE)], Action::EditItem, "edit the deal", true),
    bind!(Pipeline, [(KeyCode::Char('o'), NONE)], Action::Open, "open its client", false),
    bind!(Pipeline, [(KeyCode::Esc, NONE)], Action::Focus(Pane::Portfolio), "back to the dashboard", true),
    bind!(Team, [(KeyCode::Esc, NONE), (KeyCode::Char('T'), SHIFT), (KeyCode::Char('T'), NONE)], Action::ToggleTeam, "close", true),
    bind!(Team, [(KeyCode::Char('k'), NONE), (KeyCode::Up, NONE)], Action::Up, "scroll up", false),
    bind!(Team, [(KeyCode::Char('j'), NONE), (KeyCode::Down, NONE)], Action::Down, "scroll down", false),
    bind!(Client, [(KeyCode::Esc, NONE), (KeyCode::Backspace, NONE)], Action::Back, "back", true),
    bind!(Client, [(KeyCode::Char('k'), NONE), (KeyCode::Up, NONE)], Action::Up, "previous item", false),
    bind!(Client, [(KeyCode::Char('j'), NONE), (KeyCode::Down, NONE)], Action::Down, "next item", false),
    bind!(Client, [(KeyCode::PageUp, NONE)], Action::PageUp, "scroll up", false),
    bind!(Client, [(KeyCode::PageDown, NONE)], Action::PageDown, "scroll down", false),
    bind!(Client, [(KeyCode::Char('g'), NONE), (KeyCode::Home, NONE)], Action::Top, "top", false),
    bind!(Client, [(KeyCode::Char('G'), SHIFT), (KeyCode::Char('G'), NONE), (KeyCode::End, NONE)], Action::Bottom, "bottom", false),
    bind!(Client, [(KeyCode::Char('>'), NONE), (KeyCode::Char('>'), SHIFT)], Action::StageForward, "next stage", true),
    bind!(Client, [(KeyCode::Char('<'), NONE), (KeyCode::Char('<'), SHIFT)], Action::StageBack, "previous stage or status", false),
    bind!(Client, [(KeyCode::Char('W'), SHIFT), (KeyCode::Char('W'), NONE)], Action::MarkWon, "mark the deal won", false),
    bind!(Client, [(KeyCode::Char('L'), SHIFT), (KeyCode::Char('L'), NONE)], Action::MarkLost, "mark the deal lost", false),
    bind!(Client, [(KeyCode::Enter, NONE), (KeyCode::Char('E'), SHIFT), (KeyCode::Char('E'), NONE)], Action::EditItem, "edit the item", true),
    bind!(Client, [(KeyCode::Char('x'), NONE)], Action::ToggleDone, "task done / open again", true),
    bind!(Client, [(KeyCode::Delete, NONE), (KeyCode::Char('X'), SHIFT), (KeyCode::Char('X'), NONE)], Action::DeleteItem, "delete the item (u undoes)", false),
    bind!(Reminders, [(KeyCode::Char('k'), NONE), (KeyCode::Up, NONE)], Action::Up, "up", false),
    bind!(Reminders, [(KeyCode::Char('j'), NONE), (KeyCode::Down, NONE)], Action::Down, "down", false),
    bind!(Reminders, [(KeyCode::Enter, NONE)], Action::Open, "go to the client", true),
    bind!(Reminders, [(KeyCode::Char('c'), NONE)], Action::LogContact, "log a contact right here", true),
    bind!(Reminders, [(KeyCode::Char('s'), NONE)], Action::Snooze, "reschedule", true),
    bind!(Reminders, [(KeyCode::Char('x'), NONE)], Action::ToggleDone, "task done", true),
    bind!(Reminders, [(KeyCode::Esc, NONE), (KeyCode::Char('q'), NONE)], Action::Back, "dismiss", true),
    bind!(Reminders, [(KeyCode::Char('u'), NONE)], Action::Undo, "undo", false),
    bind!(Reminders, [(KeyCode::Char('r'), CTRL)], Action::Redo, "redo", false),
    bind!(Form, [(KeyCode::Tab, NONE), (KeyCode::Down, NONE)], Action::NextField, "next field", true),
    bind!(Form, [(KeyCode::BackTab, SHIFT), (KeyCode::BackTab, NONE), (KeyCode::Up, NONE)], Action::PreviousField, "previous field", false),
    bind!(Form, [(KeyCode::Enter, NONE), (KeyCode::Char('s'), CTRL)], Action::Submit, "save", true),
    bind!(Form, [(KeyCode::Esc, NONE)], Action::Cancel, "cancel", true),
    bind!(Notes, [(KeyCode::Char('s'), CTRL)], Action::Submit, "save the notes", true),
    bind!(Notes, [(KeyCode::Esc, NONE)], Action::Cancel, "close (asks before throwing changes away)", true),
    bind!(Confirm, [(KeyCode::Char('y'), NONE), (KeyCode::Char('Y'), SHIFT)], Action::Yes, "yes", true),
    bind!(Confirm, [(KeyCode::Char('n'), NONE), (KeyCode::Esc, NONE)], Action::No, "no", true),
    bind!(Conflict, [(KeyCode::Char('m'), NONE)], Action::KeepMine, "keep mine (theirs goes to a copy)", true),
    bind!(Conflict, [(KeyCode::Char('t'), NONE)], Action::TakeTheirs, "take theirs (mine goes to a copy)", true),
    bind!(Help, [(KeyCode::Char('k'), NONE), (KeyCode::Up, NONE)], Action::Up, "scroll up", false),
    bind!(Help, [(KeyCode::Char('j'), NONE), (KeyCode::Down, NONE)], Action::Down, "scroll down", false),
    bind!(Help, [(KeyCode::Esc, NONE), (KeyCode::Char('?'), NONE), (KeyCode::Char('?'), SHIFT)], Action::ToggleHelp, "close help", true),
    bind!(Welcome, [(KeyCode::Char('s'), NONE)], Action::StartFromSample, "start from the sample book", true),
    bind!(Welcome, [(KeyCode::Char('e'), NONE)], Action::StartEmpty, "start an empty book", true),
    bind!(Welcome, [(KeyCode::Char('q'), NONE), (KeyCode::Esc, NONE), (KeyCode::Char('c'), CTRL)], Action::Quit, "quit without writing anything", true),
    bind!(Inbox, [(KeyCode::Char('k'), NONE), (KeyCode::Up, NONE)], Action::Up, "previous address", false),
    bind!(Inbox, [(KeyCode::Char('j'), NONE), (KeyCode::Down, NONE)], Action::Down, "next address", false),
    bind!(Inbox, [(KeyCode::Char('a'), NONE)], Action::AddContact, "add as a contact of the client", true),
    bind!(Inbox, [(KeyCode::Char('x'), NONE)], Action::IgnoreAddress, "ignore for good", true),
    bind!(Inbox, [(KeyCode::Esc, NONE), (KeyCode::Char('i'), NONE)], Action::Back, "close", true),
    bind!(Finder, [(KeyCode::Enter, NONE)], Action::Open, "open the client", true),
    bind!(Finder, [(KeyCode::Esc, NONE)], Action::Back, "close", true),
    bind!(Finder, [(KeyCode::Up, NONE)], Action::Up, "previous match", false),
    bind!(Finder, [(KeyCode::Down, NONE)], Action::Down, "next match", false),
    bind!(Filter, [(KeyCode::Enter, NONE)], Action::KeepFilter, "keep", true),
    bind!(Filter, [(KeyCode::Esc, NONE)], Action::ClearFilter, "clear", true),
    bind!(Filter, [(KeyCode::Up, NONE)], Action::Up, "previous match", false),
    bind!(Filter, [(KeyCode::Down, NONE)], Action::Down, "next match", false),
    bind!(WelcomeForm, [(KeyCode::Tab, NONE), (KeyCode::Down, NONE)], Action::NextField, "next field", true),
    bind!(WelcomeForm, [(KeyCode::BackTab, SHIFT), (KeyCode::BackTab, NONE), (KeyCode::Up, NONE)], Action::PreviousField, "previous field", false),
    bind!(WelcomeForm, [(KeyCode::Enter, NONE)], Action::Submit, "create the book", true),
    bind!(WelcomeForm, [(KeyCode::Esc, NONE)], Action::Cancel, "back", true),
];

/// `j/↓`, `Ctrl-C`, `Shift-Tab`: how a key is written in help and hints.
pub fn key_label(code: KeyCode, mods: KeyModifiers) -> String {
    let base = match code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".to_string(),
        KeyCode::Esc => "Esc".to_string(),
        KeyCode::Tab => "Tab".to_string(),
        KeyCode::BackTab => return "Shift-Tab".to_string(),
        KeyCode::Backspace => "Backspace".to_string(),
        KeyCode::Up => "↑".to_string(),
        KeyCode::Down => "↓".to_string(),
        KeyCode::Left => "←".to_string(),
        KeyCode::Right => "→".to_string(),
        KeyCode::PageUp => "PgUp".to_string(),
        KeyCode::PageDown => "PgDn".to_string(),
        KeyCode::Home => "Home".to_string(),
        KeyCode::End => "End".to_string(),
        KeyCode::Delete => "Del".to_string(),
        KeyCode::Insert => "Ins".to_string(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    if mods.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{}", base.to_uppercase())
    } else {
        base
    }
}

mod rebind;

pub use rebind::{KeyMap, Rebind, keys_config_text, parse_key};

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEvent;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn first_matching_context_wins() {
        let map = KeyMap::default();
        let esc = key(KeyCode::Esc, NONE);
        assert_eq!(
            map.lookup(&[Context::Help, Context::Global], esc),
            Some(Action::ToggleHelp)
        );
        assert_eq!(
            map.lookup(&[Context::Client, Context::Global], esc),
            Some(Action::Back)
        );
        assert_eq!(
            map.lookup(
                &[Context::Portfolio, Context::List, Context::Global],
                key(KeyCode::Char('j'), NONE)
            ),
            Some(Action::Down)
        );
        assert_eq!(
            map.lookup(&[Context::Global], key(KeyCode::Char('c'), CTRL)),
            Some(Action::Quit)
        );
        assert_eq!(
            map.lookup(&[Context::Global], key(KeyCode::Char('z'), NONE)),
            None
        );
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        assert_eq!(KeyMap::default().clash(), None);
        for a in BINDINGS {
            for b in BINDINGS {
                if std::ptr::eq(a, b) || a.context != b.context {
                    continue;
                }
                for k in a.keys {
                    assert!(!b.keys.contains(k), "{k:?} bound twice in {:?}", a.context);
                }
            }
        }
    }

    #[test]
    fn every_bound_action_has_a_config_name() {
        for binding in BINDINGS {
            assert!(
                binding.action.config_name().is_some(),
                "{:?}",
                binding.action
            );
        }
    }

    #[test]
    fn labels_read_like_help_text() {
        let map = KeyMap::default();
        let quit = map
            .all()
            .iter()
            .find(|b| b.action() == Action::Quit)
            .unwrap();
        assert_eq!(quit.keys_label(), "q/Ctrl-C");
        let down = map
            .all()
            .iter()
            .find(|b| b.action() == Action::Down)
            .unwrap();
        assert_eq!(down.keys_label(), "j/↓");
    }
}
