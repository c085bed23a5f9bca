//! Property tests of the DNS wire codec: answers the test writes itself
//! (with and without compression, aliases, records of other types, names and
//! classes, text that is not UTF-8) are read back exactly; every truncation,
//! pointer loop, inflated count, over-long text, wrong id or wrong question
//! is refused with its error; and no input at all makes the reader panic.

use domain::dns_wire::{
    doh_get_parameter, parse_answer, query, Answer, Record, RecordType, WireError,
};
use domain::DomainName;
use proptest::prelude::*;
use proptest::sample::Index;

fn label() -> impl Strategy<Value = String> {
    prop_oneof!["[a-z0-9]", "[a-z0-9][a-z0-9-]{0,14}[a-z0-9]"]
}

fn name() -> impl Strategy<Value = DomainName> {
    prop::collection::vec(label(), 2..4)
        .prop_map(|labels| DomainName::parse(&labels.join(".")).expect("valid name"))
}

fn qtype() -> impl Strategy<Value = RecordType> {
    prop_oneof![Just(RecordType::Txt), Just(RecordType::Cname)]
}

/// A TXT record's character-strings: printable text, or any bytes.
fn strings() -> impl Strategy<Value = Vec<Vec<u8>>> {
    let one = prop_oneof![
        "[ -~]{0,40}".prop_map(String::into_bytes),
        prop::collection::vec(any::<u8>(), 0..=255),
    ];
    prop::collection::vec(one, 0..4)
}

/// One record of the answer section, after the aliases (if any).
#[derive(Debug, Clone)]
enum Spec {
    /// A TXT record of the name the aliases lead to (the name itself when
    /// there are none): read.
    Txt {
        strings: Vec<Vec<u8>>,
        ttl: u32,
        compress: bool,
    },
    /// A record of another type (A, MX, AAAA, RRSIG, …) for that name: skipped.
    OtherType {
        rtype: u16,
        rdata: Vec<u8>,
        compress: bool,
    },
    /// A TXT record of another name: skipped.
    OtherName { strings: Vec<Vec<u8>>, ttl: u32 },
    /// A TXT record of class CH for that name: skipped.
    OtherClass { strings: Vec<Vec<u8>> },
}

fn spec() -> impl Strategy<Value = Spec> {
    prop_oneof![
        3 => (strings(), any::<u32>(), any::<bool>())
            .prop_map(|(strings, ttl, compress)| Spec::Txt { strings, ttl, compress }),
        1 => (
            prop_oneof![Just(1u16), Just(15), Just(28), Just(46), 17u16..=65_535],
            prop::collection::vec(any::<u8>(), 0..40),
            any::<bool>(),
        )
            .prop_map(|(rtype, rdata, compress)| Spec::OtherType { rtype, rdata, compress }),
        1 => (strings(), any::<u32>()).prop_map(|(strings, ttl)| Spec::OtherName { strings, ttl }),
        1 => strings().prop_map(|strings| Spec::OtherClass { strings }),
    ]
}

#[derive(Debug, Clone)]
struct Plan {
    id: u16,
    name: DomainName,
    qtype: RecordType,
    /// The resolver writes names in upper case (DNS ignores case).
    shout: bool,
    /// The aliases from the name on, as labels under the name.
    aliases: Vec<String>,
    specs: Vec<Spec>,
    /// Bytes of an authority section, which the reader does not read.
    authority: Vec<u8>,
}

fn plan() -> impl Strategy<Value = Plan> {
    (
        any::<u16>(),
        name(),
        qtype(),
        any::<bool>(),
        prop::collection::vec(label(), 0..3),
        prop::collection::vec(spec(), 0..6),
        prop::collection::vec(any::<u8>(), 0..30),
    )
        .prop_map(|(id, name, qtype, shout, aliases, specs, authority)| Plan {
            id,
            name,
            qtype,
            shout,
            aliases,
            specs,
            authority,
        })
}

/// A message the test wrote, where its answer section ends, and what the
/// reader must make of it.
struct Built {
    bytes: Vec<u8>,
    answer_end: usize,
    expected: Answer,
}

fn wire_name(name: &str, shout: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for label in name.split('.') {
        out.push(label.len() as u8);
        if shout {
            out.extend_from_slice(label.to_ascii_uppercase().as_bytes());
        } else {
            out.extend_from_slice(label.as_bytes());
        }
    }
    out.push(0);
    out
}

fn pointer(offset: usize) -> [u8; 2] {
    [0xC0 | (offset >> 8) as u8, offset as u8]
}

fn push_record(b: &mut Vec<u8>, owner: &[u8], rtype: u16, class: u16, ttl: u32, rdata: &[u8]) {
    b.extend_from_slice(owner);
    b.extend_from_slice(&rtype.to_be_bytes());
    b.extend_from_slice(&class.to_be_bytes());
    b.extend_from_slice(&ttl.to_be_bytes());
    b.extend_from_slice(&(rdata.len() as u16).to_be_bytes());
    b.extend_from_slice(rdata);
}

fn txt_rdata(strings: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for s in strings {
        out.push(s.len() as u8);
        out.extend_from_slice(s);
    }
    out
}

fn ttl_read(ttl: u32) -> u32 {
    if ttl > i32::MAX as u32 {
        0
    } else {
        ttl
    }
}

fn header(id: u16, answers: usize, authority: bool) -> Vec<u8> {
    let mut b = id.to_be_bytes().to_vec();
    b.extend_from_slice(&[0x81, 0x80, 0, 1]);
    b.extend_from_slice(&(answers as u16).to_be_bytes());
    b.extend_from_slice(&[0, u8::from(authority), 0, 0]);
    b
}

fn build(plan: &Plan) -> Built {
    let name = plan.name.as_str();
    let targets: Vec<String> = plan
        .aliases
        .iter()
        .enumerate()
        .map(|(i, l)| format!("alias{i}-{l}.{name}"))
        .collect();
    let mut b = header(
        plan.id,
        targets.len() + plan.specs.len(),
        !plan.authority.is_empty(),
    );
    b.extend_from_slice(&wire_name(name, plan.shout));
    b.extend_from_slice(&plan.qtype.code().to_be_bytes());
    b.extend_from_slice(&[0, 1]);

    // The aliases, each owned by a pointer to the previous name.
    let mut current = name.to_owned();
    let mut current_at = 12;
    let mut chain = Vec::new();
    for (i, target) in targets.iter().enumerate() {
        let ttl = 60 * (i as u32 + 1);
        let rdata_at = b.len() + 2 + 10;
        push_record(
            &mut b,
            &pointer(current_at),
            5,
            1,
            ttl,
            &wire_name(target, plan.shout),
        );
        chain.push(Record {
            value: target.clone(),
            ttl_seconds: ttl,
        });
        current = target.clone();
        current_at = rdata_at;
    }
    let owner = |compress: bool| {
        if compress {
            pointer(current_at).to_vec()
        } else {
            wire_name(&current, plan.shout)
        }
    };
    let mut txt = Vec::new();
    for spec in &plan.specs {
        match spec {
            Spec::Txt {
                strings,
                ttl,
                compress,
            } => {
                push_record(&mut b, &owner(*compress), 16, 1, *ttl, &txt_rdata(strings));
                txt.push(Record {
                    value: String::from_utf8_lossy(&strings.concat()).into_owned(),
                    ttl_seconds: ttl_read(*ttl),
                });
            }
            Spec::OtherType {
                rtype,
                rdata,
                compress,
            } => push_record(&mut b, &owner(*compress), *rtype, 1, 1, rdata),
            Spec::OtherName { strings, ttl } => {
                let other = wire_name(&format!("other.{name}"), plan.shout);
                push_record(&mut b, &other, 16, 1, *ttl, &txt_rdata(strings));
            }
            Spec::OtherClass { strings } => {
                push_record(&mut b, &owner(true), 16, 3, 1, &txt_rdata(strings));
            }
        }
    }
    let answer_end = b.len();
    b.extend_from_slice(&plan.authority);
    let expected = match plan.qtype {
        RecordType::Txt => Answer::Records { txt, cname: chain },
        RecordType::Cname => Answer::Records {
            txt: Vec::new(),
            cname: chain.into_iter().take(1).collect(),
        },
    };
    Built {
        bytes: b,
        answer_end,
        expected,
    }
}

/// A valid answer header and question for `name`, then `tail`.
fn question_then(id: u16, name: &DomainName, answers: u16, tail: &[u8]) -> Vec<u8> {
    let mut b = query(id, name, RecordType::Txt);
    b[2] = 0x81;
    b[3] = 0x80;
    b[6..8].copy_from_slice(&answers.to_be_bytes());
    b.extend_from_slice(tail);
    b
}

fn is_pointer_refusal(result: &Result<Answer, WireError>) -> bool {
    matches!(result, Err(WireError::PointerNotBackwards { .. }))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(domain::testing::cases(500)))]

    #[test]
    fn arbitrary_bytes_never_panic(
        bytes in prop::collection::vec(any::<u8>(), 0..600),
        id in any::<u16>(),
        name in name(),
        qtype in qtype(),
    ) {
        let _ = parse_answer(&bytes, id, &name, qtype);
    }

    #[test]
    fn arbitrary_records_after_a_valid_question_never_panic(
        name in name(),
        answers in any::<u16>(),
        tail in prop::collection::vec(any::<u8>(), 0..600),
    ) {
        let bytes = question_then(0, &name, answers, &tail);
        let _ = parse_answer(&bytes, 0, &name, RecordType::Txt);
    }

    #[test]
    fn damaged_answers_never_panic(
        plan in plan(),
        damage in prop::collection::vec((any::<Index>(), any::<u8>()), 1..6),
    ) {
        let mut built = build(&plan);
        for (at, byte) in damage {
            let i = at.index(built.bytes.len());
            built.bytes[i] = byte;
        }
        let _ = parse_answer(&built.bytes, plan.id, &plan.name, plan.qtype);
    }

    #[test]
    fn a_query_answered_with_no_records_reads_back(id in any::<u16>(), name in name(), qtype in qtype()) {
        let mut bytes = query(id, &name, qtype);
        prop_assert_eq!(&bytes[4..12], &[0, 1, 0, 0, 0, 0, 0, 0]);
        bytes[2] |= 0x80;
        prop_assert_eq!(
            parse_answer(&bytes, id, &name, qtype),
            Ok(Answer::Records { txt: vec![], cname: vec![] })
        );
    }

    #[test]
    fn the_get_parameter_is_unpadded_base64url(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let encoded = doh_get_parameter(&bytes);
        prop_assert_eq!(encoded.len(), (bytes.len() * 4).div_ceil(3));
        prop_assert!(encoded.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
        // Each 3 bytes are 4 characters of their own: a prefix encodes alike.
        let whole = bytes.len() / 3 * 3;
        prop_assert!(encoded.starts_with(&doh_get_parameter(&bytes[..whole])));
    }

    #[test]
    fn valid_answers_round_trip(plan in plan()) {
        let built = build(&plan);
        prop_assert_eq!(
            parse_answer(&built.bytes, plan.id, &plan.name, plan.qtype),
            Ok(built.expected)
        );
    }

    #[test]
    fn truncations_are_refused_unless_past_the_answer(
        plan in plan(),
        cuts in prop::collection::vec(any::<Index>(), 8),
    ) {
        let built = build(&plan);
        for cut in &cuts {
            let cut = cut.index(built.answer_end);
            let result = parse_answer(&built.bytes[..cut], plan.id, &plan.name, plan.qtype);
            prop_assert!(
                matches!(result, Err(WireError::Truncated { .. } | WireError::TooManyRecords { .. })),
                "cut at {} of {}: {:?}", cut, built.answer_end, result
            );
        }
        for cut in built.answer_end..=built.bytes.len() {
            prop_assert_eq!(
                parse_answer(&built.bytes[..cut], plan.id, &plan.name, plan.qtype),
                Ok(built.expected.clone())
            );
        }
    }

    #[test]
    fn pointer_loops_and_forward_pointers_are_refused(
        name in name(),
        forward in 0usize..0x3FFF,
        label in "[a-z]{1,10}",
        back in any::<Index>(),
    ) {
        let at = 12 + name.as_str().len() + 2 + 4; // where the first record starts
        let rest = b"\x00\x10\x00\x01\x00\x00\x00\x01\x00\x00"; // TXT IN, empty
        // A record owned by a pointer to itself.
        let looped = question_then(0, &name, 1, &[&pointer(at)[..], rest].concat());
        prop_assert!(is_pointer_refusal(&parse_answer(&looped, 0, &name, RecordType::Txt)));
        // A record owned by a pointer at or after itself.
        let ahead = question_then(0, &name, 1, &[&pointer(at + forward % 64)[..], rest].concat());
        prop_assert!(is_pointer_refusal(&parse_answer(&ahead, 0, &name, RecordType::Txt)));
        let far = question_then(0, &name, 1, &[&pointer((at + forward).min(0x3FFF))[..], rest].concat());
        prop_assert!(is_pointer_refusal(&parse_answer(&far, 0, &name, RecordType::Txt)));
        // Two pointers pointing at each other: x at q, y at q + 2, inside
        // the data of a skipped record, and a record owned by y.
        let q = at + 12;
        let mut pair = vec![0, 0, 99, 0, 1, 0, 0, 0, 1, 0, 4]; // root, type 99, IN, 4 bytes
        pair.splice(0..1, pointer(12));
        pair.extend_from_slice(&pointer(q + 2));
        pair.extend_from_slice(&pointer(q));
        pair.extend_from_slice(&pointer(q + 2));
        pair.extend_from_slice(rest);
        let mutual = question_then(0, &name, 2, &pair);
        prop_assert!(is_pointer_refusal(&parse_answer(&mutual, 0, &name, RecordType::Txt)));
        // A label, then a pointer back into that same label.
        let mut run = vec![label.len() as u8];
        run.extend_from_slice(label.as_bytes());
        run.extend_from_slice(&pointer(at + back.index(run.len() + 1)));
        run.extend_from_slice(rest);
        let into_itself = question_then(0, &name, 1, &run);
        prop_assert!(is_pointer_refusal(&parse_answer(&into_itself, 0, &name, RecordType::Txt)));
    }

    #[test]
    fn huge_counts_with_few_bytes_are_refused(
        name in name(),
        tail in prop::collection::vec(any::<u8>(), 0..100),
        answers in 10u16..=u16::MAX,
    ) {
        prop_assume!(usize::from(answers) * 11 > tail.len());
        let bytes = question_then(0, &name, answers, &tail);
        prop_assert_eq!(
            parse_answer(&bytes, 0, &name, RecordType::Txt),
            Err(WireError::TooManyRecords { claimed: answers, bytes: tail.len() })
        );
    }

    #[test]
    fn over_long_texts_are_refused(
        name in name(),
        text in prop::collection::vec(any::<u8>(), 0..255),
        extra in 1u8..=255,
    ) {
        let mut rdata = vec![text.len() as u8];
        rdata.extend_from_slice(&text);
        rdata[0] = rdata[0].saturating_add(extra);
        prop_assume!(usize::from(rdata[0]) > text.len());
        let mut tail = Vec::new();
        push_record(&mut tail, &pointer(12), 16, 1, 1, &rdata);
        let bytes = question_then(0, &name, 1, &tail);
        prop_assert_eq!(
            parse_answer(&bytes, 0, &name, RecordType::Txt),
            Err(WireError::TxtOverrun { length: rdata[0], left: text.len() })
        );
    }

    #[test]
    fn another_id_or_question_is_refused(plan in plan(), other_id in any::<u16>(), other in name()) {
        let built = build(&plan);
        prop_assume!(other_id != plan.id);
        prop_assert_eq!(
            parse_answer(&built.bytes, other_id, &plan.name, plan.qtype),
            Err(WireError::WrongId { got: plan.id, expected: other_id })
        );
        let other_type = match plan.qtype {
            RecordType::Txt => RecordType::Cname,
            RecordType::Cname => RecordType::Txt,
        };
        let refused = parse_answer(&built.bytes, plan.id, &plan.name, other_type);
        prop_assert!(matches!(&refused, Err(WireError::WrongQuestion { .. })), "{:?}", refused);
        prop_assume!(other != plan.name);
        let refused = parse_answer(&built.bytes, plan.id, &other, plan.qtype);
        prop_assert!(matches!(&refused, Err(WireError::WrongQuestion { .. })), "{:?}", refused);
        let message = refused.unwrap_err().to_string();
        prop_assert!(message.contains(plan.name.as_str()) && message.contains(other.as_str()), "{}", message);
    }
}
