//! The `regex` crate: compile a few patterns and search generated log-like
//! text with them (find, captures, case-insensitive alternation).
use regex::Regex;

pub const LINES: u32 = 60_000;

const NAMES: [&str; 8] = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"];
const DOMAINS: [&str; 4] = ["example", "spindle", "wasm", "mail"];
const TLDS: [&str; 4] = ["com", "org", "net", "io"];
const LEVELS: [&str; 6] = ["INFO", "Debug", "warn", "WARNING", "Error", "fatal"];
const WORDS: [&str; 10] = [
    "request", "served", "in", "cache", "miss", "for", "user", "Upload Done", "retry", "Big Table",
];

pub fn text() -> String {
    let mut rng = common::Rng::new(0x5245_4745_58);
    let mut s = String::new();
    for _ in 0..LINES {
        let r = |rng: &mut common::Rng, n: usize| rng.below(n as u32) as usize;
        s.push_str(&format!(
            "{:04}-{:02}-{:02} {} ",
            2000 + r(&mut rng, 30),
            1 + r(&mut rng, 12),
            1 + r(&mut rng, 28),
            LEVELS[r(&mut rng, 6)]
        ));
        for _ in 0..3 + r(&mut rng, 6) {
            match r(&mut rng, 5) {
                0 => s.push_str(&format!(
                    "{}@{}.{}",
                    NAMES[r(&mut rng, 8)],
                    DOMAINS[r(&mut rng, 4)],
                    TLDS[r(&mut rng, 4)]
                )),
                1 => s.push_str(&format!("{}={}", WORDS[r(&mut rng, 10)].replace(' ', "_"), rng.next_u32() % 100_000)),
                _ => s.push_str(WORDS[r(&mut rng, 10)]),
            }
            s.push(' ');
        }
        s.push('\n');
    }
    s
}

pub fn checksum() -> i64 {
    let text = text();
    let mut h = common::mix(common::FNV_OFFSET, text.len() as u64);

    let email = Regex::new(r"\b[a-z]+@[a-z]+\.(?:com|org|net)\b").unwrap();
    for m in email.find_iter(&text) {
        h = common::mix(h, m.start() as u64);
    }
    let date = Regex::new(r"(?m)^(\d{4})-(\d{2})-(\d{2})").unwrap();
    let mut days = 0u64;
    for c in date.captures_iter(&text) {
        let y: u64 = c[1].parse().unwrap();
        let m: u64 = c[2].parse().unwrap();
        let d: u64 = c[3].parse().unwrap();
        days += y * 372 + m * 31 + d;
    }
    h = common::mix(h, days);
    let level = Regex::new(r"(?i)\b(?:error|warn(?:ing)?|fatal)\b").unwrap();
    h = common::mix(h, level.find_iter(&text).count() as u64);
    let title = Regex::new(r"[A-Z][a-z]+ [A-Z][a-z]+").unwrap();
    h = common::mix(h, title.find_iter(&text).count() as u64);
    let kv = Regex::new(r"(\w+)=(\d+)").unwrap();
    for c in kv.captures_iter(&text) {
        h = common::mix(h, c[1].len() as u64 + c[2].parse::<u64>().unwrap());
    }
    common::finish(h)
}

#[cfg(target_arch = "wasm32")]
#[unsafe(no_mangle)]
pub extern "C" fn run() -> i64 {
    checksum()
}
