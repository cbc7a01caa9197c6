use std::io::{self, Write};

// konto allocates many small strings when it reads a large book; mimalloc does that
// markedly faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

use clap::Parser;

use konto::cli::{self, Args};
use konto::settings;
use konto::storage::location::{self, DATA_ENV};
use konto::storage::{cache, launch_state};
use konto::ui::{self, config, theme::Theme};

/// The moment the program runs, where the user is: the clock's, or `--today` at `--at`
/// (noon when only `--today` is given), so planning and tests see fixed local times.
fn moment(args: &Args, today: chrono::NaiveDate) -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    let at = match (args.at, args.today) {
        (Some(at), _) => at,
        (None, Some(_)) => chrono::NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default(),
        (None, None) => return chrono::Utc::now(),
    };
    chrono::Local
        .from_local_datetime(&today.and_time(at))
        .earliest()
        .map_or_else(chrono::Utc::now, |local| local.with_timezone(&chrono::Utc))
}

fn main() -> ExitCode {
    let args = Args::parse();
    // The one place the clock is read; everything below takes `today` as an argument.
    let today = args
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let now = moment(&args, today);
    let env_data = std::env::var(DATA_ENV).ok();
    let Some(mut location) = location::resolve(args.data.as_deref(), env_data.as_deref()) else {
        eprintln!("error: cannot find your config folder; give the book with --data PATH");
        return ExitCode::from(1);
    };
    location.cache_dir = cache::default_dir(std::env::var("KONTO_CACHE").ok().as_deref());
    let Some(command) = &args.command else {
        let theme = Theme::from_env(std::env::var("NO_COLOR").ok().as_deref());
        let settings = match settings::default_path() {
            Some(path) => config::load(&path, theme),
            None => Ok(config::Settings::defaults(theme)),
        };
        let settings = match settings {
            Ok(settings) => settings,
            Err(error) => {
                print_quietly(
                    &mut io::stderr(),
                    &format!(
                        "error: {error}\nThe dashboard did not start. Fix that line (`konto config default` shows every setting), or move the file away for the defaults.\n"
                    ),
                );
                return ExitCode::from(1);
            }
        };
        let options = ui::Options {
            today,
            now,
            settings,
            no_reminders: args.no_reminders,
            state_file: launch_state::default_path(),
            #[cfg(feature = "test-support")]
            exit_after_first_frame: args.exit_after_first_frame,
            #[cfg(not(feature = "test-support"))]
            exit_after_first_frame: false,
        };
        return match ui::run(&location, &options) {
            Ok(ui::Ended::Quit) => ExitCode::SUCCESS,
            Ok(ui::Ended::Signal(signal)) => {
                ExitCode::from(u8::try_from(128 + signal).unwrap_or(u8::MAX))
            }
            Err(error) => {
                print_quietly(
                    &mut io::stderr(),
                    &format!("error: {error}\nThe file was not changed.\n"),
                );
                ExitCode::from(1)
            }
        };
    };
    let mut stdout = io::stdout().lock();
    // The dashboard's part of config.ron, for `konto config default` and `konto check`.
    let dashboard = cli::DashboardSettings {
        check: config::check,
        default_file: || config::default_file(true),
    };
    let outcome = cli::execute(command, &location, (today, now), &dashboard, &mut stdout);
    print_quietly(&mut stdout, &outcome.stdout);
    print_quietly(&mut io::stderr(), &outcome.stderr);
    ExitCode::from(outcome.code)
}

/// Writes, and goes quietly when the reader has gone (`konto rank | head -1`).
fn print_quietly(out: &mut impl Write, text: &str) {
    if text.is_empty() {
        return;
    }
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}
