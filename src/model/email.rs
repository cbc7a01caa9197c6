//! Email addresses as the book keeps them (a contact's, the addresses capture logged
//! before they named anyone, a client's domains): one spelling, so that matching them is
//! plain equality.

/// `anna@nordlys.example` from `mailto:Anna@Nordlys.example` or `<anna@…>`; `None` for
/// text that is no address.
pub fn address(text: &str) -> Option<String> {
    let text = text.trim();
    let text = text
        .get(..7)
        .filter(|p| p.eq_ignore_ascii_case("mailto:"))
        .map_or(text, |_| &text[7..]);
    let text = text.trim_matches(|c| c == '<' || c == '>' || c == ' ');
    let (local, domain) = text.rsplit_once('@')?;
    let plain = !text.contains(|c: char| c.is_whitespace() || c.is_control());
    (!local.is_empty() && domain.contains('.') && plain).then(|| text.to_lowercase())
}

/// The part after the `@`.
pub fn domain_of(address: &str) -> Option<&str> {
    address.rsplit_once('@').map(|(_, domain)| domain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_read_in_one_spelling_from_how_mail_and_calendars_write_it() {
        for written in [
            "anna@nordlys.example",
            "Anna@Nordlys.Example",
            "mailto:Anna@Nordlys.example",
            "MAILTO:anna@nordlys.example",
            "<anna@nordlys.example>",
            "  <Anna@nordlys.example> ",
        ] {
            assert_eq!(
                address(written).as_deref(),
                Some("anna@nordlys.example"),
                "{written}"
            );
        }
    }

    #[test]
    fn text_that_is_no_address_is_none() {
        for written in [
            "",
            "anna",
            "@nordlys.example",
            "anna@localhost",
            "anna smith@nordlys.example",
            "anna@nordlys.example\u{1b}[2J",
            "mailto:",
        ] {
            assert_eq!(address(written), None, "{written:?}");
        }
    }

    #[test]
    fn the_domain_is_after_the_last_at() {
        assert_eq!(domain_of("anna@nordlys.example"), Some("nordlys.example"));
        assert_eq!(
            domain_of("\"a@b\"@nordlys.example"),
            Some("nordlys.example")
        );
        assert_eq!(domain_of("no address"), None);
    }
}
