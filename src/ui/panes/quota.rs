//! Attainment with the pace marker, won vs forecast, won by month, split and earnings.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Gauge, Paragraph};

use crate::model::{DealKind, Money};
use crate::rules::quota::QuotaReport;
use crate::text::percent;
use crate::ui::Pane;
use crate::ui::app::App;
use crate::ui::view::pane_block;

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

fn money_line(label: &str, value: Money, note: &str, app: &App) -> Line<'static> {
    Line::from(vec![
        Span::raw(format!("{label:<11}")),
        Span::styled(format!("{:>11}", value.grouped()), app.theme.accent()),
        Span::styled(format!(" {note}"), app.theme.dim()),
    ])
}

fn figures(report: &QuotaReport, app: &App) -> Vec<Line<'static>> {
    let ahead = if report.gap_to_pace.is_negative() {
        Span::styled(
            format!(" behind {}", (-report.gap_to_pace).short()),
            app.theme.bad(),
        )
    } else {
        Span::styled(
            format!(" ahead {}", report.gap_to_pace.short()),
            app.theme.good(),
        )
    };
    let split: Vec<String> = report
        .split
        .iter()
        .map(|(kind, amount)| {
            let short = match kind {
                DealKind::NewBusiness => "new",
                DealKind::Upsell => "upsell",
                DealKind::Renewal => "renewal",
            };
            format!("{short} {}", amount.short())
        })
        .collect();
    let mut lines = vec![
        Line::from(vec![
            Span::raw(format!("{:<11}", "Won")),
            Span::styled(format!("{:>11}", report.won.grouped()), app.theme.accent()),
            ahead,
        ]),
        money_line(
            "Forecast",
            report.forecast,
            &format!("of {}", report.target.short()),
            app,
        ),
        Line::from(Span::styled(split.join(" · "), app.theme.dim())),
        money_line(
            "Commission",
            report.commission,
            &format!("at {}", percent(report.commission_rate)),
            app,
        ),
        money_line(
            "Bonuses",
            report.bonus_total,
            &format!("{} reached", report.bonuses_earned.len()),
            app,
        ),
    ];
    match &report.next_bonus {
        Some(next) => lines.push(Line::from(Span::styled(
            format!(
                "Next bonus {} at {}: win {} more",
                next.amount.short(),
                percent(next.attainment),
                next.needed.short()
            ),
            app.theme.warn(),
        ))),
        None if !report.bonuses_earned.is_empty() => lines.push(Line::from(Span::styled(
            "Every bonus reached",
            app.theme.good(),
        ))),
        None => {}
    }
    lines.push(money_line(
        "Year end",
        report.projected_earnings,
        "at this pace",
        app,
    ));
    lines
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let report = &app.derived.quota;
    let block = pane_block(
        app,
        Pane::Quota,
        &format!("{} · {} ", report.year(), app.book().currency()),
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines = figures(report, app);
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
        let bar_width = ((chart_area.width.saturating_sub(11)) / 12).clamp(1, 4);
        let bars: Vec<Bar> = report
            .by_month
            .iter()
            .zip(MONTHS)
            .map(|(amount, month)| {
                Bar::default()
                    .value(u64::try_from(amount.cents() / 100).unwrap_or(0))
                    .label(Line::from(month))
                    .text_value(String::new())
            })
            .collect();
        let chart = BarChart::default()
            .data(BarGroup::default().bars(&bars))
            .bar_width(bar_width)
            .bar_gap(1)
            .bar_style(app.theme.bar());
        let [title, chart_rect] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(chart_area);
        frame.render_widget(
            Line::from(Span::styled("Won by month", app.theme.dim())),
            title,
        );
        frame.render_widget(chart, chart_rect);
    }
}
