//! Taking over the terminal and always giving it back: on quit, on error and on panic.

use std::io::{self, Stdout, Write};
use std::mem::ManuallyDrop;
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
    /// Never dropped: ratatui's own drop shows the cursor and prints to stderr if it
    /// cannot, which on a terminal that hung up panics inside a panic and aborts.
    /// [`restore`] does its work instead, quietly.
    pub terminal: ManuallyDrop<Term>,
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
            // Quietly: stderr may be a terminal that is gone.
            let _ = writeln!(io::stderr(), "{data_note}");
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
            Ok(terminal) => Ok(TerminalGuard {
                terminal: ManuallyDrop::new(terminal),
            }),
            Err(error) => {
                restore();
                Err(error)
            }
        }
    }
}

/// What the terminal has for the dashboard after a wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// Keys (or other input) to read.
    Ready,
    /// Nothing within the wait.
    Quiet,
    /// The terminal is gone (its window closed, its ssh connection dropped).
    HungUp,
}

/// Waits up to `timeout` for input. konto waits itself rather than in crossterm, because
/// crossterm 0.29 reads a hung-up terminal in an endless loop: this notices the hang-up
/// first, so the dashboard can save and go.
#[cfg(unix)]
pub fn wait_for_input(timeout: std::time::Duration) -> Input {
    use rustix::event::{PollFd, PollFlags, Timespec};
    use std::io::IsTerminal;
    let stdin = io::stdin();
    if !stdin.is_terminal() {
        // crossterm reads /dev/tty then; it is waited on as before.
        return match crossterm::event::poll(timeout) {
            Ok(true) => Input::Ready,
            _ => Input::Quiet,
        };
    }
    let mut fds = [PollFd::new(&stdin, PollFlags::IN)];
    let wait = Timespec {
        tv_sec: i64::try_from(timeout.as_secs()).unwrap_or(i64::MAX),
        tv_nsec: i64::from(timeout.subsec_nanos()),
    };
    match rustix::event::poll(&mut fds, Some(&wait)) {
        Ok(_) => {
            let events = fds[0].revents();
            if events.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) {
                Input::HungUp
            } else if events.contains(PollFlags::IN) {
                Input::Ready
            } else {
                Input::Quiet
            }
        }
        // Interrupted by a signal (a resize, a stop): look again next time round.
        Err(_) => Input::Quiet,
    }
}

#[cfg(not(unix))]
pub fn wait_for_input(timeout: std::time::Duration) -> Input {
    match crossterm::event::poll(timeout) {
        Ok(true) => Input::Ready,
        _ => Input::Quiet,
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
