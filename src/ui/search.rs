//! The dashboard's search: text as written and folded once per change of the book, the
//! words typed matched against a client's name, id, people, notes and history, and the
//! matches ranked. The portfolio's filter and the finder (`Ctrl-P`) share it.

use nucleo_matcher::chars;

use crate::model::Book;
use crate::text::fold_text;

/// Text to search, as written and folded (`Søren` → `soren`, once per change of the book).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Haystack {
    text: String,
    folded: String,
}

fn lower(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        chars::to_lower_case(c)
    }
}

impl Haystack {
    pub fn new(text: String) -> Haystack {
        let folded = fold_text(&text);
        Haystack { text, folded }
    }
}

/// Words at least this long are also looked for in notes and history.
pub const LONG_TEXT_MIN_CHARS: usize = 4;

/// Whether `haystack` holds `needle` (lower-case ASCII), ignoring case. Candidates are
/// found by the needle's first letter with memchr's vectorised search, so a new word can
/// scan every client's notes and history quickly.
fn ascii_contains(haystack: &[u8], needle: &[u8]) -> bool {
    let Some(&first) = needle.first() else {
        return true;
    };
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), haystack).any(|at| {
        haystack
            .get(at..at + needle.len())
            .is_some_and(|window| window.eq_ignore_ascii_case(needle))
    })
}

/// Where a filter found a client, best first: its name, its details (industry, people,
/// emails), its notes, its history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchSource {
    Name,
    Details,
    Notes,
    History,
}

impl MatchSource {
    /// What the portfolio shows beside a client found elsewhere than its name.
    pub fn hint(self) -> Option<&'static str> {
        match self {
            MatchSource::Name => None,
            MatchSource::Details => Some("people"),
            MatchSource::Notes => Some("notes"),
            MatchSource::History => Some("history"),
        }
    }
}

/// One typed word, ignoring case; a word typed without accents also finds accented text
/// (`soren` finds `Søren`). On a name it may match fuzzily (its letters in order, as in
/// fzf); elsewhere only as written, or every long text would match.
#[derive(Debug, Clone)]
struct Needle {
    text: String,
    plain: bool,
    /// Finds `text` in a haystack (vectorised, built once per word: a new word is looked
    /// for in every client's name and details).
    finder: memchr::memmem::Finder<'static>,
}

impl Needle {
    fn new(word: &str) -> Needle {
        let plain = word.is_ascii();
        let text = if plain {
            fold_text(word)
        } else {
            word.chars().map(lower).collect()
        };
        Needle {
            finder: memchr::memmem::Finder::new(text.as_bytes()).into_owned(),
            text,
            plain,
        }
    }

    fn found_in(&self, text: &str) -> bool {
        self.finder.find(text.as_bytes()).is_some()
    }

    /// The haystack as this word compares with it.
    fn side<'h>(&self, haystack: &'h Haystack) -> std::borrow::Cow<'h, str> {
        if self.plain {
            std::borrow::Cow::Borrowed(&haystack.folded)
        } else {
            std::borrow::Cow::Owned(haystack.text.chars().map(lower).collect())
        }
    }

    fn fuzzy_in(&self, text: &str) -> bool {
        if self.plain {
            // An ASCII word's letters are single bytes that no other character contains:
            // compared byte by byte, each found with memchr.
            let mut rest = text.as_bytes();
            return self.text.bytes().all(|n| match memchr::memchr(n, rest) {
                Some(at) => {
                    rest = &rest[at + 1..];
                    true
                }
                None => false,
            });
        }
        let mut rest = text.chars();
        self.text.chars().all(|n| rest.any(|h| h == n))
    }

    /// How well the word matches a name, best 0: the whole name, its start, the start of
    /// one of its words, inside it, its letters in order.
    fn on_name(&self, name: &Haystack) -> Option<u8> {
        let name = self.side(name);
        let name = name.trim();
        // Every way below of matching a name holds the word's letters in order: most
        // names, which do not, are passed over in one quick look.
        if !self.fuzzy_in(name) {
            return None;
        }
        if name == self.text {
            Some(0)
        } else if name.starts_with(self.text.as_str()) {
            Some(1)
        } else {
            Some(self.inside(name))
        }
    }

    /// 2 where the word starts one of the name's words (an alphanumeric run, so a word
    /// with a `/` or `-` in it never does), 3 where it is only inside the name, 4 where
    /// it is not: one search for both, the place before each find telling which.
    fn inside(&self, name: &str) -> u8 {
        let whole_word = self.text.chars().all(char::is_alphanumeric);
        let mut grade = 4;
        for at in self.finder.find_iter(name.as_bytes()) {
            // The word starts with a whole character, so `at` is a character boundary.
            let starts_word = name.get(..at).is_some_and(|before| {
                before
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric())
            });
            if whole_word && starts_word {
                return 2;
            }
            grade = 3;
        }
        grade
    }

    fn in_text(&self, text: &str) -> bool {
        // Most notes and summaries are plain ASCII: compared in place, without folding a
        // copy (a new word searches every client's history on a large book).
        if self.plain && text.is_ascii() {
            return ascii_contains(text.as_bytes(), self.text.as_bytes());
        }
        let folded: String = if self.plain {
            fold_text(text)
        } else {
            text.chars().map(lower).collect()
        };
        folded.contains(self.text.as_str())
    }

    /// Where and how well the word finds the client: (quality, best 0; where).
    fn rank(
        &self,
        texts: SearchText<'_>,
        client: &crate::model::Client,
    ) -> Option<(u8, MatchSource)> {
        if let Some(quality) = self.on_name(texts.name) {
            return Some((quality, MatchSource::Name));
        }
        // Beyond the name, only as written: letters in order would find almost anyone
        // somewhere in their people's names and addresses.
        if self.found_in(&self.side(texts.details)) {
            return Some((5, MatchSource::Details));
        }
        // A fragment under four letters is in almost any long text, and scanning every
        // client's history for one would slow typing on a large book: names and people only.
        if self.text.chars().count() < LONG_TEXT_MIN_CHARS {
            return None;
        }
        if client.notes.as_deref().is_some_and(|n| self.in_text(n)) {
            return Some((7, MatchSource::Notes));
        }
        client
            .interactions
            .iter()
            .any(|i| self.in_text(&i.summary))
            .then_some((8, MatchSource::History))
    }
}

/// A client's texts folded once per change of the book: its name, and its industry,
/// people's names and addresses.
#[derive(Debug, Clone, Copy)]
pub struct SearchText<'a> {
    pub name: &'a Haystack,
    pub details: &'a Haystack,
}

/// The `candidates` every word of `query` finds, best matches first (stable among
/// equals), each with where it was found; `texts` gives each client's folded texts. The
/// portfolio's filter and the finder share it.
pub fn rank_matches<'a>(
    book: &Book,
    texts: impl Fn(usize) -> SearchText<'a> + Sync,
    candidates: &[usize],
    query: &str,
) -> Vec<(usize, MatchSource)> {
    let words: Vec<Needle> = query.split_whitespace().map(Needle::new).collect();
    let matched = |part: &[usize]| -> Vec<(u16, MatchSource, usize)> {
        part.iter()
            .filter_map(|&i| {
                let mut total = 0u16;
                let mut worst = MatchSource::Name;
                for word in &words {
                    let (quality, source) = word.rank(texts(i), &book.clients[i])?;
                    total += u16::from(quality);
                    worst = worst.max(source);
                }
                Some((total, worst, i))
            })
            .collect()
    };
    // Graded in the book's order, not the sort's: the clients' texts were made in that
    // order and lie in memory one after another, so the cores stream through them
    // instead of waiting on a cache miss for nearly every client of a large book.
    let clients = book.clients.len();
    let mut wanted = vec![false; clients];
    for &i in candidates {
        wanted[i] = true;
    }
    let in_memory_order: Vec<usize> = (0..clients).filter(|&i| wanted[i]).collect();
    let mut grade_of: Vec<Option<(u16, MatchSource)>> = vec![None; clients];
    for (total, source, i) in in_parallel_parts(&in_memory_order, matched) {
        grade_of[i] = Some((total, source));
    }
    // Back in the candidates' order, which equal grades keep.
    let mut ranked: Vec<(u16, MatchSource, usize)> = candidates
        .iter()
        .filter_map(|&i| grade_of[i].map(|(total, source)| (total, source, i)))
        .collect();
    ranked.sort_by_key(|(total, _, _)| *total);
    ranked
        .into_iter()
        .map(|(_, source, i)| (i, source))
        .collect()
}

/// Below this many clients a search runs on one thread: starting others costs more.
const PARALLEL_FROM: usize = 20_000;

/// `work` on `items` in one contiguous part per core, its results joined in order (a
/// new word on a large book searches every client; the cores share it).
fn in_parallel_parts<T: Send>(items: &[usize], work: impl Fn(&[usize]) -> Vec<T> + Sync) -> Vec<T> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if items.len() < PARALLEL_FROM || cores < 2 {
        return work(items);
    }
    let part = items.len().div_ceil(cores);
    std::thread::scope(|scope| {
        let workers: Vec<_> = items
            .chunks(part)
            .map(|chunk| std::thread::Builder::new().spawn_scoped(scope, || work(chunk)))
            .collect();
        let mut joined = Vec::new();
        for (worker, chunk) in workers.into_iter().zip(items.chunks(part)) {
            // A part whose thread could not be started, or panicked (a bug), is done
            // here, so no match is lost.
            let found = worker.ok().and_then(|thread| thread.join().ok());
            joined.extend(found.unwrap_or_else(|| work(chunk)));
        }
        joined
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_shared_by_the_cores_keeps_the_order_one_core_gives() {
        let items: Vec<usize> = (0..PARALLEL_FROM * 3 + 7).rev().collect();
        let work = |part: &[usize]| -> Vec<usize> {
            part.iter().copied().filter(|i| i % 3 == 1).collect()
        };
        let one_core = work(&items);
        assert_eq!(in_parallel_parts(&items, work), one_core);
        assert_eq!(in_parallel_parts(&items[..10], work), work(&items[..10]));
    }

    #[test]
    fn matches_come_back_in_the_candidates_order_whatever_order_they_are_graded_in() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let book = crate::demo::generate(400, 7, today);
        let texts: Vec<(Haystack, Haystack)> = book
            .clients
            .iter()
            .map(|c| {
                let details = c
                    .contacts
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect::<Vec<_>>();
                (
                    Haystack::new(c.name.clone()),
                    Haystack::new(details.join(" ")),
                )
            })
            .collect();
        let text = |i: usize| SearchText {
            name: &texts[i].0,
            details: &texts[i].1,
        };
        // Not the book's order, and not every client: as a sort and a narrowing leave them.
        let candidates: Vec<usize> = (0..book.clients.len())
            .rev()
            .filter(|i| i % 3 != 0)
            .collect();
        for query in ["nor", "a", "holdings", "s a"] {
            let words: Vec<Needle> = query.split_whitespace().map(Needle::new).collect();
            let mut expected: Vec<(u16, MatchSource, usize)> = candidates
                .iter()
                .filter_map(|&i| {
                    let mut total = 0;
                    let mut worst = MatchSource::Name;
                    for word in &words {
                        let (quality, source) = word.rank(text(i), &book.clients[i])?;
                        total += u16::from(quality);
                        worst = worst.max(source);
                    }
                    Some((total, worst, i))
                })
                .collect();
            expected.sort_by_key(|(total, ..)| *total);
            let expected: Vec<(usize, MatchSource)> = expected
                .into_iter()
                .map(|(_, source, i)| (i, source))
                .collect();
            assert!(!expected.is_empty(), "{query}");
            assert_eq!(
                rank_matches(&book, text, &candidates, query),
                expected,
                "{query}"
            );
        }
    }

    /// The grading as first written: the name split into words, then searched again.
    fn graded_by_splitting(word: &str, name: &str) -> Option<u8> {
        let needle = Needle::new(word);
        let name = needle.side(&Haystack::new(name.into())).trim().to_string();
        if !needle.fuzzy_in(&name) {
            return None;
        }
        let word_start = name
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w.starts_with(needle.text.as_str()));
        Some(if name == needle.text {
            0
        } else if name.starts_with(needle.text.as_str()) {
            1
        } else if word_start {
            2
        } else if needle.found_in(&name) {
            3
        } else {
            4
        })
    }

    proptest::proptest! {
        #[test]
        fn one_search_grades_a_name_as_splitting_it_into_words_did(
            word in "[a-zæø/-]{1,3}|\\PC{1,2}",
            name in "([a-zA-Z øæÆØ/.-]|\\PC){0,16}",
        ) {
            let graded = Needle::new(&word).on_name(&Haystack::new(name.clone()));
            proptest::prop_assert_eq!(graded, graded_by_splitting(&word, &name));
        }
    }

    #[test]
    fn a_word_on_a_name_is_graded_whole_start_word_inside_then_in_order() {
        let grade = |word: &str, name: &str| Needle::new(word).on_name(&Haystack::new(name.into()));
        let name = "Nordlys Bank";
        assert_eq!(grade("nordlys bank", name), Some(0));
        assert_eq!(grade("NORD", name), Some(1));
        assert_eq!(grade("bank", name), Some(2));
        assert_eq!(grade("rdly", name), Some(3));
        assert_eq!(grade("nbk", name), Some(4));
        assert_eq!(grade("xyz", name), None);
        assert_eq!(grade("kn", name), None, "letters out of order");
        // A word with accents is compared as written, lower-cased.
        assert_eq!(grade("ærø", "Søren Ærø"), Some(2));
        assert_eq!(grade("sø", "Søren Ærø"), Some(1));
        assert_eq!(grade("søø", "Søren Ærø"), Some(4));
        assert_eq!(grade("øs", "Søren Ærø"), None);
        // One without finds the accented name.
        assert_eq!(grade("soren", "Søren Ærø"), Some(1));
    }
}
