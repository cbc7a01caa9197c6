//! How the model is laid out in the cache's binary copies: derived from the model's own
//! types (`rkyv`), so that a field added to the model is in the copies without another
//! edit. Only the dates need a word: chrono's `NaiveDate` has no binary layout of its
//! own, so it is kept as its day number.

use chrono::{Datelike, NaiveDate};
use rkyv::rancor::{Fallible, Source};
use rkyv::with::{ArchiveWith, DeserializeWith, SerializeWith};
use rkyv::{Archive, Archived, Place};

/// A date kept as its day number from the start of the common era
/// (`#[rkyv(with = DayNumber)]`, or `Map<DayNumber>` for an optional date).
pub struct DayNumber;

/// A day number no calendar has: a damaged copy, refused.
#[derive(Debug, thiserror::Error)]
#[error("day number {0} is no date")]
struct NoSuchDay(i32);

impl ArchiveWith<NaiveDate> for DayNumber {
    type Archived = Archived<i32>;
    type Resolver = ();

    fn resolve_with(field: &NaiveDate, resolver: Self::Resolver, out: Place<Self::Archived>) {
        field.num_days_from_ce().resolve(resolver, out);
    }
}

impl<S: Fallible + ?Sized> SerializeWith<NaiveDate, S> for DayNumber {
    fn serialize_with(_: &NaiveDate, _: &mut S) -> Result<Self::Resolver, S::Error> {
        Ok(())
    }
}

impl<D> DeserializeWith<Archived<i32>, NaiveDate, D> for DayNumber
where
    D: Fallible + ?Sized,
    D::Error: Source,
{
    fn deserialize_with(field: &Archived<i32>, _: &mut D) -> Result<NaiveDate, D::Error> {
        let days = field.to_native();
        NaiveDate::from_num_days_from_ce_opt(days).ok_or_else(|| D::Error::new(NoSuchDay(days)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rkyv::rancor::Failure;

    /// A date as the layout keeps it.
    #[derive(Debug, PartialEq, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
    struct Dated {
        #[rkyv(with = DayNumber)]
        on: NaiveDate,
    }

    /// The same bytes with any day number in them.
    #[derive(rkyv::Archive, rkyv::Serialize)]
    struct Days {
        on: i32,
    }

    #[test]
    fn a_date_comes_back_as_it_was() {
        for on in [NaiveDate::MIN, NaiveDate::MAX, NaiveDate::default()] {
            let bytes = rkyv::to_bytes::<Failure>(&Dated { on }).unwrap();
            assert_eq!(rkyv::from_bytes::<Dated, Failure>(&bytes), Ok(Dated { on }));
        }
    }

    #[test]
    fn a_day_number_no_calendar_has_is_refused() {
        let past_the_last = NaiveDate::MAX.num_days_from_ce() + 1;
        for on in [past_the_last, i32::MAX, i32::MIN] {
            let bytes = rkyv::to_bytes::<Failure>(&Days { on }).unwrap();
            assert!(rkyv::from_bytes::<Dated, Failure>(&bytes).is_err(), "{on}");
        }
    }
}
