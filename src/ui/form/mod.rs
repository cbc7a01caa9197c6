//! The form system: `fields` holds the inputs a form is made of (text and choices, as the
//! user types), `kinds` what each form is for, how its fields are checked and the change
//! a valid form makes.

pub mod fields;
pub mod kinds;

pub use fields::{Field, FieldKind, Form, FormKey};
pub use kinds::{FormState, Purpose, open, refresh, submit};
