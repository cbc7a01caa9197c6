//! Colours and symbols. Every colour cue has a symbol or weight beside it, so the screen
//! reads the same with `NO_COLOR` or on a monochrome terminal.

use ratatui::style::{Color, Modifier, Style};

use crate::model::Tier;
use crate::rules::checkins::Due;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set to anything non-empty (no-color.org).
    pub fn from_env(no_color: Option<&str>) -> Theme {
        Theme {
            color: no_color.is_none_or(str::is_empty),
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
            Tier::Key => self.paint(Style::new().add_modifier(Modifier::BOLD), Color::Magenta),
            Tier::Growth => self.paint(Style::new(), Color::Cyan),
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
            Due::Overdue { .. } => {
                self.paint(Style::new().add_modifier(Modifier::BOLD), Color::Red)
            }
            Due::Today => self.paint(Style::new().add_modifier(Modifier::BOLD), Color::Yellow),
            Due::Upcoming { .. } => Style::new(),
        }
    }

    pub fn selected(self) -> Style {
        if self.color {
            Style::new()
                .bg(Color::Blue)
                .fg(Color::White)
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
            self.paint(Style::new().add_modifier(Modifier::BOLD), Color::LightBlue)
        } else {
            self.paint(Style::new(), Color::DarkGray)
        }
    }

    pub fn dim(self) -> Style {
        self.paint(Style::new(), Color::DarkGray)
    }

    pub fn good(self) -> Style {
        self.paint(Style::new(), Color::Green)
    }

    pub fn bad(self) -> Style {
        self.paint(Style::new().add_modifier(Modifier::BOLD), Color::Red)
    }

    pub fn warn(self) -> Style {
        self.paint(Style::new(), Color::Yellow)
    }

    pub fn accent(self) -> Style {
        self.paint(Style::new().add_modifier(Modifier::BOLD), Color::LightBlue)
    }

    pub fn gauge(self) -> Style {
        self.paint(Style::new(), Color::Green)
    }

    pub fn bar(self) -> Style {
        self.paint(Style::new(), Color::Cyan)
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
