//! One book on several machines, through git. Each book has a bare repository of its own
//! in konto's data folder (never a work tree around the book); konto commits the book's
//! text there with git's plumbing, fetches and pushes with the system `git`, and merges
//! with its own field-by-field merge ([`crate::merge`]). git never writes the book: every
//! write goes through [`crate::storage`], atomically, with its "unchanged since read" check.
//!
//! The history is one branch, `main`, whose commits hold one file, `book.ron`. A clash
//! writes nothing to the book: the local commit is pushed to `conflicts/<device>` and the
//! user settles it with `konto sync --keep mine|theirs`.

pub mod git;

use std::collections::HashMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::merge::{self, Clash};
use crate::model::{Book, Client};
use crate::storage::{self, Fingerprint};
pub use git::{Git, GitError};

/// The file the history keeps the book as.
const FILE: &str = "book.ron";
const BRANCH: &str = "refs/heads/main";
const THEIRS: &str = "refs/remotes/origin/main";
/// The file in the repository that holds the last sync's time.
const LAST_SYNC: &str = "konto-last-sync";
/// How many times a sync starts again when the book or the remote moved under it.
const ATTEMPTS: usize = 4;

/// What can stop a sync. Each leaves the book as it was.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Git(#[from] GitError),
    #[error(
        "this book is not set up to sync yet: `konto sync init REMOTE` does that (REMOTE is any URL git takes, or a path)"
    )]
    NotSetUp,
    #[error("konto cannot tell where to keep its sync history (no home folder)")]
    NoDataFolder,
    #[error("{0}")]
    Load(#[from] storage::LoadError),
    #[error("{0}")]
    Save(#[from] storage::SaveError),
    #[error(
        "the book on the remote (commit {commit}) cannot be used: {problem}. Nothing was written here; fix it on the machine that pushed it"
    )]
    TheirBook { commit: String, problem: String },
    #[error("neither this machine nor the remote has a book yet: create one first (run `konto`)")]
    NoBook,
    #[error(
        "the book kept changing while it synced ({ATTEMPTS} tries); nothing was lost, sync again"
    )]
    KeptChanging,
    #[error("could not set up the sync folder {}: {source}", .path.display())]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Which side a clash is settled for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Mine,
    Theirs,
}

/// How to settle clashes: for every client, or for the named ones only (the other
/// clashes still stop the sync).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keep {
    pub side: Side,
    pub clients: Vec<String>,
}

/// What a sync did.
#[derive(Debug, Clone, PartialEq)]
pub enum Synced {
    /// Both sides were the same.
    UpToDate,
    /// This machine's changes went to the remote.
    Sent,
    /// The remote's changes came here; nothing of ours was waiting.
    Received { clients: Vec<String> },
    /// Both had changes: merged field by field, saved here and sent.
    Merged { clients: Vec<String> },
    /// The remote could not be reached: this machine's changes are committed and go with
    /// the next sync.
    Offline { reason: String },
    /// The same field changed two ways: nothing was written to the book.
    Clash { clashes: Vec<Clashed> },
}

/// One client's clash, with both values of each field where a field has them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Clashed {
    pub client_id: Option<String>,
    pub name: String,
    pub fields: Vec<FieldClash>,
}

/// A field changed two ways (``deal `pilot`: amount``), with its value here and there.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldClash {
    pub field: String,
    pub here: Option<String>,
    pub there: Option<String>,
}

/// A sync's report: the clients this machine changed since the last sync, and the rest.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub committed: Vec<String>,
    pub synced: Synced,
}

/// Options every network step takes.
#[derive(Debug, Clone, Copy)]
pub struct Network {
    /// How long a fetch or a push may take before it is taken as offline.
    pub limit: Duration,
}

impl Default for Network {
    fn default() -> Self {
        Network {
            limit: Duration::from_secs(30),
        }
    }
}

/// The book's sync repository: where it is, and the book it is for.
pub struct Repo {
    git: Git,
    book: PathBuf,
    network: Network,
}

/// Where the sync history of the book at `book` is kept: konto's data folder, one bare
/// repository per book, named after the file and a hash of its full path.
pub fn repo_dir(book: &Path) -> Result<PathBuf, SyncError> {
    let dirs = directories::ProjectDirs::from("", "", "konto").ok_or(SyncError::NoDataFolder)?;
    let full = std::fs::canonicalize(book).unwrap_or_else(|_| book.to_path_buf());
    let stem = full
        .file_stem()
        .map(|s| crate::edit::slug(&s.to_string_lossy()))
        .unwrap_or_default();
    let hash = xxhash_rust::xxh3::xxh3_64(full.as_os_str().as_encoded_bytes());
    Ok(dirs
        .data_dir()
        .join("sync")
        .join(format!("{stem}-{hash:016x}.git")))
}

/// When the book at `book` last synced, if it is set up to (read without running git).
pub fn last_sync(book: &Path) -> Option<Option<DateTime<Utc>>> {
    let dir = repo_dir(book).ok()?;
    if !dir.join("HEAD").is_file() {
        return None;
    }
    Some(
        std::fs::read_to_string(dir.join(LAST_SYNC))
            .ok()
            .and_then(|t| DateTime::parse_from_rfc3339(t.trim()).ok())
            .map(|t| t.with_timezone(&Utc)),
    )
}

/// A sync of the book at `book`, as the dashboard starts one: its report or the words of
/// what stopped it.
pub fn sync_book(book: &Path) -> Result<Report, String> {
    Repo::open(book, Network::default())
        .and_then(|repo| repo.sync(None))
        .map_err(|error| error.to_string())
}

/// This machine's name, as commits and conflict branches name it.
pub fn default_device() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|name| crate::edit::slug(name.trim()))
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "this-machine".to_string())
}

impl Repo {
    /// The repository of the book at `book`, set up by `init`.
    pub fn open(book: &Path, network: Network) -> Result<Repo, SyncError> {
        Repo::open_in(&repo_dir(book)?, book, network)
    }

    /// The repository in `dir` of the book at `book` (tests keep it in a folder of theirs).
    pub fn open_in(dir: &Path, book: &Path, network: Network) -> Result<Repo, SyncError> {
        let dir = dir.to_path_buf();
        if !dir.join("HEAD").is_file() {
            return Err(SyncError::NotSetUp);
        }
        let probe = Git::new(&dir, "konto");
        let device = probe
            .answer(&["config", "--get", "konto.device"])?
            .unwrap_or_else(default_device);
        Ok(Repo {
            git: Git::new(&dir, &device),
            book: book.to_path_buf(),
            network,
        })
    }

    /// Sets up the book at `book` to sync with `remote`, then syncs: an empty remote gets
    /// the book; a remote's book with none here becomes the book here; two books with no
    /// history in common are merged as clients added on both sides.
    pub fn init(
        book: &Path,
        remote: &str,
        device: &str,
        network: Network,
    ) -> Result<(Repo, Report), SyncError> {
        Repo::init_in(&repo_dir(book)?, book, remote, device, network)
    }

    /// [`Repo::init`] with the repository in `dir`.
    pub fn init_in(
        dir: &Path,
        book: &Path,
        remote: &str,
        device: &str,
        network: Network,
    ) -> Result<(Repo, Report), SyncError> {
        let dir = dir.to_path_buf();
        let folder = |source| SyncError::Folder {
            path: dir.clone(),
            source,
        };
        std::fs::create_dir_all(&dir).map_err(folder)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))
                .map_err(folder)?;
        }
        let git = Git::new(&dir, device);
        if !dir.join("HEAD").is_file() {
            git.run(&["init", "--quiet", "--bare", "--initial-branch=main"])?;
        }
        git.run(&["config", "konto.device", device])?;
        git.run(&["config", "konto.book", &book.to_string_lossy()])?;
        if git.answer(&["remote", "get-url", "origin"])?.is_some() {
            git.run(&["remote", "set-url", "--end-of-options", "origin", remote])?;
        } else {
            // A remote is never read as an option (`--upload-pack=…` would run a command).
            git.run(&["remote", "add", "--end-of-options", "origin", remote])?;
        }
        let repo = Repo {
            git,
            book: book.to_path_buf(),
            network,
        };
        let report = repo.sync(None)?;
        Ok((repo, report))
    }

    pub fn git(&self) -> &Git {
        &self.git
    }

    /// Commits the book here if it changed, brings in the remote's changes (merging when
    /// both changed), saves the result through the book's own writer and sends it.
    pub fn sync(&self, keep: Option<&Keep>) -> Result<Report, SyncError> {
        let mut committed = Vec::new();
        for _ in 0..ATTEMPTS {
            let local = storage::read_text(&self.book)?;
            if let Some((text, book, _)) = &local {
                committed.extend(self.commit_local(text, book)?);
            }
            storage::fault_point("after-commit");
            match self.fetch() {
                Ok(()) => {}
                Err(reason) => {
                    if local.is_none() && self.head(BRANCH)?.is_none() {
                        return Err(reason);
                    }
                    return Ok(Report {
                        committed,
                        synced: Synced::Offline {
                            reason: reason.to_string(),
                        },
                    });
                }
            }
            match self.bring_together(local, keep)? {
                Step::Done(synced) => {
                    let now = Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
                    self.git.run(&["config", "konto.lastsync", &now])?;
                    // Also where the dashboard reads it at launch without running git.
                    let _ = std::fs::write(self.git.dir().join(LAST_SYNC), &now);
                    if !matches!(synced, Synced::Clash { .. }) {
                        let _ = self.git.run(&["config", "--unset", "konto.pending"]);
                    }
                    return Ok(Report { committed, synced });
                }
                Step::Again => {}
            }
        }
        Err(SyncError::KeptChanging)
    }

    /// The commit a ref points at, if any.
    fn head(&self, reference: &str) -> Result<Option<String>, SyncError> {
        Ok(self.git.answer(&[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{reference}^{{commit}}"),
        ])?)
    }

    /// The book's text in `commit`.
    fn text_at(&self, commit: &str) -> Result<String, SyncError> {
        let bytes = self
            .git
            .run_raw(&["cat-file", "blob", &format!("{commit}:{FILE}")])?;
        String::from_utf8(bytes).map_err(|_| SyncError::TheirBook {
            commit: commit.chars().take(10).collect(),
            problem: "it is not UTF-8 text".to_string(),
        })
    }

    /// Commits `text` on `main` if it differs from the last commit's; the clients it
    /// changed.
    fn commit_local(&self, text: &str, book: &Book) -> Result<Vec<String>, SyncError> {
        let blob = self
            .git
            .run_input(&["hash-object", "-w", "--stdin"], text.as_bytes())?;
        let head = self.head(BRANCH)?;
        let changed = match &head {
            Some(head) => {
                let old_blob = self.git.answer(&["rev-parse", &format!("{head}:{FILE}")])?;
                if old_blob.as_deref() == Some(blob.as_str()) {
                    return Ok(Vec::new());
                }
                // Which clients, from the texts (a parse of the old book would double
                // the work at 10,000 clients).
                let old = self.text_at(head)?;
                storage::changed_client_ids(&old, text).unwrap_or_else(|| {
                    let before = storage::parse(&old).ok().map(|(b, _)| b);
                    changed_clients(before.as_ref(), book)
                })
            }
            None => changed_clients(None, book),
        };
        let parents: Vec<&str> = head.as_deref().into_iter().collect();
        let commit = self.commit(&blob, &parents, &self.message(&changed))?;
        self.move_branch(&commit, head.as_deref())?;
        Ok(changed)
    }

    fn message(&self, changed: &[String]) -> String {
        let shown: Vec<&str> = changed.iter().take(40).map(String::as_str).collect();
        let more = changed.len().saturating_sub(shown.len());
        let mut message = format!(
            "{} on {}\n\nClients: {}",
            crate::text::plural(changed.len(), "client changed", "clients changed"),
            self.git.device,
            shown.join(", ")
        );
        if more > 0 {
            let _ = write!(message, " and {more} more");
        }
        message.push('\n');
        message
    }

    fn commit(&self, blob: &str, parents: &[&str], message: &str) -> Result<String, SyncError> {
        let tree = self.git.run_input(
            &["mktree"],
            format!("100644 blob {blob}\t{FILE}\n").as_bytes(),
        )?;
        let mut args = vec!["commit-tree", tree.as_str()];
        for parent in parents {
            args.push("-p");
            args.push(parent);
        }
        Ok(self.git.run_input(&args, message.as_bytes())?)
    }

    fn move_branch(&self, to: &str, from: Option<&str>) -> Result<(), SyncError> {
        let mut args = vec!["update-ref", BRANCH, to];
        if let Some(from) = from {
            args.push(from);
        }
        self.git.run(&args)?;
        Ok(())
    }

    /// The remote's `main` into `origin/main` (absent when the remote has none yet).
    fn fetch(&self) -> Result<(), SyncError> {
        let limit = self.network.limit;
        let listed = self
            .git
            .run_network(&["ls-remote", "--heads", "origin", "main"], limit)?;
        if listed.trim().is_empty() {
            let _ = self.git.run(&["update-ref", "-d", THEIRS]);
            return Ok(());
        }
        self.git.run_network(
            &[
                "fetch",
                "--quiet",
                "--no-tags",
                "origin",
                &format!("+{BRANCH}:{THEIRS}"),
            ],
            limit,
        )?;
        Ok(())
    }

    /// Sends `main` to the remote; `false` when the remote moved meanwhile.
    fn push(&self) -> Result<bool, SyncError> {
        match self.git.run_network(
            &["push", "--quiet", "origin", &format!("{BRANCH}:{BRANCH}")],
            self.network.limit,
        ) {
            Ok(_) => Ok(true),
            Err(GitError::Failed { stderr, .. })
                if stderr.contains("rejected") || stderr.contains("fetch first") =>
            {
                Ok(false)
            }
            Err(other) => Err(other.into()),
        }
    }

    /// Brings `main` and the remote's together: send, receive, or merge.
    fn bring_together(
        &self,
        local: Option<(String, Book, Fingerprint)>,
        keep: Option<&Keep>,
    ) -> Result<Step, SyncError> {
        let ours = self.head(BRANCH)?;
        let theirs = self.head(THEIRS)?;
        let (ours, theirs) = match (ours, theirs) {
            (None, None) => return Err(SyncError::NoBook),
            (Some(_), None) => return self.send(Synced::Sent),
            (None, Some(theirs)) => return self.receive(&theirs, None, local.as_ref()),
            (Some(ours), Some(theirs)) if ours == theirs => {
                return Ok(Step::Done(Synced::UpToDate));
            }
            (Some(ours), Some(theirs)) => (ours, theirs),
        };
        let base = self.git.answer(&["merge-base", &ours, &theirs])?;
        if base.as_deref() == Some(theirs.as_str()) {
            return self.send(Synced::Sent);
        }
        if base.as_deref() == Some(ours.as_str()) {
            return self.receive(&theirs, Some(&ours), local.as_ref());
        }
        let Some((_, our_book, fingerprint)) = local else {
            return self.receive(&theirs, Some(&ours), None);
        };
        self.merge(
            &ours,
            &theirs,
            base.as_deref(),
            &our_book,
            fingerprint,
            keep,
        )
    }

    fn send(&self, synced: Synced) -> Result<Step, SyncError> {
        match self.push() {
            Ok(true) => Ok(Step::Done(synced)),
            Ok(false) => Ok(Step::Again),
            Err(SyncError::Git(error)) if is_offline(&error) => Ok(Step::Done(Synced::Offline {
                reason: error.to_string(),
            })),
            Err(other) => Err(other),
        }
    }

    /// The remote's book becomes the book here, as its text (comments and all).
    fn receive(
        &self,
        theirs: &str,
        ours: Option<&str>,
        local: Option<&(String, Book, Fingerprint)>,
    ) -> Result<Step, SyncError> {
        let text = self.text_at(theirs)?;
        let their_book = Self::their_book(theirs, &text)?;
        let expected = local.map(|(_, _, fingerprint)| *fingerprint);
        match storage::write_text(&self.book, &text, expected) {
            Ok(_) => {}
            Err(storage::SaveError::ChangedOnDisk { .. }) => return Ok(Step::Again),
            Err(other) => return Err(other.into()),
        }
        self.move_branch(theirs, ours)?;
        let clients = changed_clients(local.map(|(_, book, _)| book), &their_book);
        Ok(Step::Done(Synced::Received { clients }))
    }

    /// The remote's book in `commit`, read and checked as a file of this konto's.
    fn their_book(commit: &str, text: &str) -> Result<Book, SyncError> {
        let short = commit.chars().take(10).collect::<String>();
        let refuse = |problem: String| SyncError::TheirBook {
            commit: short.clone(),
            problem,
        };
        if text
            .lines()
            .any(|l| l.starts_with("<<<<<<<") || l.starts_with(">>>>>>>"))
        {
            return Err(refuse(
                "it holds a text merge's conflict markers (`<<<<<<<`)".to_string(),
            ));
        }
        let (book, _) = storage::parse(text).map_err(|p| refuse(p.to_string()))?;
        storage::check(&book).map_err(refuse)?;
        Ok(book)
    }

    /// Both sides changed: merge field by field over the last book they shared.
    fn merge(
        &self,
        ours: &str,
        theirs: &str,
        base: Option<&str>,
        our_book: &Book,
        fingerprint: Fingerprint,
        keep: Option<&Keep>,
    ) -> Result<Step, SyncError> {
        let their_text = self.text_at(theirs)?;
        let base_text = base.map(|base| self.text_at(base)).transpose()?;
        // The two books read side by side: at 10,000 clients each is a third of a second
        // (one after the other where no thread can be had).
        let read_base = || {
            base_text.as_deref().map(|text| {
                storage::parse(text)
                    .map(|(book, _)| book)
                    .unwrap_or_default()
            })
        };
        let (their_book, base_book) = std::thread::scope(|scope| {
            let base = std::thread::Builder::new().spawn_scoped(scope, read_base);
            let theirs = Self::their_book(theirs, &their_text);
            let base = match base {
                Ok(thread) => thread.join().unwrap_or_default(),
                Err(_) => read_base(),
            };
            (theirs, base)
        });
        let their_book = their_book?;
        // No shared history (two books set up apart): every client is "added on both
        // sides", each differing field a clash.
        let base_book = base_book.unwrap_or_else(|| our_book.without_clients());
        let merged = merge::merge(&base_book, our_book, &their_book);
        let (merged_mine, merged_theirs) = (merged.mine_wins.clone(), merged.theirs_wins.clone());
        let (book, clashes) = settle(merged, keep);
        let clashes = match (clashes.is_empty(), storage::check(&book)) {
            (true, Ok(())) => clashes,
            (_, Err(problem)) if clashes.is_empty() => vec![Clash {
                client_id: None,
                name: "the merged book".to_string(),
                fields: vec![problem],
            }],
            _ => clashes,
        };
        if !clashes.is_empty() {
            let clashes = clashes
                .iter()
                .map(|clash| explain(clash, &merged_mine, &merged_theirs))
                .collect();
            // Kept on the remote for the other machine to see; the book is untouched.
            let branch = format!("{ours}:refs/heads/conflicts/{}", self.git.device);
            let _ = self.git.run_network(
                &["push", "--quiet", "--force", "origin", &branch],
                self.network.limit,
            );
            self.git.run(&["config", "konto.pending", theirs])?;
            return Ok(Step::Done(Synced::Clash { clashes }));
        }
        let saved = match storage::save_merged(
            &self.book,
            &book,
            (our_book, fingerprint),
            (&their_text, &their_book),
        ) {
            Ok(saved) => saved,
            Err(storage::SaveError::ChangedOnDisk { .. }) => return Ok(Step::Again),
            Err(other) => return Err(other.into()),
        };
        // What was written is what is committed; changed since (an edit here): again.
        let Some(text) = storage::text_if_still(&self.book, saved) else {
            return Ok(Step::Again);
        };
        let blob = self
            .git
            .run_input(&["hash-object", "-w", "--stdin"], text.as_bytes())?;
        let clients = changed_clients(Some(our_book), &book);
        let commit = self.commit(&blob, &[ours, theirs], &self.message(&clients))?;
        self.move_branch(&commit, Some(ours))?;
        self.send(Synced::Merged { clients })
    }
}

/// What one pass of a sync came to.
enum Step {
    Done(Synced),
    /// The book or the remote moved meanwhile: start again.
    Again,
}

fn is_offline(error: &GitError) -> bool {
    matches!(error, GitError::Failed { .. } | GitError::TimedOut { .. })
}

/// A clash with each field's value here (`mine`) and there (`theirs`), as the file
/// writes them, where the field names one.
fn explain(clash: &Clash, mine: &Book, theirs: &Book) -> Clashed {
    let side = |book: &Book| {
        clash
            .client_id
            .as_deref()
            .and_then(|id| book.client(id))
            .and_then(|c| serde_json::to_value(c).ok())
    };
    let (here, there) = (side(mine), side(theirs));
    let fields = clash
        .fields
        .iter()
        .map(|field| FieldClash {
            field: field.clone(),
            here: here.as_ref().and_then(|c| value_at(c, field)),
            there: there.as_ref().and_then(|c| value_at(c, field)),
        })
        .collect();
    Clashed {
        client_id: clash.client_id.clone(),
        name: clash.name.clone(),
        fields,
    }
}

/// The value a clash's field names in a client (as JSON): `notes`, or ``deal `pilot`:
/// amount`` (an item's field, the item found by its id).
fn value_at(client: &serde_json::Value, field: &str) -> Option<String> {
    let value = match field.split_once(" `") {
        None => client.get(field)?,
        Some((kind, rest)) => {
            let (id, item_field) = rest.split_once("`: ")?;
            let list = client.get(format!("{kind}s"))?.as_array()?;
            let item = list
                .iter()
                .find(|i| i.get("id").and_then(serde_json::Value::as_str) == Some(id))?;
            item.get(item_field)?
        }
    };
    Some(match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    })
}

/// The merged book with clashes settled as `keep` says, and the clashes left.
fn settle(merged: merge::Merged, keep: Option<&Keep>) -> (Book, Vec<Clash>) {
    let Some(keep) = keep else {
        return (merged.theirs_wins, merged.clashes);
    };
    let (chosen, other) = match keep.side {
        Side::Mine => (merged.mine_wins, merged.theirs_wins),
        Side::Theirs => (merged.theirs_wins, merged.mine_wins),
    };
    if keep.clients.is_empty() {
        return (chosen, Vec::new());
    }
    // Only the named clients settled: the rest as the other side, their clashes left.
    let named = |id: &Option<String>| {
        id.as_ref()
            .is_some_and(|id| keep.clients.iter().any(|k| k == id))
    };
    let left: Vec<Clash> = merged
        .clashes
        .into_iter()
        .filter(|c| !named(&c.client_id))
        .collect();
    let mut book = other;
    let chosen_by_id: HashMap<&str, &Client> =
        chosen.clients.iter().map(|c| (c.id.as_str(), c)).collect();
    for id in &keep.clients {
        let at = book.clients.iter().position(|c| c.id == *id);
        if let (Some(at), Some(client)) = (at, chosen_by_id.get(id.as_str())) {
            book.clients.set(at, (*client).clone());
        }
    }
    (book, left)
}

/// The ids of the clients that differ between `before` and `after` (added, changed or
/// removed), in `after`'s order then the removed ones.
pub fn changed_clients(before: Option<&Book>, after: &Book) -> Vec<String> {
    let Some(before) = before else {
        return after.clients.iter().map(|c| c.id.clone()).collect();
    };
    let old: HashMap<&str, &Client> = before.clients.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut changed: Vec<String> = after
        .clients
        .iter()
        .filter(|c| old.get(c.id.as_str()) != Some(c))
        .map(|c| c.id.clone())
        .collect();
    let now: std::collections::HashSet<&str> =
        after.clients.iter().map(|c| c.id.as_str()).collect();
    changed.extend(
        before
            .clients
            .iter()
            .filter(|c| !now.contains(c.id.as_str()))
            .map(|c| c.id.clone()),
    );
    changed
}

/// Where a book stands against its remote, from what the last sync fetched.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Status {
    pub remote: Option<String>,
    pub device: String,
    /// Commits here the remote has not got; commits there not here.
    pub ahead: usize,
    pub behind: usize,
    /// The book changed since the last commit (the next sync commits it).
    pub changed_here: bool,
    pub last_sync: Option<DateTime<Utc>>,
    /// The remote's commit a clash is waiting on (`konto sync --keep` settles it).
    pub pending_clash: Option<String>,
}

impl Repo {
    pub fn status(&self) -> Result<Status, SyncError> {
        let ours = self.head(BRANCH)?;
        let theirs = self.head(THEIRS)?;
        let (ahead, behind) = match (&ours, &theirs) {
            (Some(ours), Some(theirs)) => {
                let counts = self.git.run(&[
                    "rev-list",
                    "--left-right",
                    "--count",
                    &format!("{ours}...{theirs}"),
                ])?;
                let mut parts = counts.split_whitespace().map(|n| n.parse().unwrap_or(0));
                (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
            }
            (Some(ours), None) => (
                self.git
                    .run(&["rev-list", "--count", ours])?
                    .parse()
                    .unwrap_or(0),
                0,
            ),
            _ => (0, 0),
        };
        let changed_here = match (storage::read_text(&self.book)?, &ours) {
            (Some((text, _, _)), Some(ours)) => {
                let blob = self
                    .git
                    .run_input(&["hash-object", "--stdin"], text.as_bytes())?;
                self.git.answer(&["rev-parse", &format!("{ours}:{FILE}")])? != Some(blob)
            }
            (Some(_), None) => true,
            (None, _) => false,
        };
        Ok(Status {
            remote: self.git.answer(&["remote", "get-url", "origin"])?,
            device: self.git.device.clone(),
            ahead,
            behind,
            changed_here,
            last_sync: self
                .git
                .answer(&["config", "--get", "konto.lastsync"])?
                .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
                .map(|t| t.with_timezone(&Utc)),
            pending_clash: self.git.answer(&["config", "--get", "konto.pending"])?,
        })
    }

    /// When, and on which device, the book (or `client`) changed: newest first.
    pub fn log(&self, client: Option<&str>) -> Result<Vec<Change>, SyncError> {
        if self.head(BRANCH)?.is_none() {
            return Ok(Vec::new());
        }
        let out = self
            .git
            .run(&["log", "--format=%H%x1f%ct%x1f%an%x1f%B%x1e", BRANCH])?;
        let mut changes = Vec::new();
        for entry in out.split('\u{1e}') {
            let fields: Vec<&str> = entry.trim_start().splitn(4, '\u{1f}').collect();
            let [commit, time, device, body] = fields.as_slice() else {
                continue;
            };
            let clients: Vec<String> = body
                .lines()
                .find_map(|l| l.strip_prefix("Clients: "))
                .map(|l| {
                    l.split(", ")
                        .map(|c| c.split(" and ").next().unwrap_or(c).trim().to_string())
                        .filter(|c| !c.is_empty())
                        .collect()
                })
                .unwrap_or_default();
            if client.is_some_and(|wanted| !clients.iter().any(|c| c == wanted)) {
                continue;
            }
            changes.push(Change {
                commit: commit.chars().take(10).collect(),
                at: time
                    .parse()
                    .ok()
                    .and_then(|t| DateTime::from_timestamp(t, 0))
                    .unwrap_or_default(),
                device: (*device).to_string(),
                merge: body.lines().next().unwrap_or_default().to_string(),
                clients,
            });
        }
        Ok(changes)
    }
}

/// One commit of the book's history.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    pub commit: String,
    pub at: DateTime<Utc>,
    pub device: String,
    /// The commit's first line: `2 clients changed on laptop`.
    pub merge: String,
    pub clients: Vec<String>,
}

/// What `konto merge-driver` did to the file git gave it as "ours".
#[derive(Debug, Clone, PartialEq)]
pub struct DriverMerge {
    pub clashes: Vec<Clashed>,
}

/// git's merge driver for a book kept in a repository of the user's own (`%O %A %B`):
/// the three versions merged field by field; the result is written over `ours` (its
/// text kept where nothing changed, comments and all). A clash keeps this side's
/// value for it, writes a book that loads all the same, and is reported: never markers.
pub fn merge_driver(base: &Path, ours: &Path, theirs: &Path) -> Result<DriverMerge, SyncError> {
    let read = |path: &Path| -> Result<Option<(String, Book, Fingerprint)>, SyncError> {
        match std::fs::metadata(path) {
            Ok(meta) if meta.len() == 0 => Ok(None),
            _ => Ok(storage::read_text(path)?),
        }
    };
    let (Some((our_text, our_book, _)), Some((_, their_book, _))) = (read(ours)?, read(theirs)?)
    else {
        return Err(SyncError::NoBook);
    };
    let base_book = match read(base)? {
        Some((_, book, _)) => book,
        // No shared history: every client "added on both sides".
        None => our_book.without_clients(),
    };
    let merged = merge::merge(&base_book, &our_book, &their_book);
    let clashes: Vec<Clashed> = merged
        .clashes
        .iter()
        .map(|clash| explain(clash, &merged.mine_wins, &merged.theirs_wins))
        .collect();
    let book = merged.mine_wins;
    storage::check(&book).map_err(storage::SaveError::Invalid)?;
    storage::write_scratch(ours, &our_text, &our_book, &book)?;
    Ok(DriverMerge { clashes })
}
