//! The system `git`, run on konto's own bare repository: plumbing commands only, never a
//! work tree, so git never writes the book. The user's ssh keys, credential helpers and
//! transport settings apply to `fetch` and `push` as they do for their own repositories.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// What running git can end in, besides its answer.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error(
        "konto syncs through git, which is not installed here; install it (e.g. `apt install git`, `brew install git`, `dnf install git`) and sync again. Nothing else needs it"
    )]
    NotInstalled,
    #[error("`git {command}` failed: {stderr}")]
    Failed { command: String, stderr: String },
    #[error("`git {command}` took longer than {seconds} s and was stopped")]
    TimedOut { command: String, seconds: u64 },
    #[error("could not run git: {0}")]
    Io(#[from] std::io::Error),
}

/// One bare repository, and who commits to it.
#[derive(Debug, Clone)]
pub struct Git {
    dir: PathBuf,
    /// The device name commits are made under.
    pub device: String,
}

impl Git {
    pub fn new(dir: &Path, device: &str) -> Git {
        Git {
            dir: dir.to_path_buf(),
            device: device.to_string(),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new("git");
        command
            .arg("--git-dir")
            .arg(&self.dir)
            .args(args)
            // Never stop to ask for a password on a terminal konto's dashboard owns.
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("GIT_AUTHOR_NAME", &self.device)
            .env("GIT_AUTHOR_EMAIL", format!("{}@konto", self.device))
            .env("GIT_COMMITTER_NAME", &self.device)
            .env("GIT_COMMITTER_EMAIL", format!("{}@konto", self.device))
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command
    }

    /// Runs `git args`, its standard output (trimmed) when it succeeds.
    pub fn run(&self, args: &[&str]) -> Result<String, GitError> {
        let out = self.run_with(args, None, None)?;
        Ok(String::from_utf8_lossy(&out).trim_end().to_string())
    }

    /// Runs `git args`, its standard output byte for byte (a file's text).
    pub fn run_raw(&self, args: &[&str]) -> Result<Vec<u8>, GitError> {
        self.run_with(args, None, None)
    }

    /// Runs `git args` with `input` on its standard input.
    pub fn run_input(&self, args: &[&str], input: &[u8]) -> Result<String, GitError> {
        let out = self.run_with(args, Some(input), None)?;
        Ok(String::from_utf8_lossy(&out).trim_end().to_string())
    }

    /// Runs a command that talks to the remote, stopped after `limit`.
    pub fn run_network(&self, args: &[&str], limit: Duration) -> Result<String, GitError> {
        let out = self.run_with(args, None, Some(limit))?;
        Ok(String::from_utf8_lossy(&out).trim_end().to_string())
    }

    /// `git args`, or `None` when git says no (a ref that is not there, say).
    pub fn answer(&self, args: &[&str]) -> Result<Option<String>, GitError> {
        match self.run(args) {
            Ok(out) => Ok(Some(out)),
            Err(GitError::Failed { .. }) => Ok(None),
            Err(other) => Err(other),
        }
    }

    fn run_with(
        &self,
        args: &[&str],
        input: Option<&[u8]>,
        limit: Option<Duration>,
    ) -> Result<Vec<u8>, GitError> {
        let mut command = self.command(args);
        if input.is_some() {
            command.stdin(Stdio::piped());
        }
        let mut child = command.spawn().map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                GitError::NotInstalled
            } else {
                GitError::Io(e)
            }
        })?;
        if let (Some(input), Some(mut stdin)) = (input, child.stdin.take()) {
            stdin.write_all(input)?;
        }
        // Read both pipes on threads, so a chatty git never blocks on a full pipe.
        let stdout = drain(child.stdout.take());
        let stderr = drain(child.stderr.take());
        let status = wait(&mut child, limit).map_err(|e| match e {
            Waited::TimedOut(seconds) => GitError::TimedOut {
                command: args.join(" "),
                seconds,
            },
            Waited::Io(e) => GitError::Io(e),
        })?;
        let out = stdout.join().unwrap_or_default();
        let err = stderr.join().unwrap_or_default();
        if status.success() {
            Ok(out)
        } else {
            Err(GitError::Failed {
                command: args.join(" "),
                stderr: String::from_utf8_lossy(&err).trim().to_string(),
            })
        }
    }
}

fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        bytes
    })
}

enum Waited {
    TimedOut(u64),
    Io(std::io::Error),
}

/// Waits for `child`, killing it once `limit` has passed.
fn wait(child: &mut Child, limit: Option<Duration>) -> Result<std::process::ExitStatus, Waited> {
    let Some(limit) = limit else {
        return child.wait().map_err(Waited::Io);
    };
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().map_err(Waited::Io)? {
            return Ok(status);
        }
        if started.elapsed() >= limit {
            let _ = child.kill();
            let _ = child.wait();
            return Err(Waited::TimedOut(limit.as_secs()));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
