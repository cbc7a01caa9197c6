//! Calendar exports (iCalendar, RFC 5545): each event with other people becomes a meeting
//! on its local date; a recurring one counts each occurrence (RRULE expanded by the
//! `rrule` crate, RDATE added, EXDATE and moved or cancelled instances applied). Each
//! event is parsed on its own, so one broken event is reported with its line and the rest
//! still count.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use icalendar::parser::{Component, Property};

use super::{Activity, ActivityKind, Found, Me, SkipReason, Skipped, Upcoming, Window, address};

/// How far ahead occurrences are looked at, for the next meeting with a client.
const AHEAD_DAYS: u64 = 400;
/// At most this many occurrences of one recurring event between the run's start and the
/// look-ahead (a daily one for more than two years); an event that repeats more often
/// than daily counts once a day.
const MAX_OCCURRENCES: u16 = 1_000;

/// When an event starts, as the file wrote it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Start {
    /// An all-day event.
    Day(NaiveDate),
    Utc(DateTime<Utc>),
    /// In a named zone (`TZID=Europe/Oslo`).
    Zoned(DateTime<Tz>),
    /// No zone at all: the same wall-clock time everywhere.
    Floating(NaiveDateTime),
}

impl Start {
    /// The day it is on for someone in `zone`.
    fn local_date(self, zone: Tz) -> NaiveDate {
        match self {
            Start::Day(day) => day,
            Start::Utc(at) => at.with_timezone(&zone).date_naive(),
            Start::Zoned(at) => at.with_timezone(&zone).date_naive(),
            Start::Floating(at) => at.date(),
        }
    }

    /// The day in the event's own terms: what names an occurrence (and matches a
    /// RECURRENCE-ID or an EXDATE), whoever reads it.
    fn own_date(self) -> NaiveDate {
        match self {
            Start::Day(day) => day,
            Start::Utc(at) => at.date_naive(),
            Start::Zoned(at) => at.date_naive(),
            Start::Floating(at) => at.date(),
        }
    }

    fn for_rrule(self) -> DateTime<rrule::Tz> {
        match self {
            Start::Day(day) => {
                rrule::Tz::UTC.from_utc_datetime(&day.and_time(chrono::NaiveTime::MIN))
            }
            Start::Utc(at) => at.with_timezone(&rrule::Tz::UTC),
            Start::Zoned(at) => at.with_timezone(&rrule::Tz::Tz(at.timezone())),
            Start::Floating(at) => rrule::Tz::UTC.from_utc_datetime(&at),
        }
    }

    /// An occurrence the rule gave, back in this start's terms.
    fn like(self, at: DateTime<rrule::Tz>) -> Start {
        match self {
            Start::Day(_) => Start::Day(at.date_naive()),
            Start::Utc(_) => Start::Utc(at.with_timezone(&Utc)),
            Start::Zoned(own) => Start::Zoned(at.with_timezone(&own.timezone())),
            Start::Floating(_) => Start::Floating(at.naive_utc()),
        }
    }
}

/// One VEVENT as read.
#[derive(Debug, Clone)]
struct Event {
    line: usize,
    uid: String,
    summary: String,
    cancelled: bool,
    start: Start,
    rrule: Option<String>,
    rdates: Vec<Start>,
    exdates: BTreeSet<NaiveDate>,
    recurrence_id: Option<NaiveDate>,
    /// Organizer and attendees: address and whether they declined.
    people: Vec<(String, bool)>,
    /// Their names as the calendar gives them (`CN=Tomasz Zielinski`), by address.
    names: Vec<(String, String)>,
}

/// Reads one calendar file's text into `found`. `origin` names it in what is skipped.
pub fn read(text: &str, origin: &str, me: &Me, window: Window, found: &mut Found) {
    let mut by_uid: BTreeMap<String, (Option<Event>, Vec<Event>)> = BTreeMap::new();
    for (line, block) in event_blocks(text) {
        match parse_event(&block, line) {
            Ok(event) => {
                for (address, name) in &event.names {
                    found
                        .names
                        .entry(address.clone())
                        .or_insert_with(|| name.clone());
                }
                let entry = by_uid.entry(event.uid.clone()).or_default();
                if event.recurrence_id.is_some() {
                    entry.1.push(event);
                } else if entry.0.is_none() {
                    entry.0 = Some(event);
                }
            }
            Err(why) => found.skipped.push(Skipped {
                origin: format!("{origin}:{line}"),
                what: "an event".to_string(),
                reason: SkipReason::Unparsable(why),
            }),
        }
    }
    let from = found.skipped.len();
    for (master, overrides) in by_uid.into_values() {
        read_series(master.as_ref(), &overrides, origin, me, window, found);
    }
    // In the file's order, whatever the order of the series.
    found.skipped[from..].sort_by_key(|s| line_of(&s.origin));
}

fn line_of(origin: &str) -> usize {
    origin
        .rsplit_once(':')
        .and_then(|(_, line)| line.parse().ok())
        .unwrap_or(0)
}

/// The occurrences of one event (once, or by its rule), each instance moved or cancelled
/// by an override taken from that override.
fn read_series(
    master: Option<&Event>,
    overrides: &[Event],
    origin: &str,
    me: &Me,
    window: Window,
    found: &mut Found,
) {
    let mut overridden: BTreeMap<NaiveDate, &Event> = overrides
        .iter()
        .filter_map(|e| e.recurrence_id.map(|day| (day, e)))
        .collect();
    if let Some(master) = master {
        let starts = match occurrences(master, window) {
            Ok(starts) => starts,
            Err(why) => {
                found.skipped.push(Skipped {
                    origin: format!("{origin}:{}", master.line),
                    what: master.summary.clone(),
                    reason: SkipReason::Unparsable(why),
                });
                vec![master.start]
            }
        };
        for start in starts {
            let key = start.own_date();
            if master.exdates.contains(&key) {
                continue;
            }
            match overridden.remove(&key) {
                Some(instance) => {
                    occurrence(instance, instance.start, key, origin, me, window, found);
                }
                None => occurrence(master, start, key, origin, me, window, found),
            }
        }
    }
    // Instances whose series is not in the file, or moved out of it.
    for (key, instance) in overridden {
        occurrence(instance, instance.start, key, origin, me, window, found);
    }
}

/// The starts of an event: its own, the rule's up to a year ahead, and its RDATEs.
fn occurrences(event: &Event, window: Window) -> Result<Vec<Start>, String> {
    let mut starts = vec![event.start];
    if let Some(rule) = &event.rrule {
        let dt_start = event.start.for_rrule();
        let horizon = window
            .today
            .checked_add_days(Days::new(AHEAD_DAYS))
            .unwrap_or(window.today);
        let until = dt_start
            .timezone()
            .from_utc_datetime(&horizon.and_time(chrono::NaiveTime::MIN));
        let rule = rule
            .parse::<rrule::RRule<rrule::Unvalidated>>()
            .map_err(|e| format!("its repeat rule: {e}"))?;
        let (rule, dt_start) = near_the_window(daily_at_most(rule), dt_start, window);
        let mut set = rule
            .build(dt_start)
            .map_err(|e| format!("its repeat rule: {e}"))?
            .before(until);
        // Occurrences before the run's start are never logged.
        if let Some(since) = window.since {
            let from = dt_start
                .timezone()
                .from_utc_datetime(&since.and_time(chrono::NaiveTime::MIN));
            set = set.after(from);
        }
        let mut days = std::collections::HashSet::new();
        starts = set
            .all(MAX_OCCURRENCES)
            .dates
            .into_iter()
            .map(|at| event.start.like(at))
            .filter(|start| days.insert(start.own_date()))
            .collect();
        if starts.is_empty() {
            starts.push(event.start);
        }
    }
    starts.extend(event.rdates.iter().copied());
    Ok(starts)
}

/// A rule repeating more often than daily, as a daily one: a meeting counts once a day,
/// and a rule repeating every second would otherwise be walked second by second.
fn daily_at_most(rule: rrule::RRule<rrule::Unvalidated>) -> rrule::RRule<rrule::Unvalidated> {
    if rule.get_freq() <= rrule::Frequency::Daily {
        return rule;
    }
    rule.freq(rrule::Frequency::Daily)
        .interval(1)
        .by_hour(Vec::new())
        .by_minute(Vec::new())
        .by_second(Vec::new())
}

/// A daily or weekly rule that started long before the run's start, started instead a
/// whole number of its periods later, just before the run: the same days, without walking
/// every one since (a daily rule from year 0000 is 740,000 days). A rule with a COUNT
/// depends on its first day and is left as it is.
fn near_the_window(
    rule: rrule::RRule<rrule::Unvalidated>,
    dt_start: DateTime<rrule::Tz>,
    window: Window,
) -> (rrule::RRule<rrule::Unvalidated>, DateTime<rrule::Tz>) {
    let days_per_period = match rule.get_freq() {
        rrule::Frequency::Daily => 1,
        rrule::Frequency::Weekly => 7,
        _ => 0,
    } * i64::from(rule.get_interval().max(1));
    let Some(since) = window.since else {
        return (rule, dt_start);
    };
    let behind = (since - dt_start.date_naive()).num_days();
    if days_per_period == 0 || rule.get_count().is_some() || behind <= days_per_period {
        return (rule, dt_start);
    }
    let skipped = u64::try_from(behind / days_per_period * days_per_period).unwrap_or(0);
    let moved = dt_start
        .checked_add_days(Days::new(skipped))
        .unwrap_or(dt_start);
    (rule, moved)
}

/// One occurrence: a meeting in the past, a meeting to come, or a reason it is neither.
fn occurrence(
    event: &Event,
    start: Start,
    key: NaiveDate,
    origin: &str,
    me: &Me,
    window: Window,
    found: &mut Found,
) {
    found.events += 1;
    let date = start.local_date(window.zone);
    let past = date <= window.today;
    let skip = |reason| Skipped {
        origin: format!("{origin}:{}", event.line),
        what: format!("{} on {date}", event.summary),
        reason,
    };
    if event.cancelled {
        if past {
            found.skipped.push(skip(SkipReason::Cancelled));
        }
        return;
    }
    if event
        .people
        .iter()
        .any(|(who, declined)| *declined && me.is(who))
    {
        if past {
            found.skipped.push(skip(SkipReason::Declined));
        }
        return;
    }
    let participants = me.others(event.people.iter().map(|(who, _)| who.clone()));
    if participants.is_empty() {
        found.alone += 1;
        return;
    }
    if !past {
        found.upcoming.push(Upcoming {
            date,
            participants,
            summary: event.summary.clone(),
        });
        return;
    }
    if window.too_old(date) {
        found.too_old += 1;
        return;
    }
    found.add(Activity {
        kind: ActivityKind::Meeting,
        date,
        participants,
        summary: event.summary.clone(),
        source: format!("ics:{}/{key}", event.uid),
        direction: None,
    });
}

/// Each VEVENT's text (lines unfolded) with the line it starts on.
fn event_blocks(text: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String)> = None;
    let mut depth = 0usize;
    for (line, content) in unfolded_lines(text) {
        let upper = content.trim_end().to_ascii_uppercase();
        if upper == "BEGIN:VEVENT" && current.is_none() {
            current = Some((line, String::new()));
            depth = 0;
        }
        let Some((_, block)) = current.as_mut() else {
            continue;
        };
        block.push_str(&content);
        block.push_str("\r\n");
        if upper.starts_with("BEGIN:") {
            depth += 1;
        } else if upper.starts_with("END:") {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                blocks.extend(current.take());
            }
        }
    }
    blocks
}

/// Logical lines (a line starting with a space or tab continues the one before), each
/// with the number of the physical line it starts on.
fn unfolded_lines(text: &str) -> Vec<(usize, String)> {
    let mut lines: Vec<(usize, String)> = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        match (raw.strip_prefix([' ', '\t']), lines.last_mut()) {
            (Some(rest), Some((_, last))) => last.push_str(rest),
            _ => lines.push((index + 1, raw.to_string())),
        }
    }
    lines
}

fn parse_event(block: &str, line: usize) -> Result<Event, String> {
    let component = icalendar::parser::read_components(block)
        .map_err(|e| {
            e.lines()
                .find(|l| !l.trim().is_empty() && !l.starts_with("error"))
                .unwrap_or("not iCalendar")
                .trim()
                .to_string()
        })?
        .into_iter()
        .next()
        .ok_or("an empty event")?;
    let start_prop = find(&component, "DTSTART").ok_or("no start (DTSTART)")?;
    let start = parse_start(start_prop)
        .ok_or_else(|| format!("a start it cannot read ({})", start_prop.val.as_str()))?;
    let summary = find(&component, "SUMMARY")
        .map(|p| unescape(p.val.as_str()))
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "(no title)".to_string());
    let dates = |name: &str| -> Vec<Start> {
        component
            .properties
            .iter()
            .filter(|p| p.name.as_str().eq_ignore_ascii_case(name))
            .flat_map(|p| each_value(p).into_iter())
            .collect()
    };
    Ok(Event {
        line,
        uid: find(&component, "UID").map_or_else(
            || format!("line-{line}"),
            |p| p.val.as_str().trim().to_string(),
        ),
        summary,
        cancelled: find(&component, "STATUS")
            .is_some_and(|p| p.val.as_str().trim().eq_ignore_ascii_case("CANCELLED")),
        start,
        rrule: find(&component, "RRULE").map(|p| p.val.as_str().trim().to_string()),
        rdates: dates("RDATE"),
        exdates: dates("EXDATE").into_iter().map(Start::own_date).collect(),
        recurrence_id: find(&component, "RECURRENCE-ID")
            .and_then(parse_start)
            .map(Start::own_date),
        people: people(&component),
        names: names(&component),
    })
}

fn find<'a>(component: &'a Component<'a>, name: &str) -> Option<&'a Property<'a>> {
    component
        .properties
        .iter()
        .find(|p| p.name.as_str().eq_ignore_ascii_case(name))
}

fn param<'a>(property: &'a Property<'a>, key: &str) -> Option<&'a str> {
    property
        .params
        .iter()
        .find(|p| p.key.as_str().eq_ignore_ascii_case(key))
        .and_then(|p| p.val.as_ref())
        .map(|v| v.as_str().trim_matches('"'))
}

/// The organizer and the attendees: the properties that name the people of an event.
fn attendees<'a>(component: &'a Component<'a>) -> impl Iterator<Item = &'a Property<'a>> {
    component.properties.iter().filter(|p| {
        p.name.as_str().eq_ignore_ascii_case("ATTENDEE")
            || p.name.as_str().eq_ignore_ascii_case("ORGANIZER")
    })
}

/// The organizer and the attendees with an address, and whether each declined.
fn people(component: &Component) -> Vec<(String, bool)> {
    attendees(component)
        .filter_map(|p| {
            let declined = param(p, "PARTSTAT").is_some_and(|s| s.eq_ignore_ascii_case("DECLINED"));
            address(p.val.as_str()).map(|who| (who, declined))
        })
        .collect()
}

/// The names the organizer and attendees are given (`CN=`), by address.
fn names(component: &Component) -> Vec<(String, String)> {
    attendees(component)
        .filter_map(|p| {
            let name = param(p, "CN")?.trim();
            let who = address(p.val.as_str())?;
            (!name.is_empty() && !name.contains('@')).then(|| (who, name.to_string()))
        })
        .collect()
}

/// A date or date-time property's value (one of a comma-separated list for RDATE and
/// EXDATE).
fn each_value(property: &Property) -> Vec<Start> {
    property
        .val
        .as_str()
        .split(',')
        .filter_map(|value| start_of(value, property))
        .collect()
}

fn parse_start(property: &Property) -> Option<Start> {
    start_of(property.val.as_str(), property)
}

fn start_of(value: &str, property: &Property) -> Option<Start> {
    let value = value.trim();
    if value.len() == 8 || param(property, "VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE"))
    {
        return NaiveDate::parse_from_str(value.get(..8)?, "%Y%m%d")
            .ok()
            .map(Start::Day);
    }
    if let Some(utc) = value.strip_suffix(['Z', 'z']) {
        let at = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").ok()?;
        return Some(Start::Utc(Utc.from_utc_datetime(&at)));
    }
    let at = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").ok()?;
    match param(property, "TZID").and_then(super::zones::zone) {
        // A time that falls in a DST gap is taken as the moment after it.
        Some(zone) => zone
            .from_local_datetime(&at)
            .earliest()
            .or_else(|| {
                zone.from_local_datetime(&(at + chrono::Duration::hours(1)))
                    .earliest()
            })
            .map(Start::Zoned),
        None => Some(Start::Floating(at)),
    }
}

/// TEXT values escape `\,` `\;` `\\` and write a line break as `\n`.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push(' '),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> Found {
        let mut found = Found::default();
        read(
            text,
            "t.ics",
            &Me::new(["me@ourco.example"]),
            Window::test(),
            &mut found,
        );
        found
    }

    fn event(lines: &str) -> String {
        format!(
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:u1\r\nSUMMARY:Sync\r\nATTENDEE:mailto:a@client.example\r\n{lines}END:VEVENT\r\nEND:VCALENDAR\r\n"
        )
    }

    #[test]
    fn a_daily_rule_counts_up_to_today_and_looks_ahead() {
        let found = read_text(&event(
            "DTSTART;TZID=Europe/Copenhagen:20261123T090000\r\nRRULE:FREQ=DAILY;COUNT=7\r\nEXDATE;TZID=Europe/Copenhagen:20261125T090000\r\n",
        ));
        let days: Vec<String> = found
            .activities
            .iter()
            .map(|a| a.date.to_string())
            .collect();
        assert_eq!(
            days,
            ["2026-11-23", "2026-11-24", "2026-11-26", "2026-11-27"]
        );
        assert_eq!(found.activities[0].source, "ics:u1/2026-11-23");
        assert_eq!(found.upcoming.len(), 2, "the 28th and the 29th are ahead");
    }

    #[test]
    fn a_utc_start_is_dated_where_the_user_is() {
        let found = read_text(&event("DTSTART:20261126T233000Z\r\n"));
        assert_eq!(found.activities[0].date.to_string(), "2026-11-27");
    }

    #[test]
    fn folded_lines_and_escapes_are_read() {
        let text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:u2\r\nDTSTART;VALUE=DATE:20261120\r\nSUMMARY:Review\\, part\r\n  two\r\nATTENDEE;CN=\"Roe, Jane\";PARTSTAT=ACCEPTED:MAILTO:Jane.Roe@Client.exa\r\n mple\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let found = read_text(text);
        assert_eq!(found.activities[0].summary, "Review, part two");
        assert_eq!(
            found.activities[0].participants,
            ["jane.roe@client.example"]
        );
        assert_eq!(found.activities[0].date.to_string(), "2026-11-20");
    }

    #[test]
    fn a_broken_rule_is_reported_and_the_event_still_counts_once() {
        let found = read_text(&event(
            "DTSTART:20261120T100000Z\r\nRRULE:FREQ=SOMETIMES\r\n",
        ));
        assert_eq!(found.activities.len(), 1);
        assert!(matches!(found.skipped[0].reason, SkipReason::Unparsable(_)));
        assert_eq!(found.skipped[0].origin, "t.ics:2");
    }
}
