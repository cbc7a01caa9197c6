//! `konto sync`: the book kept in step with other machines through a git remote (see
//! [`crate::sync`]), and what the user is told.

use std::fmt::Write;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::Outcome;
use super::args::SyncAction;
use crate::storage::location::DataLocation;
use crate::sync::{self, Keep, Network, Repo, Report, Side, SyncError, Synced};
use crate::text::{one_line, plural};

/// `konto sync [--keep mine|theirs [CLIENT…]]`, or one of its subcommands.
pub fn sync(
    action: Option<&SyncAction>,
    keep: Option<Side>,
    clients: &[String],
    timeout: u64,
    location: &DataLocation,
) -> Outcome {
    let network = Network {
        limit: Duration::from_secs(timeout.max(1)),
    };
    match action {
        Some(SyncAction::Init {
            remote,
            device,
            timeout,
        }) => {
            let device = device
                .as_deref()
                .map_or_else(sync::default_device, crate::edit::slug);
            let network = Network {
                limit: Duration::from_secs((*timeout).max(1)),
            };
            match Repo::init(&location.path, remote, &device, network) {
                Ok((_, report)) => {
                    let mut outcome = told(&report);
                    outcome.stdout.insert_str(
                        0,
                        &format!("Set up to sync with {} as `{device}`.\n", one_line(remote)),
                    );
                    outcome
                }
                Err(error) => failed(&error),
            }
        }
        Some(SyncAction::Status { json }) => match Repo::open(&location.path, network) {
            Ok(repo) => match repo.status() {
                Ok(status) if *json => {
                    Outcome::ok(serde_json::to_string_pretty(&status).unwrap_or_default() + "\n")
                }
                Ok(status) => Outcome::ok(describe_status(&status, Utc::now())),
                Err(error) => failed(&error),
            },
            Err(error) => failed(&error),
        },
        Some(SyncAction::Log { client }) => match Repo::open(&location.path, network) {
            Ok(repo) => match repo.log(client.as_deref()) {
                Ok(changes) => Outcome::ok(describe_log(&changes)),
                Err(error) => failed(&error),
            },
            Err(error) => failed(&error),
        },
        None => {
            if keep.is_none() && !clients.is_empty() {
                return Outcome::fail(
                    "error: naming clients settles their clashes: give --keep mine or --keep theirs too.\n"
                        .to_string(),
                );
            }
            let keep = keep.map(|side| Keep {
                side,
                clients: clients.to_vec(),
            });
            match Repo::open(&location.path, network).and_then(|repo| repo.sync(keep.as_ref())) {
                Ok(report) => told(&report),
                Err(error) => failed(&error),
            }
        }
    }
}

fn failed(error: &SyncError) -> Outcome {
    Outcome::fail(format!(
        "error: {}. Nothing was changed.\n",
        crate::text::sentence(&error.to_string()).trim_end_matches('.')
    ))
}

/// What a sync did, in words; a clash exits 1 and says how to settle it.
fn told(report: &Report) -> Outcome {
    let mut out = String::new();
    if !report.committed.is_empty() {
        let _ = writeln!(
            out,
            "Committed this machine's changes to {}.",
            clients_named(&report.committed)
        );
    }
    match &report.synced {
        Synced::UpToDate => out.push_str("Up to date: the remote has the same book.\n"),
        Synced::Sent => out.push_str("Sent to the remote.\n"),
        Synced::Received { clients } if clients.is_empty() => {
            out.push_str("Took the remote's book (no client differs).\n");
        }
        Synced::Received { clients } => {
            let _ = writeln!(
                out,
                "Took the remote's changes to {}.",
                clients_named(clients)
            );
        }
        Synced::Merged { clients } => {
            let _ = writeln!(
                out,
                "Merged both machines' changes ({} changed here by the merge), saved and sent.",
                clients_named(clients)
            );
        }
        Synced::Offline { reason } => {
            let _ = writeln!(
                out,
                "Offline: the remote could not be reached ({}). This machine's changes are kept and go with the next sync.",
                one_line(reason)
            );
        }
        Synced::Clash { clashes } => {
            let mut err = String::from(
                "Not synced: the same field was changed here and on another machine. The book here is untouched.\n",
            );
            err.push_str(&clash_lines(clashes));
            err.push_str(
                "Settle it with `konto sync --keep mine` (this machine's values) or `konto sync --keep theirs` (the remote's); add client ids to settle only those.\n",
            );
            return Outcome {
                stdout: out,
                stderr: err,
                code: 1,
            };
        }
    }
    Outcome::ok(out)
}

/// Each clashing client, then each field with its value here and there.
fn clash_lines(clashes: &[sync::Clashed]) -> String {
    let shown = |v: &Option<String>| {
        v.as_deref()
            .map_or_else(|| "(none)".to_string(), |v| one_line(v).into_owned())
    };
    let mut out = String::new();
    for clash in clashes {
        let _ = writeln!(out, "  {}:", one_line(&clash.name));
        for field in &clash.fields {
            let _ = write!(out, "    {}", one_line(&field.field));
            if field.here.is_some() || field.there.is_some() {
                let _ = write!(
                    out,
                    ": here {}, there {}",
                    shown(&field.here),
                    shown(&field.there)
                );
            }
            out.push('\n');
        }
    }
    out
}

fn clients_named(ids: &[String]) -> String {
    let shown: Vec<String> = ids
        .iter()
        .take(5)
        .map(|id| one_line(id).into_owned())
        .collect();
    let mut text = format!(
        "{}: {}",
        plural(ids.len(), "client", "clients"),
        shown.join(", ")
    );
    if ids.len() > shown.len() {
        let _ = write!(text, " and {} more", ids.len() - shown.len());
    }
    text
}

fn describe_status(status: &sync::Status, now: DateTime<Utc>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Remote: {}",
        status.remote.as_deref().map_or("none".into(), one_line)
    );
    let _ = writeln!(out, "This machine: {}", one_line(&status.device));
    let _ = writeln!(
        out,
        "Last sync: {}",
        status
            .last_sync
            .map_or_else(|| "never".to_string(), |t| crate::text::ago(t, now))
    );
    let waiting = status.ahead + usize::from(status.changed_here);
    let _ = writeln!(
        out,
        "Not sent yet: {}; not taken in yet: {} (as of the last sync)",
        plural(waiting, "change", "changes"),
        plural(status.behind, "change", "changes")
    );
    if status.pending_clash.is_some() {
        out.push_str(
            "A clash is waiting: `konto sync` lists it; `konto sync --keep mine|theirs` settles it.\n",
        );
    }
    out
}

fn describe_log(changes: &[sync::Change]) -> String {
    if changes.is_empty() {
        return "No synced changes yet.\n".to_string();
    }
    let mut out = String::new();
    for change in changes {
        let _ = writeln!(
            out,
            "{}  {}  {}  {}",
            change.at.format("%Y-%m-%d %H:%M"),
            one_line(&change.device),
            change.commit,
            one_line(&change.clients.join(", "))
        );
    }
    out
}

/// `konto merge-driver %O %A %B %P`: the result in OURS; 1 and the clashes on a clash.
pub fn merge_driver(
    base: &std::path::Path,
    ours: &std::path::Path,
    theirs: &std::path::Path,
    path: Option<&str>,
) -> Outcome {
    let name = path.unwrap_or("the book");
    match sync::merge_driver(base, ours, theirs) {
        Ok(merged) if merged.clashes.is_empty() => Outcome::default(),
        Ok(merged) => {
            let mut err = format!(
                "konto merge-driver: {}: the same field changed on both sides; this side's value is kept (a book that loads, no markers):\n",
                one_line(name)
            );
            err.push_str(&clash_lines(&merged.clashes));
            Outcome::fail(err)
        }
        Err(error) => Outcome::fail(format!(
            "konto merge-driver: {}: {}. The file was left as it was.\n",
            one_line(name),
            error
        )),
    }
}
