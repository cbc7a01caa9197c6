//! The book's clients, each behind an `Arc`: a copy of the book (an undo step, the saver's
//! snapshot, a form's base, the merge base) shares every client, and changing one client
//! copies that client alone (`Arc::make_mut`). Reads see plain `Client`s; in the file the
//! list is written as it always was.

use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Client;

#[derive(Debug, Clone, Default)]
pub struct Clients(Vec<Arc<Client>>);

impl Clients {
    pub fn new() -> Clients {
        Clients(Vec::new())
    }

    pub fn with_capacity(capacity: usize) -> Clients {
        Clients(Vec::with_capacity(capacity))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Client> + ExactSizeIterator + Clone {
        self.0.iter().map(|c| &**c)
    }

    /// Each client to change: a client shared with another copy of the book is copied
    /// first (only when the book is shared; a book just read is not).
    pub fn iter_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut Client> {
        self.0.iter_mut().map(Arc::make_mut)
    }

    pub fn get(&self, index: usize) -> Option<&Client> {
        self.0.get(index).map(|c| &**c)
    }

    pub fn get_mut(&mut self, index: usize) -> Option<&mut Client> {
        self.0.get_mut(index).map(Arc::make_mut)
    }

    pub fn first(&self) -> Option<&Client> {
        self.get(0)
    }

    pub fn last(&self) -> Option<&Client> {
        self.0.last().map(|c| &**c)
    }

    pub fn push(&mut self, client: Client) {
        self.0.push(Arc::new(client));
    }

    pub fn insert(&mut self, index: usize, client: Client) {
        self.0.insert(index, Arc::new(client));
    }

    /// Puts `client` at `index` in place of the one there (never copying that one).
    pub fn set(&mut self, index: usize, client: Client) {
        self.0[index] = Arc::new(client);
    }

    /// Replaces the client at `index`, giving back the one it replaced.
    pub fn replace(&mut self, index: usize, client: Client) -> Client {
        Arc::unwrap_or_clone(std::mem::replace(&mut self.0[index], Arc::new(client)))
    }

    pub fn remove(&mut self, index: usize) -> Client {
        Arc::unwrap_or_clone(self.0.remove(index))
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&Client) -> bool) {
        self.0.retain(|c| keep(c));
    }

    pub fn swap(&mut self, a: usize, b: usize) {
        self.0.swap(a, b);
    }

    pub fn truncate(&mut self, len: usize) {
        self.0.truncate(len);
    }

    /// The shared clients themselves: two books' clients are the same client when they
    /// are the same `Arc` (a merge or a save skips those without comparing them).
    pub fn shared(&self) -> &[Arc<Client>] {
        &self.0
    }

    /// Puts the shared `client` at `index` (taken from another copy of the book).
    pub fn put_shared(&mut self, index: usize, client: Arc<Client>) {
        self.0[index] = client;
    }

    pub fn push_shared(&mut self, client: Arc<Client>) {
        self.0.push(client);
    }

    pub fn insert_shared(&mut self, index: usize, client: Arc<Client>) {
        self.0.insert(index, client);
    }
}

/// The same client: one `Arc`, or equal.
pub fn same(a: &Arc<Client>, b: &Arc<Client>) -> bool {
    Arc::ptr_eq(a, b) || a == b
}

impl PartialEq for Clients {
    fn eq(&self, other: &Clients) -> bool {
        self.0.len() == other.0.len() && self.0.iter().zip(&other.0).all(|(a, b)| same(a, b))
    }
}

impl PartialEq<[Client]> for Clients {
    fn eq(&self, other: &[Client]) -> bool {
        self.iter().eq(other.iter())
    }
}

impl<const N: usize> PartialEq<[Client; N]> for Clients {
    fn eq(&self, other: &[Client; N]) -> bool {
        *self == other[..]
    }
}

impl PartialEq<Vec<Client>> for Clients {
    fn eq(&self, other: &Vec<Client>) -> bool {
        *self == other[..]
    }
}

impl std::ops::Index<usize> for Clients {
    type Output = Client;

    fn index(&self, index: usize) -> &Client {
        &self.0[index]
    }
}

impl std::ops::IndexMut<usize> for Clients {
    /// The client to change, copied first when shared.
    fn index_mut(&mut self, index: usize) -> &mut Client {
        Arc::make_mut(&mut self.0[index])
    }
}

impl From<Vec<Client>> for Clients {
    fn from(clients: Vec<Client>) -> Clients {
        clients.into_iter().collect()
    }
}

impl FromIterator<Client> for Clients {
    fn from_iter<I: IntoIterator<Item = Client>>(clients: I) -> Clients {
        Clients(clients.into_iter().map(Arc::new).collect())
    }
}

impl FromIterator<Arc<Client>> for Clients {
    fn from_iter<I: IntoIterator<Item = Arc<Client>>>(clients: I) -> Clients {
        Clients(clients.into_iter().collect())
    }
}

impl Extend<Client> for Clients {
    fn extend<I: IntoIterator<Item = Client>>(&mut self, clients: I) {
        self.0.extend(clients.into_iter().map(Arc::new));
    }
}

impl<'a> IntoIterator for &'a Clients {
    type Item = &'a Client;
    type IntoIter = std::iter::Map<std::slice::Iter<'a, Arc<Client>>, fn(&Arc<Client>) -> &Client>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|c| &**c)
    }
}

impl<'a> IntoIterator for &'a mut Clients {
    type Item = &'a mut Client;
    type IntoIter =
        std::iter::Map<std::slice::IterMut<'a, Arc<Client>>, fn(&mut Arc<Client>) -> &mut Client>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter_mut().map(Arc::make_mut)
    }
}

impl IntoIterator for Clients {
    type Item = Client;
    type IntoIter = std::iter::Map<std::vec::IntoIter<Arc<Client>>, fn(Arc<Client>) -> Client>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter().map(Arc::unwrap_or_clone)
    }
}

impl Serialize for Clients {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Clients {
    /// Each client shared, and its lists trimmed, as soon as it is read: no list of whole
    /// clients beside the shared ones, and one client's spare room is reused by the next.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Clients, D::Error> {
        struct Each;
        impl<'de> serde::de::Visitor<'de> for Each {
            type Value = Clients;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of clients")
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Clients, A::Error> {
                // A hint is the reader's guess: never trusted for more than a few.
                let mut clients = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(mut client) = seq.next_element::<Client>()? {
                    client.shrink_to_fit();
                    clients.push(Arc::new(client));
                }
                Ok(Clients(clients))
            }
        }
        deserializer.deserialize_seq(Each)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_shares_every_client_and_a_change_copies_one() {
        let mut book: Clients = vec![Client::new("a", "A"), Client::new("b", "B")].into();
        let copy = book.clone();
        book[1].name = "B2".into();
        assert!(
            Arc::ptr_eq(&book.shared()[0], &copy.shared()[0]),
            "a is shared"
        );
        assert!(
            !Arc::ptr_eq(&book.shared()[1], &copy.shared()[1]),
            "b was copied"
        );
        assert_eq!(copy[1].name, "B");
        assert_ne!(book, copy);
    }
}
