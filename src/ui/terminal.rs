//! Taking over the terminal and always giving it back: on quit, on error and on panic.

use std::io::{self, Stdout};
use std::sync::Once;

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Restores the terminal when dropped, however the dashboard ends.
pub struct TerminalGuard {
    pub terminal: Term,
}

static PANIC_HOOK: Once = Once::new();

/// Raw mode off, mouse off, main screen back, cursor shown. Safe to call twice.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

fn install_panic_hook(data_note: String) {
    PANIC_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
            eprintln!("{data_note}");
        }));
    });
}

impl TerminalGuard {
    /// `data_note` is printed after a panic, to say where the user's data is safe.
    pub fn enter(data_note: String) -> io::Result<TerminalGuard> {
        install_panic_hook(data_note);
        enable_raw_mode()?;
        let entered = execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture)
            .and_then(|()| Terminal::new(CrosstermBackend::new(io::stdout())));
        match entered {
            Ok(terminal) => Ok(TerminalGuard { terminal }),
            Err(error) => {
                restore();
                Err(error)
            }
        }
    }
}

impl TerminalGuard {
    /// Takes the terminal again after a suspend, and draws everything anew.
    pub fn reenter(&mut self) -> io::Result<()> {
        enable_raw_mode()?;
        execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture)?;
        self.redraw_all()
    }

    /// Makes the next draw paint every cell (the screen may have been changed by others).
    /// Not `Terminal::clear`: that asks the terminal where its cursor is, and a terminal
    /// that is slow to answer would end the dashboard.
    pub fn redraw_all(&mut self) -> io::Result<()> {
        execute!(io::stdout(), Clear(ClearType::All))?;
        // The previous frame is forgotten, so the next one is compared with a blank screen.
        self.terminal.swap_buffers();
        Ok(())
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}
