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
