//! `konto gifts check`, the "may I give this?" gate, on the table of cases the dashboard's
//! gift form runs too (src/ui/form/tests.rs): the same verdict, exit code and words.

use konto::rules::gift_gate::cases;

#[test]
fn the_gate_answers_every_case_with_its_exit_code_and_words() {
    let mut failures = Vec::new();
    for case in cases::all() {
        let book = cases::folder().join(&case.book);
        let value = case.value.to_string();
        let mut command = crate::support::konto_bin();
        command
            .env("KONTO_CACHE", "off")
            .args(["gifts", "check", &case.client, &case.recipient, &value])
            .args(["--data", book.to_str().unwrap(), "--today", cases::TODAY]);
        if let Some(date) = &case.date {
            command.args(["--date", date]);
        }
        if case.entertainment {
            command.arg("--entertainment");
        }
        if case.attended {
            command.arg("--attended");
        }
        let out = command.output().unwrap();
        let said = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        let code = out.status.code().unwrap_or(-1);
        let missing: Vec<&String> = case.says.iter().filter(|w| !said.contains(*w)).collect();
        let wrong: Vec<&String> = case.never.iter().filter(|w| said.contains(*w)).collect();
        if code != i32::from(case.exit) || !missing.is_empty() || !wrong.is_empty() {
            failures.push(format!(
                "{case:?}\n  exit {code}, missing {missing:?}, should not say {wrong:?}:\n{said}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn bad_input_is_exit_code_2_never_a_verdict() {
    let book = cases::folder().join("people.ron");
    for args in [
        &["gifts", "check", "nobody", "jorgen", "20"][..],
        &["gifts", "check", "fjord-shipping", " ", "20"],
    ] {
        let out = crate::support::konto_bin()
            .env("KONTO_CACHE", "off")
            .args(args)
            .args(["--data", book.to_str().unwrap(), "--today", cases::TODAY])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}
