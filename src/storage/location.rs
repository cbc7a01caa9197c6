//! Where the book lives: `--data`, then `KONTO_DATA`, then the user's config directory.

use std::path::{Path, PathBuf};

pub const DATA_ENV: &str = "KONTO_DATA";
pub const FILE_NAME: &str = "book.ron";

/// Why konto is using the file it is using; shown by `konto path`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Flag,
    Environment,
    ConfigDir,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataLocation {
    pub path: PathBuf,
    pub source: Source,
    /// Where parsed copies of the book are kept (`None`: no cache).
    pub cache_dir: Option<PathBuf>,
}

impl DataLocation {
    /// The path as people write it: `~/.config/konto/book.ron` under the home folder.
    pub fn home_relative(&self) -> String {
        let home = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
        match home.and_then(|h| {
            self.path
                .strip_prefix(h)
                .ok()
                .map(std::path::Path::to_path_buf)
        }) {
            Some(rest) => format!("~/{}", rest.display()),
            None => self.path.display().to_string(),
        }
    }

    /// A book at `path` with no cache (tests, one-off tools).
    pub fn uncached(path: impl Into<PathBuf>, source: Source) -> DataLocation {
        DataLocation {
            path: path.into(),
            source,
            cache_dir: None,
        }
    }
}

/// Resolves the data file from the flag and the environment value (passed in, for tests).
pub fn resolve(flag: Option<&Path>, env_value: Option<&str>) -> Option<DataLocation> {
    if let Some(path) = flag {
        return Some(DataLocation::uncached(path, Source::Flag));
    }
    if let Some(value) = env_value.filter(|v| !v.trim().is_empty()) {
        return Some(DataLocation::uncached(value, Source::Environment));
    }
    default_path().map(|path| DataLocation::uncached(path, Source::ConfigDir))
}

/// `<config dir>/konto/book.ron`, e.g. `$XDG_CONFIG_HOME/konto/book.ron` on Linux.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "konto").map(|dirs| dirs.config_dir().join(FILE_NAME))
}

/// The backup kept beside the book: `book.ron.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_beats_environment_beats_config_dir() {
        let flag = resolve(Some(Path::new("/a.ron")), Some("/b.ron")).unwrap();
        assert_eq!(flag.path, PathBuf::from("/a.ron"));
        assert_eq!(flag.source, Source::Flag);
        let env = resolve(None, Some("/b.ron")).unwrap();
        assert_eq!(env.source, Source::Environment);
        if let Some(default) = resolve(None, Some("  ")) {
            assert_eq!(default.source, Source::ConfigDir);
            assert!(default.path.ends_with("konto/book.ron"));
        }
    }

    #[test]
    fn backup_sits_beside_the_book() {
        assert_eq!(
            backup_path(Path::new("/x/book.ron")),
            PathBuf::from("/x/book.ron.bak")
        );
    }
}
