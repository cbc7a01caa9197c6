//! Runs the real konto binary in a pseudo-terminal and reads its screen as a person would.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub struct Session {
    /// A state folder of its own, so runs never touch the user's (reminders shown…).
    state_dir: tempfile::TempDir,
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Option<Box<dyn Write + Send>>,
    child: Box<dyn Child + Send + Sync>,
    master: Option<Box<dyn MasterPty + Send>>,
}

impl Session {
    pub fn start(args: &[&str], env: &[(&str, &Path)], cols: u16, rows: u16) -> Session {
        let state = tempfile::tempdir().expect("a temporary folder");
        Self::start_with_state(args, env, cols, rows, state)
    }

    /// Like `start`, with environment variables that are not paths.
    pub fn start_env(args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Session {
        let env: Vec<(&str, &Path)> = env.iter().map(|(k, v)| (*k, Path::new(*v))).collect();
        Self::start(args, &env, cols, rows)
    }

    /// Like `start`, with a state folder shared between runs (reminders once a day).
    pub fn start_with_state(
        args: &[&str],
        env: &[(&str, &Path)],
        cols: u16,
        rows: u16,
        state: tempfile::TempDir,
    ) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_konto"));
        command.args(args);
        command.env("TERM", "xterm-256color");
        command.env_remove("KONTO_DATA");
        command.env_remove("NO_COLOR");
        command.env("XDG_STATE_HOME", state.path());
        command.env("XDG_CACHE_HOME", state.path().join("cache"));
        // Never the user's own preferences: a test that wants some gives XDG_CONFIG_HOME.
        command.env("XDG_CONFIG_HOME", state.path().join("config"));
        for (key, value) in env {
            command.env(key, value);
        }
        let child = pair.slave.spawn_command(command).expect("konto starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let feed = Arc::clone(&screen);
        thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                feed.lock().unwrap().process(&buffer[..n]);
            }
        });
        Session {
            state_dir: state,
            screen,
            writer: Some(writer),
            child,
            master: Some(pair.master),
        }
    }

    /// The foreground colour of the cell at `row`, `col` (`None`: the terminal's own).
    pub fn foreground(&self, row: u16, col: u16) -> Option<(u8, u8, u8)> {
        let parser = self.screen.lock().unwrap();
        match parser.screen().cell(row, col)?.fgcolor() {
            vt100::Color::Rgb(r, g, b) => Some((r, g, b)),
            _ => None,
        }
    }

    pub fn text(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows `needle`, or fails the test showing the screen.
    pub fn wait_for(&self, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.text().contains(needle) {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!("never saw {needle:?} on screen:\n{}", self.text());
    }

    pub fn wait_until_gone(&self, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if !self.text().contains(needle) {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!("{needle:?} stayed on screen:\n{}", self.text());
    }

    pub fn send(&mut self, keys: &str) {
        let writer = self.writer.as_mut().expect("the terminal is still there");
        writer.write_all(keys.as_bytes()).unwrap();
        writer.flush().unwrap();
        // A lone Esc must reach the program before the next key, or the two read as one
        // Alt-key (terminals have no other way to tell them apart).
        let pause = if keys.ends_with('\x1b') { 300 } else { 60 };
        thread::sleep(Duration::from_millis(pause));
    }

    /// Hands the state folder on to the next run.
    pub fn into_state(mut self) -> tempfile::TempDir {
        let _ = self.child.kill();
        let placeholder = tempfile::tempdir().expect("a temporary folder");
        std::mem::replace(&mut self.state_dir, placeholder)
    }

    /// Waits for the process to end; returns its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader drain what was written last.
                thread::sleep(Duration::from_millis(100));
                return status.exit_code();
            }
            thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("konto did not exit:\n{}", self.text());
    }

    /// Closes the terminal under the program, as closing its window or losing its ssh
    /// connection does.
    pub fn hang_up(&mut self) {
        self.writer = None;
        self.master = None;
    }

    /// Sends a signal (`TERM`, `TSTP`, …) to the program, as `kill -s NAME` would.
    pub fn signal(&self, name: &str) {
        let pid = self.child.process_id().expect("konto has a process id");
        let sent = std::process::Command::new("kill")
            .args(["-s", name, &pid.to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success(), "kill -s {name} {pid}");
    }

    /// The process's state letter from /proc (`T` stopped, `S` sleeping, …).
    pub fn process_state(&self) -> Option<char> {
        let pid = self.child.process_id()?;
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        stat.rsplit_once(") ")?.1.chars().next()
    }

    /// Waits until `check` holds, or fails the test with `what` and the screen.
    pub fn wait_until(&self, what: &str, check: impl Fn(&Session) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if check(self) {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!("never {what}:\n{}", self.text());
    }

    /// True when the program left the terminal as it found it.
    pub fn terminal_restored(&self) -> bool {
        let parser = self.screen.lock().unwrap();
        let screen = parser.screen();
        !screen.alternate_screen()
            && !screen.hide_cursor()
            && screen.mouse_protocol_mode() == vt100::MouseProtocolMode::None
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}
