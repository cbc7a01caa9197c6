use std::time::Instant;
#[global_allocator]
static A: mimalloc::MiMalloc = mimalloc::MiMalloc;
fn main() {
    let path = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let book = konto::storage::load(&path).unwrap().book;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    for _ in 0..3 {
        let t = Instant::now();
        let r = konto::rules::priority::rank(&book, today);
        let t1 = t.elapsed();
        let t = Instant::now();
        let c: Vec<_> = book
            .clients
            .iter()
            .map(|c| konto::rules::checkins::checkin(&book, c, today))
            .collect();
        let t2 = t.elapsed();
        let t = Instant::now();
        let h: Vec<_> = book
            .clients
            .iter()
            .map(|c| konto::ui::derived::Haystack::new(format!("{} {}", c.name, c.industry())))
            .collect();
        let t3 = t.elapsed();
        let t = Instant::now();
        let q = konto::rules::quota::quota(&book, today);
        let t4 = t.elapsed();
        let t = Instant::now();
        let d = konto::ui::derived::Derived::compute(&book, today);
        let t5 = t.elapsed();
        println!(
            "rank {t1:?} checkins {t2:?} haystacks {t3:?} quota {t4:?} derived {t5:?} {} {} {} {}",
            r.len(),
            c.len(),
            h.len(),
            q.year + d.ranking.len() as i32
        );
    }
}
