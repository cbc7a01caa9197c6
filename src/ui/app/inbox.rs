//! Capture at launch and the inbox: what the calendars and mailboxes showed is logged as
//! a change per client (each undoable), and the addresses nobody in the book has wait in
//! the inbox, grouped by domain, to be added as a contact or ignored for good.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{App, Arc, ClientChange, Effect, Modal};
use crate::capture::log::{self, Report};
use crate::capture::{Found, Me, domain_of};
use crate::text::plural;
use crate::ui::Action;
use crate::ui::form::ContactForm;
use crate::ui::modal::{InboxRow, InboxView};
use crate::ui::store::Swap;

/// Each domain's addresses: (address, items, the client's id).
type DomainRows<'a> = BTreeMap<&'a str, Vec<(&'a String, usize, Option<&'a String>)>>;

/// What waits for capture at launch to finish.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AfterCapture {
    #[default]
    Nothing,
    /// The morning reminders, so they count the contact capture finds.
    OpenReminders,
}

impl App {
    /// The inbox as it stands: unknown addresses not ignored and not a contact since,
    /// under their domains.
    fn inbox_rows(&self) -> Vec<InboxRow> {
        let known: std::collections::HashSet<String> = self
            .book()
            .clients
            .iter()
            .flat_map(|c| c.contacts.iter())
            .filter_map(|p| p.email.as_deref().map(str::to_lowercase))
            .collect();
        let mut by_domain: DomainRows = BTreeMap::new();
        for (address, (items, client)) in &self.inbox.unknown {
            if self.inbox.ignored.contains(address) || known.contains(address) {
                continue;
            }
            let domain = domain_of(address).unwrap_or_default();
            by_domain
                .entry(domain)
                .or_default()
                .push((address, *items, client.as_ref()));
        }
        let mut rows = Vec::new();
        for (domain, addresses) in by_domain {
            let client = addresses
                .iter()
                .find_map(|(_, _, c)| *c)
                .and_then(|id| self.index_of(id))
                .map(|i| self.book().clients[i].name.clone());
            rows.push(InboxRow::Domain {
                domain: domain.to_string(),
                client,
            });
            rows.extend(
                addresses
                    .into_iter()
                    .map(|(address, items, client)| InboxRow::Address {
                        address: address.clone(),
                        items,
                        client_id: client.cloned(),
                    }),
            );
        }
        rows
    }

    pub(super) fn open_inbox(&mut self) {
        let rows = self.inbox_rows();
        if rows.is_empty() {
            self.message = Some(
                "The inbox is empty: capture lists the addresses it meets that are nobody's here"
                    .to_string(),
            );
            return;
        }
        self.modals
            .push(Modal::Inbox(InboxView { rows, selected: 0 }));
    }

    /// After the book or the inbox changed: the open inbox lists what is left (someone
    /// just added as a contact goes), and closes when nothing is.
    pub(super) fn refresh_inbox(&mut self) {
        let Some(at) = self
            .modals
            .iter()
            .position(|m| matches!(m, Modal::Inbox(_)))
        else {
            return;
        };
        let rows = self.inbox_rows();
        if rows.is_empty() {
            self.modals.remove(at);
        } else if let Some(Modal::Inbox(view)) = self.modals.get_mut(at) {
            view.rows = rows;
            view.selected = view.selected.min(view.addresses().len().saturating_sub(1));
        }
    }

    /// Capture read its sources: log what they showed onto the book as it is now.
    pub(super) fn captured(&mut self, found: &Found, me: &Me) -> Vec<Effect> {
        let mut book = self.store.book().clone();
        let report = log::apply(&mut book, found, me, self.today);
        let mut effects = Vec::new();
        // Every client it touched, as one undo step.
        let swaps: Vec<Swap> = self
            .store
            .book()
            .clients
            .shared()
            .iter()
            .zip(book.clients.shared())
            .enumerate()
            .filter(|(_, (before, after))| !crate::model::same(before, after))
            .map(|(index, (before, after))| Swap {
                before: Some((index, Arc::clone(before))),
                after: Some((index, Arc::clone(after))),
            })
            .collect();
        if let Some(first) = swaps.first().and_then(|s| s.after.as_ref()) {
            let label = match swaps.len() {
                1 => format!("captured contact with {}", first.1.name),
                n => format!("captured contact with {n} clients"),
            };
            effects.extend(self.change(ClientChange { label, swaps }));
        }
        self.message = Some(capture_message(&report));
        let unknown: Vec<(String, usize, Option<String>, Option<String>)> = report
            .unknown
            .iter()
            .map(|u| {
                (
                    u.address.clone(),
                    u.items,
                    u.client_id.clone(),
                    u.name.clone(),
                )
            })
            .collect();
        for (address, items, client, name) in &unknown {
            if let Some(name) = name {
                self.inbox.names.insert(address.clone(), name.clone());
            }
            if !self.inbox.ignored.contains(address) {
                let entry = self
                    .inbox
                    .unknown
                    .entry(address.clone())
                    .or_insert((0, None));
                entry.0 = entry.0.max(*items);
                entry.1 = client.clone().or(entry.1.take());
            }
        }
        if !unknown.is_empty() {
            self.refresh_inbox();
            effects.push(Effect::RememberUnknown(unknown));
        }
        effects.extend(self.remind_after_capture());
        effects
    }

    pub(super) fn capture_failed(&mut self, error: &str) -> Vec<Effect> {
        self.message = Some(format!("Capture did not run: {error}"));
        self.remind_after_capture()
    }

    /// The morning reminders held back until capture was done, so they count its contact.
    fn remind_after_capture(&mut self) -> Vec<Effect> {
        let after = std::mem::take(&mut self.after_capture);
        if after == AfterCapture::OpenReminders && self.open_reminders() {
            return vec![Effect::RemindersShown];
        }
        Vec::new()
    }

    /// Keys in the inbox: move, add the address as a contact, ignore it, close.
    pub(super) fn inbox_key(&mut self, action: Action) -> Vec<Effect> {
        let Some(Modal::Inbox(view)) = self.modals.last_mut() else {
            return Vec::new();
        };
        let last = view.addresses().len().saturating_sub(1);
        view.selected = view.selected.min(last);
        let picked = view
            .addresses()
            .get(view.selected)
            .map(|(address, client)| (address.to_string(), client.map(str::to_string)));
        match action {
            Action::Up => view.selected = view.selected.saturating_sub(1),
            Action::Down => view.selected = (view.selected + 1).min(last),
            Action::Back => {
                self.modals.pop();
            }
            Action::AddContact => {
                if let Some((address, client)) = picked {
                    self.add_from_inbox(&address, client.as_deref());
                }
            }
            Action::IgnoreAddress => {
                if let Some((address, _)) = picked {
                    self.inbox.unknown.remove(&address);
                    self.inbox.ignored.insert(address.clone());
                    self.message = Some(format!("{address} will not be listed again"));
                    self.refresh_inbox();
                    return vec![Effect::IgnoreAddress(address)];
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// The contact form at the address's client, or the finder to pick the client first.
    fn add_from_inbox(&mut self, address: &str, client: Option<&str>) {
        // The name the calendar or mail gave, else one made from the address.
        let name = self
            .inbox
            .names
            .get(address)
            .cloned()
            .unwrap_or_else(|| name_from(address));
        if let Some(index) = client.and_then(|id| self.index_of(id)) {
            let form = ContactForm::add_person(&self.shared_client(index), &name, address);
            self.open_form(form);
        } else {
            let finder = crate::ui::modal::Finder {
                add_person: Some((name, address.to_string())),
                ..crate::ui::modal::Finder::default()
            };
            self.modals.push(Modal::Finder(Box::new(finder)));
        }
    }
}

/// `captured 3 meetings, 12 emails` (and what waits in the inbox).
fn capture_message(report: &Report) -> String {
    use crate::capture::ActivityKind;
    let mut message = format!(
        "Captured {}, {}",
        plural(report.count(ActivityKind::Meeting), "meeting", "meetings"),
        plural(report.count(ActivityKind::Email), "email", "emails")
    );
    if !report.unknown.is_empty() {
        let _ = write!(
            message,
            " · {} in the inbox (i)",
            plural(report.unknown.len(), "unknown address", "unknown addresses")
        );
    }
    // A check-in capture moved to a meeting ahead is said, never done silently.
    match report.next_meetings.len() {
        0 => {}
        1 => message.push_str(" · 1 check-in moved to a meeting ahead"),
        n => {
            let _ = write!(message, " · {n} check-ins moved to meetings ahead");
        }
    }
    message
}

/// `Lars Berg` from `lars.berg@nordlys.example`: a start the user corrects.
fn name_from(address: &str) -> String {
    let local = address.split('@').next().unwrap_or_default();
    local
        .split(['.', '_', '-'])
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_guessed_from_the_address() {
        assert_eq!(name_from("lars.berg@nordlys.example"), "Lars Berg");
        assert_eq!(name_from("tomasz_lis-2@x.example"), "Tomasz Lis 2");
    }
}
