//! Money as whole cents: exact sums, stable serialisation, no float drift.

use std::fmt::{self, Write};
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub};

use rkyv::{Archive, Deserialize as FromArchive, Serialize as ToArchive};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An amount in the book's currency, stored as cents.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Archive,
    ToArchive,
    FromArchive,
)]
pub struct Money(i64);

impl Money {
    pub const ZERO: Money = Money(0);
    /// The largest amount read from text: 2^53 cents. A book's amounts are numbers in the
    /// file, and past this a number no longer holds every cent exactly.
    pub const MAX_EXACT: Money = Money(1 << 53);

    pub fn from_cents(cents: i64) -> Self {
        Money(cents)
    }

    pub fn from_units(units: i64) -> Self {
        Money(units.saturating_mul(100))
    }

    /// Rounds to the nearest cent; `None` for NaN, infinities and absurd magnitudes.
    pub fn from_f64(value: f64) -> Option<Self> {
        let cents = (value * 100.0).round();
        if cents.is_finite() && cents.abs() < 9.0e17 {
            #[expect(
                clippy::cast_possible_truncation,
                reason = "a finite whole number below 9e17 fits an i64 exactly"
            )]
            Some(Money(cents as i64))
        } else {
            None
        }
    }

    pub fn cents(self) -> i64 {
        self.0
    }

    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// To the nearest whole unit: for estimates, where cents would be false precision.
    pub fn round_to_units(self) -> Money {
        Money::from_f64(self.as_f64().round()).unwrap_or(self)
    }

    pub fn scale(self, factor: f64) -> Money {
        Money::from_f64(self.as_f64() * factor).unwrap_or(Money(if factor.is_sign_negative() {
            i64::MIN
        } else {
            i64::MAX
        }))
    }

    /// `1,234,567` or `1,234.50`: thousands separators, cents only when there are some.
    pub fn grouped(self) -> String {
        let negative = self.0 < 0;
        let abs = self.0.unsigned_abs();
        let units = abs / 100;
        let cents = abs % 100;
        let digits = units.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 4);
        if negative {
            out.push('-');
        }
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(ch);
        }
        if cents != 0 {
            // Writing into a String cannot fail.
            let _ = write!(out, ".{cents:02}");
        }
        out
    }

    /// `1.2M`, `420k`, `950`: for narrow columns.
    pub fn short(self) -> String {
        let units = self.as_f64();
        let abs = units.abs();
        let sign = if units < 0.0 { "-" } else { "" };
        if abs >= 1_000_000.0 {
            let m = abs / 1_000_000.0;
            if m >= 100.0 {
                format!("{sign}{m:.0}M")
            } else {
                format!("{sign}{}M", trim_decimal(m, 1))
            }
        } else if abs >= 1_000.0 {
            let k = abs / 1_000.0;
            if k >= 100.0 {
                format!("{sign}{k:.0}k")
            } else {
                format!("{sign}{}k", trim_decimal(k, 1))
            }
        } else {
            format!("{sign}{abs:.0}")
        }
    }

    /// Reads an amount typed by a person: `1200000`, `1,200,000`, `12.50`, `60k`, `1.2m`,
    /// with or without a currency (`$60k`, `USD 60,000`, `500 kr`). Refuses anything
    /// ambiguous (`12,5k`, `1.200,50`, `60 000`) or negative, saying why. Every amount
    /// field and command-line amount reads this way.
    pub fn parse(text: &str) -> Result<Money, String> {
        let money = Money::parse_unbounded(text)?;
        if money > Money::MAX_EXACT {
            return Err(format!(
                "{} is too large an amount (at most {})",
                text.trim(),
                Money::MAX_EXACT.grouped()
            ));
        }
        Ok(money)
    }

    fn parse_unbounded(text: &str) -> Result<Money, String> {
        let trimmed = without_currency(text.trim());
        if trimmed.is_empty() {
            return Err("enter an amount, e.g. 1200000, 60,000 or 60k".to_string());
        }
        if trimmed.starts_with('-') {
            return Err(format!("{trimmed} is negative; amounts cannot be negative"));
        }
        if let Some(scaled) = with_multiplier(trimmed) {
            return scaled;
        }
        let (whole, fraction) = match trimmed.split_once('.') {
            Some((whole, fraction)) => (whole, Some(fraction)),
            None => (trimmed, None),
        };
        let groups: Vec<&str> = whole.split(',').collect();
        let grouped_ok = groups.len() == 1
            || (!groups[0].is_empty()
                && groups[0].len() <= 3
                && groups[1..].iter().all(|g| g.len() == 3));
        let digits_ok = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        let fraction_ok = fraction.is_none_or(|f| f.len() <= 2 && digits_ok(f));
        if !grouped_ok || !groups.iter().all(|g| digits_ok(g)) || !fraction_ok {
            return Err(format!(
                "\"{trimmed}\" is not an amount: use digits, e.g. 12500, 12,500 or 12500.50"
            ));
        }
        let units: i64 = groups
            .concat()
            .parse()
            .map_err(|_| format!("{trimmed} is too large an amount"))?;
        let cents: i64 = match fraction {
            Some(f) if f.len() == 1 => f.parse::<i64>().unwrap_or(0) * 10,
            Some(f) => f.parse().unwrap_or(0),
            None => 0,
        };
        units
            .checked_mul(100)
            .and_then(|c| c.checked_add(cents))
            .map(Money)
            .ok_or_else(|| format!("{trimmed} is too large an amount"))
    }

    /// Amount with the book's currency code: `USD 1,234`.
    pub fn with_currency(self, currency: &str) -> String {
        format!("{currency} {}", self.grouped())
    }
}

/// `$60k` → `60k`, `USD 60,000` → `60,000`, `60,000 DKK` → `60,000`, `kr 500` → `500`.
fn without_currency(text: &str) -> &str {
    let text = text
        .trim_start_matches(['$', '€', '£', '¥'])
        .trim_end_matches(['$', '€', '£', '¥'])
        .trim();
    let is_code = |word: &str| {
        (word.len() == 3 && word.chars().all(|c| c.is_ascii_uppercase()))
            || word.eq_ignore_ascii_case("kr")
            || word.eq_ignore_ascii_case("kr.")
    };
    let text = match text.split_once(' ') {
        Some((code, rest)) if is_code(code) => rest.trim(),
        _ => text,
    };
    match text.rsplit_once(' ') {
        Some((rest, code)) if is_code(code) => rest.trim(),
        _ => text,
    }
}

/// `60k`, `1.2m`, `12.5K`: a plain number (digits, one optional decimal point) times a
/// thousand or a million. `None` when `text` has no such suffix.
fn with_multiplier(text: &str) -> Option<Result<Money, String>> {
    let (number, factor): (&str, i128) = match text.char_indices().last()? {
        (at, 'k' | 'K') => (&text[..at], 1_000),
        (at, 'm' | 'M') => (&text[..at], 1_000_000),
        _ => return None,
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) {
        return Some(Err(format!(
            "\"{text}\" is not an amount: use digits before k or m, e.g. 60k or 1.2m"
        )));
    }
    let scale = 10i128.checked_pow(u32::try_from(fraction.len()).ok()?)?;
    let parts = whole.parse::<i128>().ok().zip(if fraction.is_empty() {
        Some(0)
    } else {
        fraction.parse::<i128>().ok()
    });
    let cents = parts.and_then(|(whole, fraction)| {
        let exact = (whole * scale + fraction).checked_mul(factor * 100)?;
        (exact % scale == 0).then_some(exact / scale)
    });
    Some(match cents.and_then(|c| i64::try_from(c).ok()) {
        Some(cents) => Ok(Money(cents)),
        None => Err(format!("{text} is too large or too precise an amount")),
    })
}

impl Money {
    /// `1.2E+06`, `3e5`: a plain number (digits, one optional decimal point) times a
    /// power of ten, as spreadsheets export large amounts (people never type them, so
    /// [`Money::parse`] does not read them). Exact, to the cent, or refused; at most
    /// [`Money::MAX_EXACT`]. `None` when `text` is not written so.
    pub fn parse_exponent(text: &str) -> Option<Result<Money, String>> {
        let read = with_exponent(text)?;
        Some(read.and_then(|money| {
            if money > Money::MAX_EXACT {
                Err(format!("{text} is too large an amount"))
            } else {
                Ok(money)
            }
        }))
    }
}

fn with_exponent(text: &str) -> Option<Result<Money, String>> {
    let (mantissa, exponent) = text.split_once(['e', 'E'])?;
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let power = exponent.strip_prefix('+').unwrap_or(exponent);
    let power_digits = power.strip_prefix('-').unwrap_or(power);
    if !digits(whole) || !(fraction.is_empty() || digits(fraction)) || !digits(power_digits) {
        return None;
    }
    let too_large = || format!("{text} is too large an amount");
    let Ok(power) = power.parse::<i32>() else {
        return Some(Err(too_large()));
    };
    let significant: i128 = match format!("{whole}{fraction}").parse() {
        Ok(n) => n,
        Err(_) => return Some(Err(too_large())),
    };
    // cents = significant × 10^(power − decimals + 2)
    let shift = i64::from(power) - i64::try_from(fraction.len()).ok()? + 2;
    let cents = if shift >= 0 {
        u32::try_from(shift)
            .ok()
            .and_then(|s| 10i128.checked_pow(s))
            .and_then(|scale| significant.checked_mul(scale))
    } else {
        let scale = u32::try_from(-shift)
            .ok()
            .and_then(|s| 10i128.checked_pow(s));
        match scale {
            Some(scale) if significant % scale == 0 => Some(significant / scale),
            _ if significant == 0 => Some(0),
            _ => {
                return Some(Err(format!(
                    "{text} is finer than a cent; amounts have at most two decimals"
                )));
            }
        }
    };
    Some(
        cents
            .and_then(|c| i64::try_from(c).ok())
            .map(Money)
            .ok_or_else(too_large),
    )
}

fn trim_decimal(value: f64, places: usize) -> String {
    let text = format!("{value:.places$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.grouped())
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0.saturating_add(rhs.0))
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        *self = *self + rhs;
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0.saturating_sub(rhs.0))
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(self.0.saturating_neg())
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

impl<'a> Sum<&'a Money> for Money {
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Money {
        iter.copied().sum()
    }
}

/// Whole amounts are written as integers (`420000`), others as decimals (`12.5`),
/// so a hand-written file keeps its look after a save.
impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0 % 100 == 0 {
            serializer.serialize_i64(self.0 / 100)
        } else {
            serializer.serialize_f64(self.as_f64())
        }
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(MoneyVisitor)
    }
}

struct MoneyVisitor;

impl Visitor<'_> for MoneyVisitor {
    type Value = Money;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an amount such as 1200 or 12.50")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Money, E> {
        v.checked_mul(100)
            .map(Money)
            .ok_or_else(|| E::custom(format!("{v} is too large an amount")))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Money, E> {
        i64::try_from(v)
            .map_err(|_| E::custom(format!("{v} is too large an amount")))
            .and_then(|v| self.visit_i64(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Money, E> {
        // Rounding would change the amount on the next save, and a tiny negative amount
        // would round to zero and pass as not negative: both are refused instead.
        if v < 0.0 {
            return Err(E::custom(format!(
                "{v} is negative; amounts cannot be negative"
            )));
        }
        let cents = v * 100.0;
        if (cents - cents.round()).abs() > 1e-6 + cents.abs() * 1e-12 {
            return Err(E::custom(format!(
                "{v} has more than two decimals; amounts are kept to the cent (e.g. 12.50)"
            )));
        }
        Money::from_f64(v).ok_or_else(|| E::custom(format!("{v} is not a usable amount")))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Money, E> {
        Err(E::custom(format!(
            "\"{v}\" is text, but an amount must be a plain number such as 1200 or 12.50 (no quotes)"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands_and_shows_cents_only_when_present() {
        assert_eq!(Money::from_units(1_234_567).grouped(), "1,234,567");
        assert_eq!(Money::from_units(999).grouped(), "999");
        assert_eq!(Money::from_units(1000).grouped(), "1,000");
        assert_eq!(Money::from_cents(123_450).grouped(), "1,234.50");
        assert_eq!(Money::from_units(-45_000).grouped(), "-45,000");
        assert_eq!(Money::ZERO.grouped(), "0");
    }

    #[test]
    fn short_form_for_narrow_columns() {
        assert_eq!(Money::from_units(1_200_000).short(), "1.2M");
        assert_eq!(Money::from_units(420_000).short(), "420k");
        assert_eq!(Money::from_units(12_500).short(), "12.5k");
        assert_eq!(Money::from_units(950).short(), "950");
        assert_eq!(Money::from_units(3_000_000).short(), "3M");
    }

    #[test]
    fn parses_typed_amounts_and_refuses_ambiguous_ones() {
        assert_eq!(Money::parse("1200000"), Ok(Money::from_units(1_200_000)));
        assert_eq!(
            Money::parse(" 1,200,000 "),
            Ok(Money::from_units(1_200_000))
        );
        assert_eq!(Money::parse("12.5"), Ok(Money::from_cents(1250)));
        assert_eq!(Money::parse("0.05"), Ok(Money::from_cents(5)));
        for bad in [
            "12,5k", "-40", "1.200,50", "12,50", "abc", "", "1.234", "1,2345", ",100",
        ] {
            assert!(Money::parse(bad).is_err(), "{bad} should be refused");
        }
        assert!(Money::parse("-40").unwrap_err().contains("negative"));
    }

    #[test]
    fn reads_thousands_millions_and_currencies_as_typed() {
        let units = Money::from_units;
        assert_eq!(Money::parse("60k"), Ok(units(60_000)));
        assert_eq!(Money::parse("12.5K"), Ok(units(12_500)));
        assert_eq!(Money::parse("1.2m"), Ok(units(1_200_000)));
        assert_eq!(Money::parse("$60k"), Ok(units(60_000)));
        assert_eq!(Money::parse("€ 25.50"), Ok(Money::from_cents(2550)));
        assert_eq!(Money::parse("USD 60,000"), Ok(units(60_000)));
        assert_eq!(Money::parse("60,000 DKK"), Ok(units(60_000)));
        assert_eq!(Money::parse("kr 500"), Ok(units(500)));
        assert_eq!(Money::parse("1.23456k"), Ok(Money::from_cents(123_456)));
        for bad in ["12,5k", "k", "1.2.3m", "1.234567k", "-5k", "60 000", "1e3"] {
            assert!(Money::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn rounds_floats_to_cents() {
        assert_eq!(Money::from_f64(0.1 + 0.2), Some(Money::from_cents(30)));
        assert_eq!(Money::from_f64(f64::NAN), None);
        assert_eq!(Money::from_units(1000).scale(0.05), Money::from_units(50));
    }

    #[test]
    fn reads_integers_and_decimals_and_writes_them_back_alike() {
        let whole: Money = ron::from_str("420000").unwrap();
        assert_eq!(whole, Money::from_units(420_000));
        let decimal: Money = ron::from_str("12.5").unwrap();
        assert_eq!(decimal, Money::from_cents(1250));
        assert_eq!(ron::to_string(&whole).unwrap(), "420000");
        assert_eq!(ron::to_string(&decimal).unwrap(), "12.5");
    }

    #[test]
    fn refuses_amounts_it_could_not_keep_exactly() {
        let err = ron::from_str::<Money>("12.345").unwrap_err().to_string();
        assert!(err.contains("more than two decimals"), "{err}");
        let err = ron::from_str::<Money>("-0.001").unwrap_err().to_string();
        assert!(err.contains("negative"), "{err}");
        for fine in ["0.29", "1234567.89", "99999999999.99", "0.1", "7.00"] {
            let money: Money = ron::from_str(fine).unwrap();
            let back: Money = ron::from_str(&ron::to_string(&money).unwrap()).unwrap();
            assert_eq!(money, back, "{fine}");
        }
    }

    #[test]
    fn rejects_quoted_amounts_with_a_plain_message() {
        let err = ron::from_str::<Money>("\"12,5k\"").unwrap_err();
        assert!(err.to_string().contains("must be a plain number"), "{err}");
    }
}
