//! Colours and symbols. Every colour cue has a symbol or weight beside it, so the screen
//! reads the same with `NO_COLOR` or on a monochrome terminal.

use ratatui::style::{Color, Modifier, Style};

use crate::model::Tier;
use crate::rules::checkins::Due;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    pub palette: Palette,
}

/// The colours, each named as `config.ron`'s `colors` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    pub key_account: Color,
    pub growth_account: Color,
    pub overdue: Color,
    pub due_today: Color,
    pub selected_background: Color,
    pub selected_text: Color,
    pub focused_border: Color,
    pub border: Color,
    pub dim: Color,
    pub good: Color,
    pub bad: Color,
    pub warn: Color,
    pub accent: Color,
    pub gauge: Color,
    pub bar: Color,
}

impl Default for Palette {
    fn default() -> Palette {
        Palette {
            key_account: Color::Magenta,
            growth_account: Color::Cyan,
            overdue: Color::Red,
            due_today: Color::Yellow,
            selected_background: Color::Blue,
            selected_text: Color::White,
            focused_border: Color::LightBlue,
            border: Color::DarkGray,
            dim: Color::DarkGray,
            good: Color::Green,
            bad: Color::Red,
            warn: Color::Yellow,
            accent: Color::LightBlue,
            gauge: Color::Green,
            bar: Color::Cyan,
        }
    }
}

impl Palette {
    /// The colour named `name` in `config.ron`, to change.
    pub fn slot(&mut self, name: &str) -> Option<&mut Color> {
        Some(match name {
            "key_account" => &mut self.key_account,
            "growth_account" => &mut self.growth_account,
            "overdue" => &mut self.overdue,
            "due_today" => &mut self.due_today,
            "selected_background" => &mut self.selected_background,
            "selected_text" => &mut self.selected_text,
            "focused_border" => &mut self.focused_border,
            "border" => &mut self.border,
            "dim" => &mut self.dim,
            "good" => &mut self.good,
            "bad" => &mut self.bad,
            "warn" => &mut self.warn,
            "accent" => &mut self.accent,
            "gauge" => &mut self.gauge,
            "bar" => &mut self.bar,
            _ => return None,
        })
    }

    pub const NAMES: [&str; 15] = [
        "key_account",
        "growth_account",
        "overdue",
        "due_today",
        "selected_background",
        "selected_text",
        "focused_border",
        "border",
        "dim",
        "good",
        "bad",
        "warn",
        "accent",
        "gauge",
        "bar",
    ];
}

impl Theme {
    /// Colour unless `NO_COLOR` is set to anything non-empty (no-color.org).
    pub fn from_env(no_color: Option<&str>) -> Theme {
        Theme {
            color: no_color.is_none_or(str::is_empty),
            palette: Palette::default(),
        }
    }

    /// No colour: weight and symbols only (tests, `NO_COLOR`).
    pub fn plain() -> Theme {
        Theme {
            color: false,
            palette: Palette::default(),
        }
    }

    fn paint(self, style: Style, color: Color) -> Style {
        if self.color { style.fg(color) } else { style }
    }

    pub fn tier_symbol(tier: Tier) -> &'static str {
        match tier {
            Tier::Key => "★",
            Tier::Growth => "▲",
            Tier::Standard => "·",
        }
    }

    pub fn tier(self, tier: Tier) -> Style {
        match tier {
            Tier::Key => self.paint(
                Style::new().add_modifier(Modifier::BOLD),
                self.palette.key_account,
            ),
            Tier::Growth => self.paint(Style::new(), self.palette.growth_account),
            Tier::Standard => Style::new(),
        }
    }

    pub fn due_symbol(due: Due) -> &'static str {
        match due {
            Due::Overdue { .. } => "!",
            Due::Today => "•",
            Due::Upcoming { .. } => " ",
        }
    }

    pub fn due(self, due: Due) -> Style {
        match due {
            Due::Overdue { .. } => self.paint(
                Style::new().add_modifier(Modifier::BOLD),
                self.palette.overdue,
            ),
            Due::Today => self.paint(
                Style::new().add_modifier(Modifier::BOLD),
                self.palette.due_today,
            ),
            Due::Upcoming { .. } => Style::new(),
        }
    }

    pub fn selected(self) -> Style {
        if self.color {
            Style::new()
                .bg(self.palette.selected_background)
                .fg(self.palette.selected_text)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    pub fn header(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn border(self, focused: bool) -> Style {
        if focused {
            self.paint(
                Style::new().add_modifier(Modifier::BOLD),
                self.palette.focused_border,
            )
        } else {
            self.paint(Style::new(), self.palette.border)
        }
    }

    pub fn dim(self) -> Style {
        self.paint(Style::new(), self.palette.dim)
    }

    pub fn good(self) -> Style {
        self.paint(Style::new(), self.palette.good)
    }

    pub fn bad(self) -> Style {
        self.paint(Style::new().add_modifier(Modifier::BOLD), self.palette.bad)
    }

    pub fn warn(self) -> Style {
        self.paint(Style::new(), self.palette.warn)
    }

    pub fn accent(self) -> Style {
        self.paint(
            Style::new().add_modifier(Modifier::BOLD),
            self.palette.accent,
        )
    }

    pub fn gauge(self) -> Style {
        self.paint(Style::new(), self.palette.gauge)
    }

    pub fn bar(self) -> Style {
        self.paint(Style::new(), self.palette.bar)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_keeps_weight_and_drops_colour() {
        let plain = Theme::from_env(Some("1"));
        assert!(!plain.color);
        assert_eq!(
            plain.tier(Tier::Key),
            Style::new().add_modifier(Modifier::BOLD)
        );
        assert_eq!(plain.due(Due::Overdue { days: 3 }).fg, None);
        assert!(Theme::from_env(Some("")).color);
        assert!(Theme::from_env(None).color);
    }
}
