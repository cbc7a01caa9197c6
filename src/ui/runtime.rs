//! Runs the loop against a real terminal, and does the disk work the state asks for:
//! saves on a background thread (the keyboard never waits for the disk), notices when
//! someone else changed the file, and remembers when reminders were shown.

use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use crossterm::event;
use ratatui::layout::Rect;
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGTERM, SIGTSTP};
use signal_hook::iterator::Signals;

use crate::model::{Book, RemindOnLaunch};
use crate::storage::location::DataLocation;
use crate::storage::{self, Fingerprint, LoadError, launch_state};
use crate::ui::config::Settings;

use super::app::{App, Effect, Message};
use super::derived::{Derived, WholeFigures};
use super::store::SaveStatus;
use super::terminal::{Input, TerminalGuard, wait_for_input};
use super::view;

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("{0}")]
    Load(#[from] LoadError),
    #[error("terminal: {0}")]
    Terminal(#[from] io::Error),
    #[error(
        "the dashboard needs a terminal, and konto's output is not one (a pipe or a file).\nFor today's list as text, run `konto remind`; `konto --help` lists every command"
    )]
    NoTerminal,
}

/// How the dashboard starts.
#[derive(Debug, Clone)]
pub struct Options {
    pub today: NaiveDate,
    /// The moment the dashboard starts, for contacts' local times.
    pub now: chrono::DateTime<chrono::Utc>,
    /// From `config.ron`: keys, colours, reminders, the first sort.
    pub settings: Settings,
    /// `--no-reminders`: skip the reminder window this once.
    pub no_reminders: bool,
    /// Where "reminders shown today" is remembered (none: always show).
    pub state_file: Option<PathBuf>,
    /// Quit once the first frame is drawn (for measuring start-up).
    pub exit_after_first_frame: bool,
}

/// Whether to open the reminder window at launch.
pub fn should_remind(
    mode: RemindOnLaunch,
    last_shown: Option<NaiveDate>,
    today: NaiveDate,
    skip_once: bool,
) -> bool {
    if skip_once {
        return false;
    }
    match mode {
        RemindOnLaunch::Always => true,
        RemindOnLaunch::Never => false,
        RemindOnLaunch::Daily => last_shown != Some(today),
    }
}

struct SaveJob {
    book: Arc<Book>,
    generation: u64,
    /// The book the file holds, and its fingerprint: the save is refused if the file is
    /// no longer that, and writes only what differs from it.
    on_disk: Option<(Arc<Book>, Fingerprint)>,
}

impl SaveJob {
    /// The save of the book on screen; none for a preview, which is never written.
    fn of(app: &App) -> Option<SaveJob> {
        let (book, generation, base) = app.store.save_job()?;
        Some(SaveJob {
            book,
            generation,
            on_disk: app.store.fingerprint.map(|fingerprint| (base, fingerprint)),
        })
    }

    /// Saves the book, and keeps the cache in step with what was written.
    fn write(&self, location: &DataLocation) -> Result<Fingerprint, storage::SaveError> {
        if let Some((base, expected)) = &self.on_disk {
            return storage::save_edit_remembered(location, &self.book, base, *expected);
        }
        let now = storage::save(&location.path, &self.book, None)?;
        storage::remember(location, &self.book, now);
        Ok(now)
    }
}

struct SaveDone {
    book: Arc<Book>,
    generation: u64,
    result: Result<Fingerprint, storage::SaveError>,
}

/// The thread that writes the book, one save at a time.
struct Saver {
    jobs: Sender<SaveJob>,
    done: Receiver<SaveDone>,
    /// What a background sync and the read of the whole book report.
    replies: Receiver<Message>,
    reply: Sender<Message>,
    /// The panes' figures worked out off the keyboard's path, and what comes back.
    derive_jobs: Sender<DeriveJob>,
    derived: Receiver<Message>,
    in_flight: bool,
    /// A change arrived while a save was under way: save again when it ends.
    pending: bool,
}

/// The thread that works out the panes' figures off the keyboard's path. Only the latest
/// book matters: jobs queued behind a newer one are skipped.
fn start_deriver() -> (Sender<DeriveJob>, Receiver<Message>) {
    let (jobs, queue) = mpsc::channel::<DeriveJob>();
    let (results, derived) = mpsc::channel();
    thread::spawn(move || {
        while let Ok(mut job) = queue.recv() {
            while let Ok(newer) = queue.try_recv() {
                job = newer;
            }
            if results.send(job.run()).is_err() {
                break;
            }
        }
    });
    (jobs, derived)
}

impl Saver {
    fn start(location: DataLocation) -> Saver {
        let (jobs, job_queue) = mpsc::channel::<SaveJob>();
        let (finished, done) = mpsc::channel();
        thread::spawn(move || {
            for job in job_queue {
                let result = job.write(&location);
                let reply = SaveDone {
                    book: job.book,
                    generation: job.generation,
                    result,
                };
                if finished.send(reply).is_err() {
                    break;
                }
            }
        });
        let (reply, replies) = mpsc::channel();
        let (derive_jobs, derived) = start_deriver();
        Saver {
            jobs,
            done,
            replies,
            reply,
            derive_jobs,
            derived,
            in_flight: false,
            pending: false,
        }
    }

    fn request(&mut self, app: &App) {
        if self.in_flight {
            self.pending = true;
            return;
        }
        self.pending = false;
        let Some(job) = SaveJob::of(app) else {
            return;
        };
        self.in_flight = self.jobs.send(job).is_ok();
    }
}

/// Opens the dashboard on the book at `location` (or the welcome screen if there is none).
/// A book that cannot be read is reported before the terminal is touched.
pub fn run(location: &DataLocation, options: &Options) -> Result<Ended, RunError> {
    use std::io::IsTerminal;
    if !io::stdout().is_terminal() {
        return Err(RunError::NoTerminal);
    }
    let view = options.state_file.as_deref().map(launch_state::last_view);
    let open_on = open_book(location, options, view.as_ref())?;
    let note = format!(
        "konto stopped unexpectedly. Your book is safe at {} (each change was saved as it was made).",
        location.path.display()
    );
    let mut guard = TerminalGuard::enter(note)?;
    let size = guard.terminal.size()?;
    let size = Rect::new(0, 0, size.width, size.height);
    let mut app = starting_app(open_on, location, options, (size, view.as_ref()));
    // On a preview, capture waits for the whole book: how far back it reads depends on
    // the oldest contact logged, which a preview leaves out.
    let mut captures = (!app.store.is_preview())
        .then(|| start_capture(options, &app))
        .flatten();
    let mut saver = Saver::start(location.clone());
    let mut watch = DiskWatch::new(&location.path);
    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT, SIGTSTP, SIGCONT])?;
    if app.sync.is_some() && options.settings.common.sync.at_launch {
        let effects = app.update(Message::Act(super::action::Action::Sync));
        perform(&mut app, &mut saver, effects);
    }
    let ended = event_loop(
        &mut guard,
        &mut app,
        &mut saver,
        &mut watch,
        &mut signals,
        (options, &mut captures),
    );
    // However the loop ended (quit, a signal, a terminal error), the edits already made
    // reach the disk before the process goes.
    let rescued = finish_saves(&mut app, &mut saver);
    if let (Some(state), None) = (&options.state_file, &app.welcome) {
        // Forgetting it only means the next launch starts as a first one would.
        let _ = launch_state::keep_view(state, &app.view_state());
    }
    drop(guard);
    let synced_at_quit = (app.sync.is_some() && options.settings.common.sync.at_quit)
        .then(|| crate::sync::sync_book(&location.path));
    // Everything is saved and the terminal is back: freeing a large book piece by piece
    // would only delay the exit.
    std::mem::forget(app);
    if let Some(synced) = synced_at_quit {
        use crate::sync::Synced;
        let said = match synced.map(|report| report.synced) {
            Ok(Synced::Clash { .. }) => {
                "not synced: a field changed two ways; `konto sync` lists it".to_string()
            }
            Ok(Synced::Offline { .. }) => {
                "offline: the changes here go with the next sync".to_string()
            }
            Ok(_) => "synced with your other machines".to_string(),
            Err(problem) => format!("not synced: {problem}"),
        };
        let _ = writeln!(io::stderr(), "konto: {said}");
    }
    if let Some(note) = rescued {
        // Quietly: stderr may be a terminal that is gone.
        let _ = writeln!(io::stderr(), "{note}");
    }
    ended
}

/// What belongs to this run, not to the book: whether `--no-reminders` holds the window
/// back, where its state is kept, and the inbox kept there.
fn keep_state_in(app: &mut App, options: &Options) {
    app.reminders_this_run = if options.no_reminders {
        super::app::RemindersThisRun::Held
    } else {
        super::app::RemindersThisRun::AsSet
    };
    app.state_file.clone_from(&options.state_file);
    if let Some(state) = &options.state_file {
        app.inbox = launch_state::inbox(state);
    }
}

/// What the dashboard opens on.
enum OpenOn {
    /// The whole book.
    Whole(storage::Loaded),
    /// A preview of a large book, the whole one read after the first frame.
    Preview(storage::Preview),
    /// No book yet: the welcome screen.
    NoBook,
}

/// A book of this size or more opens on its preview when the cache has one: about
/// 26,000 clients, where the first frame of the whole book nears 0.1 s. A preview gives
/// the first frame sooner and the whole book later (measured, whole against preview:
/// 20,000 clients, first frame 71 against 48 ms, an edit key pressed at once 77 against
/// 117 ms; 100,000 clients, 400 against 238 ms and 425 against 486 ms), and holds both
/// books in memory for a moment: worth it only where the first frame would be slow.
const PREVIEW_FROM_BYTES: u64 = 64 << 20;

/// [`PREVIEW_FROM_BYTES`]; the tests lower it to reach the preview on a small book.
fn preview_from_bytes() -> u64 {
    #[cfg(feature = "test-support")]
    if let Some(bytes) = std::env::var("KONTO_PREVIEW_FROM_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        return bytes;
    }
    PREVIEW_FROM_BYTES
}

/// What to open: the preview when there is one and the view left last time shows only
/// what it holds (the pipeline board needs the whole book), else the whole book. A book
/// that cannot be read is reported before the terminal is touched.
fn open_book(
    location: &DataLocation,
    options: &Options,
    view: Option<&launch_state::ViewState>,
) -> Result<OpenOn, RunError> {
    let board = view.and_then(|v| v.pane.as_deref()) == Some(super::Pane::Pipeline.title());
    if !board
        && let Some(preview) = storage::load_preview(location, options.today, preview_from_bytes())
    {
        return Ok(OpenOn::Preview(preview));
    }
    match storage::load_from(location) {
        Ok(loaded) => Ok(OpenOn::Whole(loaded)),
        Err(LoadError::Missing { .. }) => Ok(OpenOn::NoBook),
        Err(error) => Err(error.into()),
    }
}

/// The dashboard as it opens: the book (or the welcome screen without one), the user's
/// preferences, the view they left, and the morning reminders when they are due.
fn starting_app(
    open_on: OpenOn,
    location: &DataLocation,
    options: &Options,
    (size, view): (Rect, Option<&launch_state::ViewState>),
) -> App {
    let theme = options.settings.theme;
    let (location, today) = (location.clone(), options.today);
    let mut app = match open_on {
        OpenOn::Whole(loaded) => App::new(
            loaded.book,
            Some(loaded.fingerprint),
            location.clone(),
            today,
            theme,
            size,
        ),
        OpenOn::Preview(preview) => App::preview(preview, location.clone(), today, theme, size),
        OpenOn::NoBook => {
            let mut app = App::first_run(location, today, theme, size);
            app.apply_settings(&options.settings);
            // The book made at the welcome keeps this run's state file and inbox.
            keep_state_in(&mut app, options);
            return app;
        }
    };
    app.now = options.now;
    // The tests reach the figures worked out off the keyboard's path on a small book.
    #[cfg(feature = "test-support")]
    if let Some(limit) = std::env::var("KONTO_DERIVE_INLINE_UP_TO")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        app.derive_inline_up_to = limit;
    }
    app.sync = crate::sync::last_sync(&location.path)
        .map(|last| last.map_or(super::app::SyncLine::Never, super::app::SyncLine::Synced));
    app.apply_settings(&options.settings);
    keep_state_in(&mut app, options);
    let last = options
        .state_file
        .as_deref()
        .and_then(|state| launch_state::last_shown(state, &location.path));
    if let Some(view) = view {
        app.restore_view(view);
    }
    let mode = app.remind_on_launch();
    let held = app.reminders_this_run == super::app::RemindersThisRun::Held;
    if should_remind(mode, last, options.today, held) {
        if options.settings.common.capture.is_some() {
            // Capture runs first, so the reminders count the contact it finds.
            app.after_capture = super::app::AfterCapture::OpenReminders;
        } else if app.open_reminders() {
            mark_shown(options, &location);
        }
    }
    app
}

/// Capture at launch, on a thread of its own: its result comes back as a message.
fn start_capture(options: &Options, app: &App) -> Option<Receiver<Message>> {
    let sources = options.settings.common.capture.clone()?;
    if app.welcome.is_some() {
        return None;
    }
    let me = if sources.me.is_empty() {
        crate::capture::Me::new(app.book().owner_email.iter())
    } else {
        crate::capture::Me::new(&sources.me)
    };
    let today = options.today;
    let since = crate::capture::default_since(app.book(), today);
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        let window = crate::capture::zones::local(None).map(|zone| crate::capture::Window {
            today,
            since: Some(since),
            zone,
        });
        let reads_mail =
            !(sources.mbox.is_empty() && sources.maildir.is_empty() && sources.eml.is_empty());
        let message = match window {
            _ if reads_mail && me.is_empty() => Message::CaptureFailed(
                "whose mail is it? Set me in config.ron's capture, or owner_email in the book"
                    .to_string(),
            ),
            Ok(window) => match sources.read(&me, window) {
                Ok(found) => Message::Captured {
                    found: Box::new(found),
                    me,
                },
                Err(error) => Message::CaptureFailed(error),
            },
            Err(error) => Message::CaptureFailed(error),
        };
        // The dashboard may be gone by now: then nobody needs the answer.
        let _ = sender.send(message);
    });
    Some(receiver)
}

/// How the dashboard ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    Quit,
    /// SIGTERM, SIGHUP or SIGINT: the exit code should say so (128 + the signal).
    Signal(i32),
}

fn event_loop(
    guard: &mut TerminalGuard,
    app: &mut App,
    saver: &mut Saver,
    watch: &mut DiskWatch,
    signals: &mut Signals,
    (options, captures): (&Options, &mut Option<Receiver<Message>>),
) -> Result<Ended, RunError> {
    let location = app.location.clone();
    // Fault injection for the tests that prove a crash gives the terminal back.
    let inject_panic =
        cfg!(feature = "test-support") && std::env::var("KONTO_FAULT").is_ok_and(|f| f == "panic");
    let started = Instant::now();
    let mut last_auto_sync = Instant::now();
    let mut shown = false;
    let mut capture_waits = app.store.is_preview();
    loop {
        for signal in signals.pending() {
            match signal {
                SIGTSTP => suspend(guard)?,
                SIGCONT => guard.redraw_all()?,
                other => return Ok(Ended::Signal(other)),
            }
        }
        guard.terminal.draw(|frame| view::draw(frame, app))?;
        assert!(
            !inject_panic,
            "KONTO_FAULT=panic: a deliberate crash after the first frame"
        );
        if options.exit_after_first_frame {
            return Ok(Ended::Quit);
        }
        if !shown {
            shown = true;
            let effects = app.update(Message::Shown);
            perform(app, saver, effects);
        }
        if app.should_quit && !saver.in_flight && !saver.pending {
            return Ok(Ended::Quit);
        }
        // While a preview is shown, the whole book is looked for often: keys wait for it.
        let wait = if app.store.is_preview() { 10 } else { 200 };
        if wait_for_input(Duration::from_millis(wait)) == Input::HungUp {
            return Ok(Ended::Signal(SIGHUP));
        }
        // Keys, and resizes (crossterm hears SIGWINCH itself), without waiting.
        while event::poll(Duration::ZERO)? {
            let effects = app.handle_event(&event::read()?);
            if effects.contains(&Effect::Suspend) {
                suspend(guard)?;
            }
            perform(app, saver, effects);
        }
        if capture_waits && !app.store.is_preview() {
            capture_waits = false;
            *captures = start_capture(options, app);
        }
        // Once the user has quit, a capture still under way is dropped, never saved.
        while !app.should_quit
            && let Some(message) = captures.as_ref().and_then(|c| c.try_recv().ok())
        {
            let effects = app.update(message);
            perform(app, saver, effects);
        }
        let every = options
            .settings
            .common
            .sync
            .every_minutes
            .map(|m| u64::from(m) * 60);
        if let Some(every) = every
            && app.sync.is_some()
            && last_auto_sync.elapsed() >= Duration::from_secs(every)
            && app.sync != Some(super::app::SyncLine::Syncing)
        {
            last_auto_sync = Instant::now();
            let effects = app.update(Message::Act(super::action::Action::Sync));
            perform(app, saver, effects);
        }
        while let Ok(message) = saver.replies.try_recv() {
            let effects = app.update(message);
            perform(app, saver, effects);
        }
        while let Ok(message) = saver.derived.try_recv() {
            let effects = app.update(message);
            perform(app, saver, effects);
        }
        // The moment the dashboard started (which `--at` may pin) plus the time since.
        let now = options.now + chrono::Duration::from_std(started.elapsed()).unwrap_or_default();
        if now.timestamp() / 60 != app.now.timestamp() / 60 {
            let effects = app.update(Message::Clock(now));
            perform(app, saver, effects);
        }
        while let Ok(done) = saver.done.try_recv() {
            saver.in_flight = false;
            finish_save(app, saver, done);
            watch.refresh(&location.path);
        }
        if saver.pending && !saver.in_flight {
            saver.request(app);
        }
        // A save that failed (read-only file, full disk) is tried again now and then: a
        // chmod or freed space does not change the file's size or time.
        let stuck =
            matches!(app.store.status, SaveStatus::Failed(_)) && app.store.has_unsaved_changes();
        let look = watch.changed(&location.path) || (stuck && watch.retry_due());
        if !saver.in_flight && app.welcome.is_none() && look {
            let effects = reload(app);
            perform(app, saver, effects);
        }
    }
}

/// Gives the terminal back, stops the process as Ctrl-Z would, and takes the terminal
/// again when the shell continues it.
fn suspend(guard: &mut TerminalGuard) -> io::Result<()> {
    super::terminal::restore();
    signal_hook::low_level::emulate_default_handler(SIGTSTP)?;
    guard.reenter()
}

/// How long konto waits for its last saves when it is told to go.
const FINAL_SAVE_WAIT: Duration = Duration::from_secs(30);

/// Waits for the save under way and makes any still pending. If the edits still cannot be
/// written (the file changed and asks a question nobody is there to answer, or the disk
/// refuses), they go to a copy beside the book; returns what to tell the user then.
fn finish_saves(app: &mut App, saver: &mut Saver) -> Option<String> {
    let deadline = Instant::now() + FINAL_SAVE_WAIT;
    while Instant::now() < deadline {
        if saver.in_flight {
            if let Ok(done) = saver.done.recv_timeout(Duration::from_millis(100)) {
                saver.in_flight = false;
                finish_save(app, saver, done);
            }
        } else if saver.pending {
            saver.request(app);
        } else {
            break;
        }
    }
    if !app.store.has_unsaved_changes() || app.welcome.is_some() {
        return None;
    }
    let (book, _) = app.store.snapshot();
    Some(
        match storage::write_copy(&app.location.path, &book, app.today, "unsaved") {
            Ok(path) => format!(
                "konto could not save your last changes to {}; they are kept in {}",
                app.location.path.display(),
                path.display()
            ),
            Err(error) => format!("konto could not save your last changes: {error}"),
        },
    )
}

fn mark_shown(options: &Options, location: &DataLocation) {
    if let Some(state) = &options.state_file {
        // Failing to remember only means the reminders show again: not worth an error.
        let _ = launch_state::mark_shown(state, &location.path, options.today);
    }
}

/// Where saves go: the background saver in the real loop, straight to disk in tests.
/// Where the disk work an effect asks for goes: a thread of its own in the dashboard, at
/// once in the tests.
trait SaveSink {
    fn save(&mut self, app: &mut App);
    /// Syncs the book with the other machines; the report comes back as a message.
    fn sync(&mut self, app: &mut App);
    /// Works out the panes' figures for `book`; they come back as a message.
    fn derive(&mut self, app: &mut App, job: DeriveJob);
    /// Reads the whole book in place of the preview on screen; it comes back as a
    /// message.
    fn read_whole(&mut self, app: &mut App, preview: Fingerprint);
    /// Keeps a preview of the book in the cache for the next launch.
    fn keep_preview(&mut self, app: &App, book: (Arc<Book>, Fingerprint));
}

/// The whole book at `location` and its figures, as [`Effect::ReadWholeBook`] asks: of
/// the very text the preview is of, only what the preview's figures left out.
fn read_whole_book(location: &DataLocation, today: NaiveDate, preview: Fingerprint) -> Message {
    // The tests hold the read back until they have typed on the preview.
    #[cfg(feature = "test-support")]
    if let Some(gate) = std::env::var_os("KONTO_WHOLE_READ_GATE").map(PathBuf::from) {
        while !gate.exists() {
            thread::sleep(Duration::from_millis(10));
        }
    }
    let read = storage::load_from(location)
        .map(|loaded| {
            let figures = if loaded.fingerprint == preview {
                WholeFigures::LeftOut(Derived::left_out_of_preview(&loaded.book, today))
            } else {
                WholeFigures::All(Box::new(Derived::compute(&loaded.book, today)))
            };
            (loaded, figures)
        })
        .map_err(|error| error.to_string());
    Message::WholeBookRead(Box::new(read))
}

/// What [`Effect::Derive`] asks for.
struct DeriveJob {
    book: Arc<Book>,
    today: NaiveDate,
    generation: u64,
}

impl DeriveJob {
    fn run(self) -> Message {
        Message::Derived {
            generation: self.generation,
            derived: Box::new(Derived::compute(&self.book, self.today)),
        }
    }
}

impl SaveSink for Saver {
    fn save(&mut self, app: &mut App) {
        self.request(app);
    }

    fn sync(&mut self, app: &mut App) {
        let book = app.location.path.clone();
        let reply = self.reply.clone();
        thread::spawn(move || {
            let _ = reply.send(Message::Synced(crate::sync::sync_book(&book)));
        });
    }

    fn keep_preview(&mut self, app: &App, (book, fingerprint): (Arc<Book>, Fingerprint)) {
        let (location, today) = (app.location.clone(), app.today);
        thread::spawn(move || {
            storage::keep_preview(&location, (&book, fingerprint), today, preview_from_bytes());
        });
    }

    fn read_whole(&mut self, app: &mut App, preview: Fingerprint) {
        let (location, today) = (app.location.clone(), app.today);
        let reply = self.reply.clone();
        thread::spawn(move || {
            let _ = reply.send(read_whole_book(&location, today, preview));
        });
    }

    fn derive(&mut self, app: &mut App, job: DeriveJob) {
        // The worker is gone only if it panicked (a bug): the figures are then worked out
        // here, slower, rather than never.
        if let Err(mpsc::SendError(job)) = self.derive_jobs.send(job) {
            let effects = app.update(job.run());
            perform(app, self, effects);
        }
    }
}

fn perform(app: &mut App, sink: &mut dyn SaveSink, effects: Vec<Effect>) {
    for effect in effects {
        match effect {
            Effect::CreateBook(book) => {
                let message = match storage::create(&app.location.path, &book) {
                    Ok(fingerprint) => Message::BookCreated { book, fingerprint },
                    Err(error) => Message::CreateFailed(error.to_string()),
                };
                let more = app.update(message);
                perform(app, sink, more);
            }
            Effect::Save => sink.save(app),
            Effect::Sync => sink.sync(app),
            Effect::ReadWholeBook(preview) => sink.read_whole(app, preview),
            Effect::Discard(book) => {
                // A thread that cannot be started frees it here.
                let _ = thread::Builder::new().spawn(move || drop(book));
            }
            Effect::KeepPreview { book, fingerprint } => {
                sink.keep_preview(app, (book, fingerprint));
            }
            Effect::Derive {
                book,
                today,
                generation,
            } => sink.derive(
                app,
                DeriveJob {
                    book,
                    today,
                    generation,
                },
            ),
            // Done by the loop, which holds the terminal.
            Effect::Suspend => {}
            // Failing to remember is harmless: the window shows once more today.
            Effect::RemindersShown => {
                if let Some(state) = &app.state_file {
                    let _ = launch_state::mark_shown(state, &app.location.path, app.today);
                }
            }
            // The inbox is a convenience: failing to keep it is never an error.
            Effect::RememberUnknown(unknown) => {
                if let Some(state) = &app.state_file {
                    let _ = launch_state::remember_unknown(state, unknown);
                }
            }
            Effect::IgnoreAddress(address) => {
                if let Some(state) = &app.state_file {
                    let _ = launch_state::ignore_address(state, &address);
                }
            }
            Effect::WriteCopy { book, label } => {
                let written = storage::write_copy(&app.location.path, &book, app.today, label)
                    .map_err(|error| error.to_string());
                let more = app.update(Message::CopyWritten(written));
                perform(app, sink, more);
            }
        }
    }
}

fn finish_save(app: &mut App, sink: &mut dyn SaveSink, done: SaveDone) {
    match done.result {
        Ok(fingerprint) => {
            let more = app.update(Message::SaveFinished {
                book: done.book,
                generation: done.generation,
                result: Ok(fingerprint),
            });
            perform(app, sink, more);
        }
        Err(storage::SaveError::ChangedOnDisk { .. }) => {
            // Someone else wrote the file: merge instead of overwriting their work.
            let effects = reload(app);
            perform(app, sink, effects);
        }
        Err(error) => {
            let more = app.update(Message::SaveFinished {
                book: done.book,
                generation: done.generation,
                result: Err(error.to_string()),
            });
            perform(app, sink, more);
        }
    }
}

/// The dashboard without a terminal: keys in, screens out, saves done at once. Tests use
/// it to drive the same state, effects and storage the real loop does.
#[cfg(feature = "test-support")]
pub struct Headless {
    pub app: App,
}

#[cfg(feature = "test-support")]
struct SaveNow;

#[cfg(feature = "test-support")]
impl SaveSink for SaveNow {
    fn derive(&mut self, app: &mut App, job: DeriveJob) {
        let effects = app.update(job.run());
        perform(app, self, effects);
    }

    fn sync(&mut self, app: &mut App) {
        let report = crate::sync::sync_book(&app.location.path);
        let effects = app.update(Message::Synced(report));
        perform(app, self, effects);
        let effects = reload(app);
        perform(app, self, effects);
    }

    fn keep_preview(&mut self, app: &App, (book, fingerprint): (Arc<Book>, Fingerprint)) {
        storage::keep_preview(
            &app.location,
            (&book, fingerprint),
            app.today,
            preview_from_bytes(),
        );
    }

    fn read_whole(&mut self, app: &mut App, preview: Fingerprint) {
        let effects = app.update(read_whole_book(&app.location, app.today, preview));
        perform(app, self, effects);
    }

    fn save(&mut self, app: &mut App) {
        let Some(job) = SaveJob::of(app) else {
            return;
        };
        let result = job.write(&app.location);
        finish_save(
            app,
            self,
            SaveDone {
                book: job.book,
                generation: job.generation,
                result,
            },
        );
    }
}

#[cfg(feature = "test-support")]
impl Headless {
    /// Loads the book at `location` as the dashboard would (no reminder window).
    pub fn open(
        location: DataLocation,
        today: NaiveDate,
        size: Rect,
    ) -> Result<Headless, LoadError> {
        let theme = super::theme::Theme::plain();
        let app = match storage::load_from(&location) {
            Ok(loaded) => App::new(
                loaded.book,
                Some(loaded.fingerprint),
                location,
                today,
                theme,
                size,
            ),
            Err(LoadError::Missing { .. }) => App::first_run(location, today, theme, size),
            Err(error) => return Err(error),
        };
        Ok(Headless { app })
    }

    /// Opens as the dashboard does on a large book, whatever this one's size: on its
    /// preview when the cache has one, the whole book read at [`Headless::shown`].
    pub fn open_preview(
        location: DataLocation,
        today: NaiveDate,
        size: Rect,
    ) -> Result<Headless, LoadError> {
        match storage::load_preview(&location, today, 0) {
            Some(preview) => Ok(Headless {
                app: App::preview(preview, location, today, super::theme::Theme::plain(), size),
            }),
            None => Headless::open(location, today, size),
        }
    }

    /// The first frame is on the screen: a preview's whole book is read (here, at once).
    pub fn shown(&mut self) {
        let effects = self.app.update(Message::Shown);
        perform(&mut self.app, &mut SaveNow, effects);
    }

    pub fn event(&mut self, event: &event::Event) {
        let effects = self.app.handle_event(event);
        perform(&mut self.app, &mut SaveNow, effects);
    }

    /// Presses keys: characters as typed; `\n` Enter, `\t` Tab, `\x1b` Esc.
    pub fn keys(&mut self, keys: &str) {
        for ch in keys.chars() {
            let (code, modifiers) = match ch {
                '\n' => (event::KeyCode::Enter, event::KeyModifiers::NONE),
                '\t' => (event::KeyCode::Tab, event::KeyModifiers::NONE),
                '\x1b' => (event::KeyCode::Esc, event::KeyModifiers::NONE),
                '\x08' => (event::KeyCode::Backspace, event::KeyModifiers::NONE),
                c if c.is_ascii_uppercase() => {
                    (event::KeyCode::Char(c), event::KeyModifiers::SHIFT)
                }
                c => (event::KeyCode::Char(c), event::KeyModifiers::NONE),
            };
            self.event(&event::Event::Key(event::KeyEvent::new(code, modifiers)));
        }
    }

    pub fn ctrl(&mut self, key: char) {
        self.event(&event::Event::Key(event::KeyEvent::new(
            event::KeyCode::Char(key),
            event::KeyModifiers::CONTROL,
        )));
    }

    /// Capture at launch finished reading, as the real loop hears it from its thread.
    pub fn captured(&mut self, found: crate::capture::Found, me: crate::capture::Me) {
        let effects = self.app.update(Message::Captured {
            found: Box::new(found),
            me,
        });
        perform(&mut self.app, &mut SaveNow, effects);
    }

    /// What the next look at the disk would find (the real loop checks every second).
    pub fn check_disk(&mut self) {
        let effects = reload(&mut self.app);
        perform(&mut self.app, &mut SaveNow, effects);
    }

    pub fn screen(&self) -> String {
        let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(
            self.app.size.width,
            self.app.size.height,
        ))
        .expect("a test backend never fails");
        terminal
            .draw(|frame| view::draw(frame, &self.app))
            .expect("drawing into a test backend never fails");
        terminal.backend().to_string()
    }
}

fn reload(app: &mut App) -> Vec<Effect> {
    match storage::load_from(&app.location) {
        Ok(loaded) => app.update(Message::DiskChanged(Box::new(loaded))),
        Err(error) => app.update(Message::DiskUnreadable(error.to_string())),
    }
}

/// Notices changes to the file made by others, cheaply: its size and time, every second.
struct DiskWatch {
    stamp: Option<storage::FileStamp>,
    checked: Instant,
    retried: Instant,
}

/// How often a failed save is tried again.
const RETRY_EVERY: Duration = Duration::from_secs(3);

impl DiskWatch {
    fn new(path: &std::path::Path) -> DiskWatch {
        DiskWatch {
            stamp: storage::file_stamp(path),
            checked: Instant::now(),
            retried: Instant::now(),
        }
    }

    fn retry_due(&mut self) -> bool {
        if self.retried.elapsed() < RETRY_EVERY {
            return false;
        }
        self.retried = Instant::now();
        true
    }

    fn refresh(&mut self, path: &std::path::Path) {
        self.stamp = storage::file_stamp(path);
    }

    fn changed(&mut self, path: &std::path::Path) -> bool {
        if self.checked.elapsed() < Duration::from_secs(1) {
            return false;
        }
        self.checked = Instant::now();
        let now = storage::file_stamp(path);
        if now != self.stamp {
            self.stamp = now;
            return now.is_some();
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reminders_show_once_a_day_unless_told_otherwise() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let yesterday = today.pred_opt().unwrap();
        assert!(should_remind(RemindOnLaunch::Daily, None, today, false));
        assert!(should_remind(
            RemindOnLaunch::Daily,
            Some(yesterday),
            today,
            false
        ));
        assert!(!should_remind(
            RemindOnLaunch::Daily,
            Some(today),
            today,
            false
        ));
        assert!(should_remind(
            RemindOnLaunch::Always,
            Some(today),
            today,
            false
        ));
        assert!(!should_remind(RemindOnLaunch::Never, None, today, false));
        assert!(!should_remind(RemindOnLaunch::Always, None, today, true));
    }
}
