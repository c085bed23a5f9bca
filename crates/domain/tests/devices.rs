//! Step 6: corporate device identifiers and their import.

mod common;
use common::*;
use domain::devices::{luhn_digit, parse_devices, parse_identifier, IdentifierError, ImportError};
use domain::*;

#[test]
fn luhn_and_identifier_rules() {
    // A documented example IMEI: 49015420323751 + check digit 8.
    assert_eq!(luhn_digit(&[4, 9, 0, 1, 5, 4, 2, 0, 3, 2, 3, 7, 5, 1]), 8);
    assert_eq!(
        parse_identifier("49-015420-323751-8"),
        Ok((DeviceKind::Imei, "490154203237518".into()))
    );
    assert_eq!(
        parse_identifier(" 4901 5420 3237 518 "),
        Ok((DeviceKind::Imei, "490154203237518".into()))
    );
    assert_eq!(
        parse_identifier("490154203237519"),
        Err(IdentifierError::BadCheckDigit {
            value: "490154203237519".into(),
            found: '9',
            expected: '8'
        })
    );
    assert!(matches!(
        parse_identifier("4901-5420-3237"),
        Err(IdentifierError::ImeiLength { digits: 12, .. })
    ));
    assert!(matches!(
        parse_identifier("4901542032375189"),
        Err(IdentifierError::ImeiLength { digits: 16, .. })
    ));
    assert_eq!(
        parse_identifier("c02xk1abjg5h"),
        Ok((DeviceKind::Serial, "C02XK1ABJG5H".into()))
    );
    assert_eq!(
        parse_identifier("ABCD"),
        Ok((DeviceKind::Serial, "ABCD".into()))
    );
    assert!(matches!(
        parse_identifier("ABC"),
        Err(IdentifierError::SerialLength { chars: 3, .. })
    ));
    assert_eq!(
        parse_identifier(&"A".repeat(30)).map(|p| p.0),
        Ok(DeviceKind::Serial)
    );
    assert!(matches!(
        parse_identifier(&"A".repeat(31)),
        Err(IdentifierError::SerialLength { chars: 31, .. })
    ));
    assert!(matches!(
        parse_identifier("AB_CD"),
        Err(IdentifierError::SerialCharacter { character: '_', .. })
    ));
    assert!(matches!(
        parse_identifier("ABC-DEF"),
        Err(IdentifierError::SerialCharacter { character: '-', .. })
    ));
    assert!(matches!(
        parse_identifier("ÄBCD"),
        Err(IdentifierError::SerialCharacter {
            character: 'Ä', ..
        })
    ));
    assert_eq!(parse_identifier("   "), Err(IdentifierError::Empty));
}

#[test]
fn csv_edge_cases() {
    let good = imei("35209900176148");
    let text = format!(
        "\u{feff}IMEI,Description\r\n{good},\"Reception, desk 2\"\r\n\r\n  \r\n\"C02XK1ABJG5H\";\"He said \"\"hi\"\"\"\r\nABCD1234\tspare\n"
    );
    let import = parse_devices(&text, &[]).expect("parsed");
    assert_eq!(import.header_line, Some(1));
    assert!(import.problems.is_empty(), "{:?}", import.problems);
    let lines: Vec<_> = import
        .devices
        .iter()
        .map(|d| (d.line, d.identifier.as_str(), d.description.as_str()))
        .collect();
    assert_eq!(
        lines,
        vec![
            (2, good.as_str(), "Reception, desk 2"),
            (5, "C02XK1ABJG5H", "He said \"hi\""),
            (6, "ABCD1234", "spare"),
        ]
    );
    // A header is only recognised on the first line; quotes must close.
    let import =
        parse_devices("ABCD1234\nserial\n\"ABCD5678,x\nEFGH1234,a,b\n", &[]).expect("parsed");
    assert_eq!(import.header_line, None);
    let problems: Vec<_> = import.problems.iter().map(|p| p.line).collect();
    assert_eq!(problems, vec![3, 4]);
    assert!(import.problems[0].reason.contains("not closed"));
    assert!(import.problems[1].reason.contains("3 values"));
    assert_eq!(
        import.devices.len(),
        2,
        "serial is a valid 6-letter serial number on line 2"
    );
    assert_eq!(
        parse_devices("\n\r\n  \n", &[]),
        Err(ImportError::NothingToImport)
    );
    assert_eq!(
        parse_devices("IMEI\n", &[]),
        Err(ImportError::NothingToImport)
    );
}

#[test]
fn duplicates_in_the_file_and_against_the_list_are_reported() {
    let s = ok(
        &ready(),
        Command::ImportDevices {
            text: "ABCD1234".into(),
            skip_invalid: false,
        },
    );
    let import =
        parse_devices("abcd1234\nEFGH5678\nefgh5678\n", &s.enrollment.devices).expect("parsed");
    let reasons: Vec<_> = import
        .problems
        .iter()
        .map(|p| (p.line, p.reason.clone()))
        .collect();
    assert_eq!(
        reasons,
        vec![
            (
                1,
                "ABCD1234 is already in the list of corporate devices.".to_string()
            ),
            (3, "EFGH5678 is a duplicate of line 2.".to_string()),
        ]
    );
}

#[test]
fn a_list_with_bad_lines_imports_nothing_unless_skipping_is_chosen() {
    let s = ready();
    let text = format!("{}\n490154203237519\nWXYZ9876\n", imei("35209900176148"));
    let e = err(
        &s,
        Command::ImportDevices {
            text: text.clone(),
            skip_invalid: false,
        },
    );
    let message = e.to_string();
    assert!(
        message.contains("Nothing was imported") && message.contains("line 2"),
        "{message}"
    );
    let s2 = ok(
        &s,
        Command::ImportDevices {
            text,
            skip_invalid: true,
        },
    );
    assert_eq!(s2.enrollment.devices.len(), 2);
    assert!(matches!(
        err(
            &s2,
            Command::ImportDevices {
                text: "bad_one\nABC\n".into(),
                skip_invalid: true
            }
        ),
        DomainError::Enrollment(EnrollmentError::Devices(ImportError::NoValidLines { .. }))
    ));
    let s3 = ok(
        &s2,
        Command::RemoveDevice {
            identifier: "wxyz9876".into(),
        },
    );
    assert_eq!(s3.enrollment.devices.len(), 1);
    assert!(matches!(
        err(
            &s3,
            Command::RemoveDevice {
                identifier: "WXYZ9876".into()
            }
        ),
        DomainError::Enrollment(EnrollmentError::UnknownDevice { .. })
    ));
    assert!(ok(&s3, Command::ClearDevices).enrollment.devices.is_empty());
}

#[test]
fn ten_thousand_lines_import_and_more_are_refused() {
    let s = ready();
    let lines: Vec<String> = (0..devices::MAX_IMPORT_LINES)
        .map(|i| format!("SN{i:08}"))
        .collect();
    let s = ok(
        &s,
        Command::ImportDevices {
            text: lines.join("\n"),
            skip_invalid: false,
        },
    );
    assert_eq!(s.enrollment.devices.len(), devices::MAX_IMPORT_LINES);
    let more: Vec<String> = (0..=devices::MAX_IMPORT_LINES)
        .map(|i| format!("XN{i:08}"))
        .collect();
    assert!(matches!(
        parse_devices(&more.join("\n"), &[]),
        Err(ImportError::TooManyLines {
            lines: 10_001,
            max: 10_000
        })
    ));
}
