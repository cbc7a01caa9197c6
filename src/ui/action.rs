//! Everything the dashboard can be asked to do. Keys and mouse events become actions;
//! only `App::update` acts on them.

use super::Pane;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    ToggleHelp,
    FocusNext,
    FocusPrev,
    Focus(Pane),
    Up,
    Down,
    /// Across: the pipeline board's stages.
    Left,
    Right,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Back,
    StartFilter,
    CycleSort,
    ReverseSort,
    ToggleExplain,
    /// The focused pane alone on the screen, and back.
    ToggleZoom,
    // Changes to the book.
    LogContact,
    EditNotes,
    QuickNote,
    Snooze,
    AddClient,
    EditClient,
    DeleteClient,
    AddDeal,
    AddProject,
    AddGift,
    Undo,
    Redo,
    // On the deal or project selected in the client view.
    StageForward,
    StageBack,
    MarkWon,
    MarkLost,
    /// The deal's forecast call: the next one (by stage → pipeline → … → omitted).
    CycleForecast,
    EditItem,
    DeleteItem,
    /// A task: done, or open again.
    ToggleDone,
    AddContact,
    AddTask,
    /// The morning reminders, again.
    OpenReminders,
    /// "Go to client" from anywhere.
    OpenFinder,
    /// Each colleague's load and clashes.
    ToggleTeam,
    /// The addresses capture met that are nobody's in the book.
    OpenInbox,
    /// Sync the book with the other machines (`konto sync`), in the background.
    Sync,
    /// Never list the picked inbox address again.
    IgnoreAddress,
    // In forms and dialogs.
    NextField,
    PreviousField,
    Submit,
    Cancel,
    Yes,
    No,
    KeepMine,
    TakeTheirs,
    /// Welcome screen: copy the bundled sample book.
    StartFromSample,
    /// Welcome screen: open the form for an empty book.
    StartEmpty,
    /// A left click at a screen cell.
    Click {
        column: u16,
        row: u16,
    },
    /// Mouse wheel at a screen cell: `down` scrolls towards the end.
    Scroll {
        column: u16,
        row: u16,
        down: bool,
    },
    Resize {
        width: u16,
        height: u16,
    },
    /// Ctrl-Z: give the terminal back to the shell until `fg`.
    Suspend,
    /// The filter: keep it and go back to the list / clear it.
    KeepFilter,
    ClearFilter,
    /// A key no binding takes, typed into the text being edited (the filter, a form's
    /// field, the notes).
    Input(crossterm::event::KeyEvent),
}

impl Action {
    /// The name a key binding in `config.ron` uses for this action (`log_contact`); `None`
    /// for the ones that come from the mouse, the terminal or typing, not from keys.
    pub fn config_name(self) -> Option<&'static str> {
        use Action as A;
        Some(match self {
            A::Quit => "quit",
            A::ToggleHelp => "help",
            A::FocusNext => "next_pane",
            A::FocusPrev => "previous_pane",
            A::Focus(Pane::Portfolio) => "portfolio",
            A::Focus(Pane::Priority) => "priority",
            A::Focus(Pane::Checkins) => "agenda",
            A::Focus(Pane::Quota) => "quota",
            A::Focus(Pane::Pipeline) => "pipeline",
            A::Up => "up",
            A::Down => "down",
            A::Left => "left",
            A::Right => "right",
            A::PageUp => "page_up",
            A::PageDown => "page_down",
            A::Top => "top",
            A::Bottom => "bottom",
            A::Open => "open",
            A::Back => "back",
            A::StartFilter => "filter",
            A::CycleSort => "sort",
            A::ReverseSort => "reverse_sort",
            A::ToggleExplain => "explain",
            A::ToggleZoom => "zoom",
            A::LogContact => "log_contact",
            A::EditNotes => "notes",
            A::QuickNote => "quick_note",
            A::Snooze => "reschedule",
            A::AddClient => "add_client",
            A::EditClient => "edit_client",
            A::DeleteClient => "delete_client",
            A::AddDeal => "add_deal",
            A::AddProject => "add_project",
            A::AddGift => "add_gift",
            A::Undo => "undo",
            A::Redo => "redo",
            A::StageForward => "stage_forward",
            A::StageBack => "stage_back",
            A::MarkWon => "mark_won",
            A::MarkLost => "mark_lost",
            A::CycleForecast => "forecast",
            A::EditItem => "edit_item",
            A::DeleteItem => "delete_item",
            A::ToggleDone => "task_done",
            A::AddContact => "add_contact",
            A::AddTask => "add_task",
            A::OpenReminders => "reminders",
            A::OpenFinder => "go_to_client",
            A::ToggleTeam => "team",
            A::OpenInbox => "inbox",
            A::Sync => "sync",
            A::IgnoreAddress => "ignore_address",
            A::NextField => "next_field",
            A::PreviousField => "previous_field",
            A::Submit => "submit",
            A::Cancel => "cancel",
            A::Yes => "yes",
            A::No => "no",
            A::KeepMine => "keep_mine",
            A::TakeTheirs => "take_theirs",
            A::StartFromSample => "start_from_sample",
            A::StartEmpty => "start_empty",
            A::Suspend => "suspend",
            A::KeepFilter => "keep_filter",
            A::ClearFilter => "clear_filter",
            A::Click { .. } | A::Scroll { .. } | A::Resize { .. } | A::Input(_) => return None,
        })
    }
}
