//! Attainment with the pace marker, won vs forecast, won by month, split and earnings.

use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Gauge, Paragraph};

use crate::model::Money;
use crate::rules::quota::QuotaReport;
use crate::text::percent;
use crate::ui::Pane;
use crate::ui::app::App;
use crate::ui::chrome::pane_block;

const MONTHS: [&str; 12] = ["J", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D"];

/// A line under the gauge with `▲` where a straight-line year would be today.
fn pace_marker(report: &QuotaReport, width: u16) -> Line<'static> {
    let target = report.target.as_f64();
    if target <= 0.0 || width == 0 {
        return Line::from("");
    }
    let share = (report.pace.as_f64() / target).clamp(0.0, 1.0);
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "share is clamped to 0..=1, so the column is within the width"
    )]
    let column = ((f64::from(width) - 1.0) * share).round() as usize;
    let label = format!("▲ pace {}", report.pace.short());
    let label_len = crate::text::width(&label);
    let width = usize::from(width);
    // Keep the label on screen: to the right of the marker, or to the left near the end.
    let text = if column + label_len <= width {
        format!("{}{label}", " ".repeat(column))
    } else {
        let tail = format!("pace {} ▲", report.pace.short());
        let start = (column + 1).saturating_sub(crate::text::width(&tail));
        format!("{}{tail}", " ".repeat(start))
    };
    Line::from(text)
}

/// How figures are written: in full, or short (`1.2M`) where the pane is narrow, so the
/// notes beside them fit rather than being cut.
#[derive(Debug, Clone, Copy)]
struct FigureStyle {
    compact: bool,
}

impl FigureStyle {
    fn label(self, label: &str) -> String {
        if self.compact {
            format!("{label:<9}")
        } else {
            format!("{label:<11}")
        }
    }

    fn amount(self, value: Money) -> String {
        if self.compact {
            format!("{:>7}", value.short())
        } else {
            format!("{:>11}", value.grouped())
        }
    }

    /// An amount in a note beside a figure, written the way the figure is.
    fn note(self, value: Money) -> String {
        if self.compact {
            value.short()
        } else {
            value.grouped()
        }
    }
}

fn money_line(
    label: &str,
    value: Money,
    note: &str,
    app: &App,
    style: FigureStyle,
) -> Line<'static> {
    Line::from(vec![
        Span::raw(style.label(label)),
        Span::styled(style.amount(value), app.theme.accent()),
        Span::styled(format!(" {note}"), app.theme.dim()),
    ])
}

/// `2026`, or `FY 2026 Apr–Mar` when the fiscal year starts in another month.
fn year_title(report: &QuotaReport) -> String {
    let span = report.fiscal.span;
    if span.start.month() == 1 {
        report.year().to_string()
    } else {
        format!(
            "FY {} {}–{}",
            report.year(),
            span.start.format("%b"),
            span.last_day().format("%b")
        )
    }
}

/// When the quota year the book names is over: say so, and how to start the next one.
fn year_over(app: &App, style: FigureStyle) -> Option<Line<'static>> {
    let (year, _) = app.derived.quota_year_ended?;
    Some(Line::from(Span::styled(
        if style.compact {
            format!("! {year} is over: konto quota --next-year")
        } else {
            format!(
                "! The {year} quota year is over: `konto quota --next-year` starts {}",
                year + 1
            )
        },
        app.theme.warn(),
    )))
}

/// A warning when won deals are dated after today: they count already.
fn won_after_today(app: &App, style: FigureStyle) -> Option<Line<'static>> {
    let count = app.derived.won_after_today;
    (count > 0).then(|| {
        Line::from(Span::styled(
            if style.compact {
                format!("! {count} won after today")
            } else {
                format!(
                    "! {} dated after today, counted already",
                    crate::text::plural(count, "won deal", "won deals")
                )
            },
            app.theme.warn(),
        ))
    })
}

/// The quarter: won against its target and pace, its calls, and what slipped.
fn quarter_lines(
    quarter: &crate::rules::quota::QuarterReport,
    app: &App,
    style: FigureStyle,
) -> Vec<Line<'static>> {
    let mut lines = vec![
        money_line(
            &format!("Q{}", quarter.index),
            quarter.credited_won,
            &format!(
                "{} of {}",
                percent(quarter.attainment),
                style.note(quarter.target)
            ),
            app,
            style,
        ),
        Line::from(vec![
            Span::raw("  "),
            against_pace(quarter.credited_won - quarter.pace, app, style),
            Span::styled(
                format!(" · forecast {}", style.note(quarter.forecast)),
                app.theme.dim(),
            ),
        ]),
        quarter_calls(quarter, app, style),
    ];
    lines.extend(quarter_slipped(quarter, app, style));
    lines
}

/// The quarter's calls, each including the one before (closed included).
fn quarter_calls(
    quarter: &crate::rules::quota::QuarterReport,
    app: &App,
    style: FigureStyle,
) -> Line<'static> {
    let calls = quarter.categories;
    let (commit, best, pipe) = (
        style.note(calls.commit),
        style.note(calls.best_case),
        style.note(calls.pipeline),
    );
    let sep = if style.compact { "/" } else { " · " };
    let text = if style.compact {
        format!("  calls {commit}/{best}/{pipe}")
    } else {
        format!("  commit {commit}{sep}best {best}{sep}pipe {pipe}")
    };
    Line::from(Span::styled(text, app.theme.dim()))
}

/// `! 2 slipped · 90k`: open deals past their close dates, counted in the quarter.
fn quarter_slipped(
    quarter: &crate::rules::quota::QuarterReport,
    app: &App,
    style: FigureStyle,
) -> Option<Line<'static>> {
    let slipped = quarter.slipped;
    (slipped.count > 0).then(|| {
        Line::from(Span::styled(
            format!(
                "  ! {} slipped · {}",
                slipped.count,
                style.note(slipped.amount)
            ),
            app.theme.warn(),
        ))
    })
}

/// `ahead 12k` in the good style, `behind 3k` in the bad one.
fn against_pace(gap: Money, app: &App, style: FigureStyle) -> Span<'static> {
    if gap.is_negative() {
        Span::styled(format!(" behind {}", style.note(-gap)), app.theme.bad())
    } else {
        Span::styled(format!(" ahead {}", style.note(gap)), app.theme.good())
    }
}

fn figures(report: &QuotaReport, app: &App, style: FigureStyle) -> Vec<Line<'static>> {
    let quarter = &report.quarter;
    let calls = report.categories;
    let mut lines = vec![Line::from(vec![
        Span::raw(style.label("Won")),
        Span::styled(style.amount(report.credited_won), app.theme.accent()),
        against_pace(report.gap_to_pace, app, style),
    ])];
    lines.extend(won_after_today(app, style));
    if let Some(over) = year_over(app, style) {
        lines.insert(0, over);
    }
    lines.extend(quarter_lines(quarter, app, style));
    lines.extend([
        money_line("Forecast", report.forecast, "weighted", app, style),
        Line::from(Span::styled(
            // The year's calls include what is won: said so, beside the board's "open
            // commit", which does not.
            format!(
                "{} {}{sep}best {}{sep}pipe {}",
                if style.compact {
                    "won+commit"
                } else {
                    "won + commit"
                },
                style.note(calls.commit),
                style.note(calls.best_case),
                style.note(calls.pipeline),
                sep = if style.compact { "/" } else { " · " },
            ),
            app.theme.dim(),
        )),
        money_line(
            "Commission",
            report.commission,
            &format!("at {}", percent(report.commission_rate)),
            app,
            style,
        ),
        money_line(
            "Bonuses",
            report.bonus_total,
            &match report.bonuses_earned.len() {
                0 => "none yet".to_string(),
                n => format!("{} reached", crate::text::plural(n, "tier", "tiers")),
            },
            app,
            style,
        ),
    ]);
    match &report.next_bonus {
        Some(next) => lines.push(Line::from(Span::styled(
            format!(
                "{} {} at {}: {} to go",
                if style.compact { "Next" } else { "Next bonus" },
                style.note(next.amount),
                if style.compact {
                    format!("{:.0} %", next.attainment * 100.0)
                } else {
                    percent(next.attainment)
                },
                style.note(next.needed)
            ),
            app.theme.warn(),
        ))),
        None if !report.bonuses_earned.is_empty() => lines.push(Line::from(Span::styled(
            "Every bonus reached",
            app.theme.good(),
        ))),
        None => {}
    }
    lines.extend([
        money_line("Earned", report.earned, "so far", app, style),
        money_line(
            "Year end",
            report.projected_earnings,
            "at forecast",
            app,
            style,
        ),
        money_line("", report.run_rate_earnings, "at this pace", app, style),
    ]);
    lines
}

/// Won by month in fiscal order, with the tallest month's amount as the scale.
fn draw_chart(frame: &mut Frame, area: Rect, app: &App, report: &QuotaReport) {
    // Twelve bars and eleven gaps beside the five-column scale.
    let bar_width = (area.width.saturating_sub(5 + 11) / 12).clamp(1, 4);
    let months = report.fiscal.months();
    let bars: Vec<Bar> = report
        .by_month
        .iter()
        .zip(months)
        .map(|(amount, month)| {
            Bar::default()
                .value(u64::try_from(amount.cents() / 100).unwrap_or(0))
                .label(Line::from(MONTHS[(month as usize + 11) % 12]))
                .text_value(String::new())
        })
        .collect();
    let chart = BarChart::default()
        .data(BarGroup::default().bars(&bars))
        .bar_width(bar_width)
        .bar_gap(1)
        .bar_style(app.theme.bar());
    let [title, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let tallest = report.by_month.iter().copied().max().unwrap_or_default();
    frame.render_widget(
        Line::from(Span::styled(
            format!("Won by month · tallest {}", tallest.short()),
            app.theme.dim(),
        )),
        title,
    );
    // The scale beside the bars: the tallest month at the top, 0 at the bottom.
    let [axis, bars_area] =
        Layout::horizontal([Constraint::Length(5), Constraint::Min(0)]).areas(rest);
    // The bottom row holds the month letters: 0 stands on the row above it.
    let bar_rows = usize::from(axis.height.saturating_sub(1));
    let scale: Vec<Line> = (0..bar_rows)
        .map(|row| match row {
            0 => Line::from(format!("{:>4}", tallest.short())),
            r if r + 1 == bar_rows => Line::from(format!("{:>4}", "0")),
            _ => Line::from("   │"),
        })
        .collect();
    frame.render_widget(Paragraph::new(scale).style(app.theme.dim()), axis);
    frame.render_widget(chart, bars_area);
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let report = &app.derived.quota;
    let block = pane_block(
        app,
        Pane::Quota,
        &format!("{} · {} ", year_title(report), app.book().currency()),
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let style = FigureStyle {
        compact: inner.width < 40,
    };
    let mut lines = figures(report, app, style);
    if report.target == Money::ZERO {
        lines.insert(
            0,
            Line::from(Span::styled(
                "No quota set: add quota: (target: …) to the book",
                app.theme.warn(),
            )),
        );
    }
    let [gauge_area, marker_area, text_area, chart_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(crate::ui::layout::length(lines.len())),
        Constraint::Min(0),
    ])
    .areas(inner);

    let gauge = Gauge::default()
        .ratio(report.attainment.clamp(0.0, 1.0))
        .label(format!(
            "{} of {}",
            percent(report.attainment),
            report.target.short()
        ))
        .gauge_style(app.theme.gauge())
        .use_unicode(true);
    frame.render_widget(gauge, gauge_area);
    frame.render_widget(pace_marker(report, marker_area.width), marker_area);
    frame.render_widget(Paragraph::new(lines), text_area);

    if chart_area.height >= 4 && chart_area.width >= 24 {
        draw_chart(frame, chart_area, app, report);
    }
}
