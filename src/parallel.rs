//! Work shared out over the cores, on the threads the system gives: where it gives none,
//! the calling thread does it all instead of the program stopping (`std::thread::scope`'s
//! `spawn` panics when no thread can be had).

use std::sync::atomic::{AtomicUsize, Ordering};

/// `work` run for each of `pieces` once, in any order, on the calling thread and on up to
/// `cores - 1` threads beside it, each taking the next piece until none are left; the
/// results in the pieces' order. `None` when a piece's work gave `None` or a thread
/// panicked.
pub fn each<P: Sync, T: Send>(
    pieces: &[P],
    cores: usize,
    work: impl Fn(&P) -> Option<T> + Sync,
) -> Option<Vec<T>> {
    each_with(pieces, cores, || (), |(), piece| work(piece))
}

/// [`each`], with a state each thread makes once (`start`) and hands to every piece it
/// works on (a buffer reused from piece to piece, say).
pub fn each_with<P: Sync, S, T: Send>(
    pieces: &[P],
    cores: usize,
    start: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, &P) -> Option<T> + Sync,
) -> Option<Vec<T>> {
    let next = AtomicUsize::new(0);
    // One thread's share: the pieces it took, each with its place.
    let share = || -> Option<Vec<(usize, T)>> {
        let mut state = start();
        let mut done = Vec::new();
        loop {
            let at = next.fetch_add(1, Ordering::Relaxed);
            let Some(piece) = pieces.get(at) else {
                return Some(done);
            };
            done.push((at, work(&mut state, piece)?));
        }
    };
    let helpers = cores.min(pieces.len()).saturating_sub(1);
    let shares = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..helpers)
            .filter_map(|_| std::thread::Builder::new().spawn_scoped(scope, share).ok())
            .collect();
        let mut shares = vec![share()];
        shares.extend(threads.into_iter().map(|t| t.join().ok().flatten()));
        shares
    });
    let mut results: Vec<Option<T>> = std::iter::repeat_with(|| None).take(pieces.len()).collect();
    for (at, result) in shares
        .into_iter()
        .collect::<Option<Vec<_>>>()?
        .into_iter()
        .flatten()
    {
        *results.get_mut(at)? = Some(result);
    }
    results.into_iter().collect()
}

/// How many cores there are to share work out over (1 when the system does not say).
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_piece_is_worked_once_and_kept_in_order() {
        let pieces: Vec<usize> = (0..100).collect();
        for cores in [1, 2, 3, 8, 200] {
            let doubled = each(&pieces, cores, |n| Some(n * 2)).unwrap();
            assert_eq!(
                doubled,
                (0..100).map(|n| n * 2).collect::<Vec<_>>(),
                "{cores}"
            );
        }
        assert_eq!(each(&[] as &[usize], 4, |n| Some(*n)), Some(Vec::new()));
    }

    #[test]
    fn one_piece_that_fails_fails_the_whole() {
        let pieces: Vec<usize> = (0..50).collect();
        let failed = each(&pieces, 4, |n| (*n != 37).then_some(*n));
        assert_eq!(failed, None);
    }
}
