//! The file primitives every writer here shares: files opened only when they are regular,
//! reads capped, text staged beside its target and fsynced before it is renamed over it,
//! the lock beside the book, the backup, and the test hooks that stop a save dead.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::{fs, io};

use super::{SaveError, location};

/// What a path is when it is not a regular file: a FIFO would block a read for ever, a
/// device could be endless, a folder cannot be a book.
pub(super) fn special_kind(meta: &fs::Metadata) -> Option<&'static str> {
    let kind = meta.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// Opens a file konto reads (a capture source, the cache, a state file) only if it is a
/// regular file: a FIFO would block the open or the read for ever, a device could be
/// endless. The open itself does not block (`O_NONBLOCK`, which a regular file ignores).
pub fn open_regular(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits().cast_signed());
    }
    let file = options.open(path)?;
    if let Some(what) = special_kind(&file.metadata()?) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("it is {what}, not a file"),
        ));
    }
    Ok(file)
}

/// Fills `buffer` from `file` at `offset`, without moving the file's own position (so
/// threads can each read their part of one open file).
pub fn read_exact_at(file: &File, buffer: &mut [u8], offset: u64) -> io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(file, buffer, offset)
    }
    #[cfg(windows)]
    {
        let (mut buffer, mut offset) = (buffer, offset);
        while !buffer.is_empty() {
            match std::os::windows::fs::FileExt::seek_read(file, buffer, offset)? {
                0 => return Err(io::ErrorKind::UnexpectedEof.into()),
                read => {
                    buffer = &mut buffer[read..];
                    offset += read as u64;
                }
            }
        }
        Ok(())
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = (file, buffer, offset);
        Err(io::ErrorKind::Unsupported.into())
    }
}

/// Copies `range` of `from` to `to` through one small buffer (positioned reads: `from`'s
/// own position does not move), showing each piece to `seen` on its way.
pub(super) fn copy_range(
    from: &File,
    range: std::ops::Range<u64>,
    to: &mut dyn Write,
    seen: &mut dyn FnMut(&[u8]),
) -> io::Result<()> {
    const PIECE: u64 = 1 << 20;
    let mut buffer =
        vec![0; usize::try_from(PIECE.min(range.end.saturating_sub(range.start))).unwrap_or(0)];
    let mut at = range.start;
    while at < range.end {
        let piece = &mut buffer[..usize::try_from(PIECE.min(range.end - at)).unwrap_or(0)];
        read_exact_at(from, piece, at)?;
        seen(piece);
        to.write_all(piece)?;
        at += piece.len() as u64;
    }
    Ok(())
}

/// A regular file's bytes, if it holds at most `most` of them.
pub fn read_capped(path: &Path, most: u64) -> io::Result<Vec<u8>> {
    read_open(path, most).map(|(_, bytes)| bytes)
}

/// [`read_capped`], and the file still open (to read a piece of it again later, the
/// same file whatever is renamed over its path meanwhile).
pub(super) fn read_open(path: &Path, most: u64) -> io::Result<(File, Vec<u8>)> {
    use std::io::Read;
    let file = open_regular(path)?;
    // Room for the whole file at once: a large one is not read in doubling pieces, each
    // growth copying what came before.
    let expected = file.metadata()?.len().min(most).saturating_add(1);
    let mut bytes = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
    (&file)
        .take(most.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > most {
        return Err(io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!("it is larger than {} MiB", most >> 20),
        ));
    }
    Ok((file, bytes))
}

/// The text a save replaces, kept as the backup: its bytes, or the open file itself when
/// the save did not read it into memory.
#[derive(Clone, Copy)]
pub(super) enum OldText<'a> {
    Bytes(&'a [u8]),
    File(&'a File),
}

/// Puts the staged book in `target`'s place and keeps the file it replaces (whose text
/// is `previous`) as the backup. Where the system can swap two names in one step
/// (Linux's `renameat2` with `RENAME_EXCHANGE`), the old file itself becomes the backup:
/// a large book is not written out a second time on every save, and the book and its
/// backup are never one file, at any moment. Elsewhere, or where the file system cannot
/// swap, the backup is a copy written before the rename.
pub(super) fn commit_keeping_backup(
    staged: tempfile::NamedTempFile,
    target: &Path,
    previous: OldText<'_>,
    mode: Option<u32>,
) -> io::Result<()> {
    let staged = match swap_in(staged, target) {
        Ok(old) => {
            // A kill here leaves the new book whole; the old one is in a temporary the
            // next save sweeps, and the backup is the one before.
            fault_point("after-swap");
            let backup = location::backup_path(target);
            retire(&backup, target);
            if old.persist(&backup).is_err() {
                keep_backup(target, previous, mode)?;
            }
            sync_dir(folder_of(target));
            return Ok(());
        }
        Err(staged) => staged,
    };
    keep_backup(target, previous, mode)?;
    fault_point("after-backup");
    commit(staged, target)
}

/// Gives a large backup a second name among `target`'s temporaries, so that the new
/// backup taking its name frees nothing: freeing a large file's blocks (4 ms for 25 MB)
/// is left to the next save's sweep, which runs beside its copy ([`stale_temporaries`]).
/// A smaller one is freed by the rename, as is any where the file system has no hard
/// links: no file is left beside a book for a saving that small.
fn retire(backup: &Path, target: &Path) {
    if fs::symlink_metadata(backup).map_or(true, |meta| meta.len() < RETIRE_FROM_BYTES) {
        return;
    }
    let linked = tempfile::Builder::new()
        .prefix(&temporary_prefix(target))
        .suffix(".tmp")
        .make_in(folder_of(target), |name| fs::hard_link(backup, name));
    if let Ok(linked) = linked {
        // Kept on disk: the next save removes it.
        let _ = linked.into_temp_path().keep();
    }
}

/// The size from which a replaced backup is retired rather than freed at once (freeing
/// 4 MiB takes well under a millisecond).
const RETIRE_FROM_BYTES: u64 = 4 << 20;

/// Swaps the staged file and `target` in one step: `target` then holds the new text and
/// the staged name the old file, returned. Gives the staged file back where the system
/// or the file system cannot swap.
#[cfg(target_os = "linux")]
fn swap_in(
    staged: tempfile::NamedTempFile,
    target: &Path,
) -> Result<tempfile::TempPath, tempfile::NamedTempFile> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    match renameat_with(CWD, staged.path(), CWD, target, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(staged.into_temp_path()),
        Err(_) => Err(staged),
    }
}

#[cfg(not(target_os = "linux"))]
fn swap_in(
    staged: tempfile::NamedTempFile,
    _target: &Path,
) -> Result<tempfile::TempPath, tempfile::NamedTempFile> {
    Err(staged)
}

/// Makes a copy of the file as it was read (`previous`) the backup, replacing the old
/// backup only once the new one is complete beside it. A copy, never a link to the book:
/// a kill between a link and the book's rename would leave the two as one file, and an
/// editor writing the book in place would then change the backup too. It is not flushed:
/// it is the previous version, and the book itself is flushed before its rename.
fn keep_backup(target: &Path, previous: OldText<'_>, mode: Option<u32>) -> io::Result<()> {
    let backup = location::backup_path(target);
    let mut temp = temporary_beside(&backup)?;
    match previous {
        OldText::Bytes(bytes) => temp.write_all(bytes)?,
        OldText::File(file) => {
            let len = file.metadata()?.len();
            copy_range(file, 0..len, &mut temp, &mut |_| {})?;
        }
    }
    set_mode(&temp, mode)?;
    temp.persist(&backup).map_err(|e| e.error)?;
    Ok(())
}

/// Who a file is: its device and inode, length and modification time. Checked again just
/// before a save's rename, so that an editor that replaced the file meanwhile (without
/// konto's lock) is not overwritten.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Identity {
    #[cfg(unix)]
    inode: (u64, u64),
    len: u64,
    modified: Option<std::time::SystemTime>,
}

pub(super) fn identity(path: &Path) -> Option<Identity> {
    let meta = fs::metadata(path).ok()?;
    Some(Identity {
        #[cfg(unix)]
        inode: {
            use std::os::unix::fs::MetadataExt;
            (meta.dev(), meta.ino())
        },
        len: meta.len(),
        modified: meta.modified().ok(),
    })
}

/// Refuses a book that is read-only or not a regular file, before anything is written.
/// The permission bits are read rather than tried, so that even a user allowed to write
/// anywhere (root) does not replace a file its owner marked read-only.
pub(super) fn refuse_unwritable(target: &Path) -> Result<(), SaveError> {
    let Ok(meta) = fs::metadata(target) else {
        return Ok(());
    };
    if let Some(what) = special_kind(&meta) {
        return Err(SaveError::NotAFile {
            path: target.to_path_buf(),
            what,
        });
    }
    if meta.permissions().readonly() {
        return Err(SaveError::ReadOnly {
            path: target.to_path_buf(),
        });
    }
    Ok(())
}

/// Test hooks, so that crash and signal tests need not race a timer: with
/// `KONTO_FAULT=<point>` the process stops dead at that point of a save (as a power cut
/// or `kill -9` would: `after-stage`, `after-swap` (or `after-backup` where the backup
/// is a copy), `after-rename`, and the sync's `after-commit`); with
/// `KONTO_FAULT=slow-save` every save takes a second longer.
pub(crate) fn fault_point(point: &str) {
    if !cfg!(feature = "test-support") {
        return;
    }
    match std::env::var("KONTO_FAULT").as_deref() {
        Ok(fault) if fault == point => std::process::abort(),
        Ok("slow-save") => std::thread::sleep(std::time::Duration::from_secs(1)),
        _ => {}
    }
}

/// The temporaries beside `target` that no save is writing (a save holds the book's
/// lock, so no other konto is writing one right now): what killed saves left, and
/// retired backups ([`retire`]). Listed before a save makes its own, so that they can be
/// removed while it writes.
pub(super) fn stale_temporaries(target: &Path) -> Vec<PathBuf> {
    if target.file_name().is_none() {
        return Vec::new();
    }
    let prefix = temporary_prefix(target);
    let Ok(entries) = fs::read_dir(folder_of(target)) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|entry| {
            let file_name = entry.file_name();
            let file_name = file_name.to_string_lossy();
            file_name.starts_with(&prefix) && file_name.ends_with(".tmp")
        })
        .map(|entry| entry.path())
        .collect()
}

/// What `stat` says of a file that changes whenever its bytes do: which file it is, its
/// length, and its modification and status-change times to the nanosecond (the status
/// change cannot be set back by a program, unlike the modification time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(super) struct Stat {
    device: u64,
    inode: u64,
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
}

/// How long after its last change a file's stat is trusted to stand for its bytes: a
/// change within the same tick of a coarse file-system clock leaves the times as they
/// were (git's "racily clean" files), and some file systems count in whole seconds.
const SETTLED_AFTER_SECS: i64 = 3;

impl Stat {
    /// Whether the file was last changed long enough before `now` (seconds since the
    /// epoch) that a later change must show in its times.
    pub(super) fn settled(&self, now: i64) -> bool {
        self.modified.0.max(self.changed.0) + SETTLED_AFTER_SECS <= now
    }
}

#[cfg(unix)]
#[allow(
    clippy::unnecessary_wraps,
    reason = "None where the status-change time is not known (not on unix)"
)]
pub(super) fn stat_of(meta: &fs::Metadata) -> Option<Stat> {
    use std::os::unix::fs::MetadataExt;
    Some(Stat {
        device: meta.dev(),
        inode: meta.ino(),
        len: meta.len(),
        modified: (meta.mtime(), meta.mtime_nsec()),
        changed: (meta.ctime(), meta.ctime_nsec()),
    })
}

/// No shortcut where the status-change time is not known: the bytes are hashed.
#[cfg(not(unix))]
pub(super) fn stat_of(_meta: &fs::Metadata) -> Option<Stat> {
    None
}

/// The file's size and modification time: a cheap way to notice it changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
}

pub fn file_stamp(path: &Path) -> Option<FileStamp> {
    let meta = fs::metadata(path).ok()?;
    Some(FileStamp {
        len: meta.len(),
        modified: meta.modified().ok(),
    })
}

pub(super) fn resolve_link(path: &Path) -> PathBuf {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            fs::canonicalize(path).unwrap_or_else(|_| match fs::read_link(path) {
                Ok(target) if target.is_relative() => path.with_file_name(target),
                Ok(target) => target,
                Err(_) => path.to_path_buf(),
            })
        }
        _ => path.to_path_buf(),
    }
}

/// `.book.ron.lock`, beside the book.
pub(super) fn lock_path(target: &Path) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(target.file_name().unwrap_or_default());
    name.push(".lock");
    target.with_file_name(name)
}

/// Serialises savers of the same book (two konto processes) for the read-compare-write.
/// The lock file is opened without following a link, so a planted link cannot make konto
/// create or touch a file elsewhere.
pub(super) fn lock_beside(target: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NOFOLLOW.bits().cast_signed());
    }
    let path = lock_path(target);
    let lock = options.open(&path).map_err(|e| {
        if fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            io::Error::other(format!(
                "{} is a symbolic link; konto will not follow it (remove it)",
                path.display()
            ))
        } else {
            e
        }
    })?;
    lock.lock()?;
    Ok(lock)
}

#[cfg(unix)]
pub(super) fn create_private_dir(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    if dir.is_dir() {
        return Ok(());
    }
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
pub(super) fn create_private_dir(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)
}

#[cfg(unix)]
pub(super) fn existing_mode(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path)
        .ok()
        .map(|m| m.permissions().mode() & 0o777)
}

#[cfg(not(unix))]
pub(super) fn existing_mode(_path: &Path) -> Option<u32> {
    None
}

/// The folder a file is in (`.` for a bare file name).
pub(super) fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// `.book.ron.`: how the names of a file's temporary files begin.
pub(super) fn temporary_prefix(path: &Path) -> String {
    format!(
        ".{}.",
        path.file_name().unwrap_or_default().to_string_lossy()
    )
}

/// Temp file in the same folder, renamed over `target`, without waiting for the disk:
/// for the cache only. Its copy is checked against a hash on every read, so a crash can
/// cost the copy (the next load parses the text) but never make it wrong; waiting for
/// the disk would add a second flush to every save.
pub(super) fn replace_without_flush(target: &Path, pieces: &[&[u8]]) -> io::Result<()> {
    replace_with_without_flush(target, |file| {
        pieces.iter().try_for_each(|piece| file.write_all(piece))
    })
}

/// [`replace_without_flush`] for a file written as it is made: `write` is given the
/// temporary file (and may seek in it); when it fails, nothing replaces `target`.
pub(super) fn replace_with_without_flush(
    target: &Path,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<()> {
    let mut temp = temporary_beside(target)?;
    write(temp.as_file_mut())?;
    // Renamed over an existing file, a file not yet on disk is flushed with the next
    // commit of the file system's journal (ext4's `auto_da_alloc`), which the book's own
    // save then waits for: the old copy is removed first. A reader in between finds no
    // copy, which is only a miss.
    let _ = fs::remove_file(target);
    temp.persist(target).map_err(|e| e.error)?;
    Ok(())
}

/// Writes `bytes` in full to a new temporary file beside `target` and flushes it to disk.
/// The temporary file is created exclusively (never through an existing name or link).
pub(super) fn stage(
    target: &Path,
    bytes: &[u8],
    mode: Option<u32>,
) -> io::Result<tempfile::NamedTempFile> {
    stage_with(target, mode, &mut |file| file.write_all(bytes))
}

/// A new temporary file beside `target`, named after it, created exclusively (never
/// through an existing name or link) and readable by its owner only (0600).
pub(super) fn temporary_beside(target: &Path) -> io::Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(&temporary_prefix(target))
        .suffix(".tmp")
        .tempfile_in(folder_of(target))
}

/// [`stage`] for a file written as it is made (`write` is given the temporary file).
pub(super) fn stage_with(
    target: &Path,
    mode: Option<u32>,
    write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
) -> io::Result<tempfile::NamedTempFile> {
    // Readable by its owner only, as a new book must be.
    let mut temp = temporary_beside(target)?;
    {
        let mut buffered = io::BufWriter::with_capacity(1 << 16, &mut temp);
        write(&mut buffered)?;
        buffered.flush()?;
    }
    set_mode(&temp, mode)?;
    if durable() {
        temp.as_file().sync_all()?;
    }
    Ok(temp)
}

/// Gives a temporary file the permissions of the file it replaces (`None`: it keeps
/// the owner-only ones it was made with).
pub(super) fn set_mode(temp: &tempfile::NamedTempFile, mode: Option<u32>) -> io::Result<()> {
    #[cfg(unix)]
    if let Some(mode) = mode {
        use std::os::unix::fs::PermissionsExt;
        temp.as_file()
            .set_permissions(fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = (temp, mode);
    Ok(())
}

/// Renames a staged file over `target` (a link at `target` is replaced, not followed).
pub(super) fn commit(staged: tempfile::NamedTempFile, target: &Path) -> io::Result<()> {
    staged.persist(target).map_err(|e| e.error)?;
    sync_dir(folder_of(target));
    Ok(())
}

/// Puts a staged file at `target` only if nothing is there.
pub(super) fn commit_new(staged: tempfile::NamedTempFile, target: &Path) -> io::Result<()> {
    staged.persist_noclobber(target).map_err(|e| e.error)?;
    sync_dir(folder_of(target));
    Ok(())
}

/// Whether writes are flushed to the disk before they count: always, but in a test that
/// is not about durability (`KONTO_FSYNC=off` under the test-support feature), where a
/// flush only costs time.
pub(super) fn durable() -> bool {
    !(cfg!(feature = "test-support") && std::env::var_os("KONTO_FSYNC").is_some_and(|v| v == "off"))
}

pub(super) fn sync_dir(dir: &Path) {
    if !durable() {
        return;
    }
    // Makes the rename itself durable; not every platform can open a folder, which is fine.
    if let Ok(handle) = File::open(dir) {
        let _ = handle.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A large backup is kept under a temporary name when it is replaced (the next save
    /// sweeps it); a small one, or none, leaves nothing.
    #[test]
    fn only_a_large_backup_is_retired_for_the_next_save_to_free() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("book.ron");
        let backup = location::backup_path(&target);
        retire(&backup, &target);
        assert!(stale_temporaries(&target).is_empty(), "no backup yet");
        fs::write(&backup, "small").unwrap();
        retire(&backup, &target);
        assert!(stale_temporaries(&target).is_empty(), "a small backup");
        let large = vec![b'x'; usize::try_from(RETIRE_FROM_BYTES).unwrap()];
        fs::write(&backup, &large).unwrap();
        retire(&backup, &target);
        let retired = stale_temporaries(&target);
        assert_eq!(retired.len(), 1);
        // The new backup takes the name; the retired one still holds the old bytes.
        fs::write(dir.path().join("new"), "new backup").unwrap();
        fs::rename(dir.path().join("new"), &backup).unwrap();
        assert!(fs::read(&retired[0]).unwrap() == large);
    }
}
