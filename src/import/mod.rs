//! Bringing clients, people and deals in from other tools. Pure: bytes in, a new book and
//! a report out; the command line reads the files and saves the book.

pub mod accounts;
pub mod columns;
pub mod contacts;
pub mod csv;
pub mod opportunities;
pub mod values;
pub mod vcard;
