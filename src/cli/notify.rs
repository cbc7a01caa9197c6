//! Desktop notifications through the platform's own notifier, when there is one.

use std::io::ErrorKind;
use std::process::{Command, Stdio};

#[derive(Debug, PartialEq, Eq)]
pub enum Notified {
    Sent(&'static str),
    /// No notifier on this system: say so, do not fail.
    NoNotifier(&'static str),
    Failed(String),
}

/// The notifier program this platform uses, and its arguments for a title and a body.
fn command(title: &str, body: &str) -> (&'static str, Command) {
    if cfg!(target_os = "macos") {
        let script = format!(
            "display notification {} with title {}",
            apple_string(body),
            apple_string(title)
        );
        let mut command = Command::new("osascript");
        command.args(["-e", &script]);
        ("osascript", command)
    } else {
        let mut command = Command::new("notify-send");
        // `--` ends the options: a client whose name starts with `-` is text, not a flag.
        command.args(["--app-name=konto", "--", title, body]);
        ("notify-send", command)
    }
}

fn apple_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

pub fn send(title: &str, body: &str) -> Notified {
    let (name, mut command) = command(title, body);
    let status = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    match status {
        Ok(status) if status.success() => Notified::Sent(name),
        Ok(status) => Notified::Failed(format!("{name} exited with {status}")),
        Err(e) if e.kind() == ErrorKind::NotFound => Notified::NoNotifier(name),
        Err(e) => Notified::Failed(format!("{name}: {e}")),
    }
}
