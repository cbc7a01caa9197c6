//! First run: nothing is written until the user chooses how to start.

use super::form::Form;

#[derive(Debug)]
pub enum Welcome {
    Choose,
    /// Starting an empty book: the owner's name, currency and quota
    /// ([`NewBookForm`](super::form::NewBookForm)).
    NewBook(Box<Form>),
}
