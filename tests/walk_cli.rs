//! `backspasm lift` and `backspasm walk ID` on the built binary: refused with exit 2 and a clear
//! message for an unknown id or when standard output is not a terminal.

mod common;

use common::cli::{backspasm, stderr};

#[test]
fn an_unknown_walkthrough_lists_the_ids() {
    let o = backspasm(&["walk", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "backspasm: unknown walkthrough \"nope\"; the walkthroughs are: lifting, pressure, needs\n"
    );
    assert!(o.stdout.is_empty());
}

#[test]
fn walkthroughs_refuse_a_pipe_like_the_guide() {
    for args in [&["lift"][..], &["walk", "pressure"]] {
        let o = backspasm(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains("not a terminal"), "{args:?}");
        assert!(stderr(&o).contains("backspasm print"));
        assert!(o.stdout.is_empty());
    }
}

#[test]
fn help_lists_lift_and_walk() {
    let o = backspasm(&["--help"]);
    let help = String::from_utf8(o.stdout).unwrap();
    assert!(help.contains("lift") && help.contains("walk"), "{help}");
    let o = backspasm(&["walk", "--help"]);
    assert!(String::from_utf8(o.stdout).unwrap().contains("<ID>"));
}
