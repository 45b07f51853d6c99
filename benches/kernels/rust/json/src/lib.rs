//! serde_json: serialise a generated document of typed records (derive),
//! parse it back into a `serde_json::Value`, pretty-print that, and parse
//! the pretty text back into the typed records. String escaping, number
//! formatting and parsing, allocation.
use serde::{Deserialize, Serialize};

pub const RECORDS: u32 = 20_000;

#[derive(Serialize, Deserialize, PartialEq, Debug)]
struct Point {
    x: i64,
    y: f64,
}

#[derive(Serialize, Deserialize, PartialEq, Debug)]
struct Record {
    id: u32,
    name: String,
    active: bool,
    score: f64,
    tags: Vec<String>,
    path: Vec<Point>,
    note: Option<String>,
}

const SYLLABLES: [&str; 16] = [
    "ka", "lo", "mi", "nu", "ra", "se", "ti", "vo", "ze", "qu", "é", "ß", "\"", "\\", "\n", "☃",
];

fn word(rng: &mut common::Rng, max: u32) -> String {
    (0..1 + rng.below(max)).map(|_| SYLLABLES[rng.below(16) as usize]).collect()
}

fn document() -> Vec<Record> {
    let mut rng = common::Rng::new(0x4A53_4F4E);
    (0..RECORDS)
        .map(|id| Record {
            id,
            name: word(&mut rng, 6),
            active: rng.below(2) == 1,
            // Decimal fractions with few digits, as real documents have.
            score: rng.below(10_000_000) as f64 / 1000.0,
            tags: (0..rng.below(5)).map(|_| word(&mut rng, 3)).collect(),
            path: (0..rng.below(8))
                .map(|_| Point {
                    x: rng.next_u64() as i64 >> rng.below(64),
                    y: rng.next_f64() * 1e6 - 5e5,
                })
                .collect(),
            note: if rng.below(3) == 0 { Some(word(&mut rng, 20)) } else { None },
        })
        .collect()
}

pub fn checksum() -> i64 {
    let doc = document();
    let compact = serde_json::to_string(&doc).expect("serialise");
    let value: serde_json::Value = serde_json::from_str(&compact).expect("parse");
    let pretty = serde_json::to_string_pretty(&value).expect("pretty");
    let back: Vec<Record> = serde_json::from_str(&pretty).expect("parse typed");
    assert_eq!(back.len(), doc.len());
    let mut h = common::mix(common::FNV_OFFSET, compact.len() as u64);
    h = common::fnv1a(h, compact.as_bytes());
    h = common::mix(h, pretty.len() as u64);
    h = common::fnv1a(h, pretty.as_bytes());
    let ids: u64 = back.iter().map(|r| r.id as u64 + r.path.len() as u64).sum();
    common::finish(common::mix(h, ids))
}

#[cfg(target_arch = "wasm32")]
#[unsafe(no_mangle)]
pub extern "C" fn run() -> i64 {
    checksum()
}
