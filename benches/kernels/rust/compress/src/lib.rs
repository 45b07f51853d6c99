//! Deflate (miniz_oxide, level 6) of generated text-like data, then inflate
//! and compare: hashing, matching, bit packing and Huffman decoding.
use miniz_oxide::deflate::compress_to_vec;
use miniz_oxide::inflate::decompress_to_vec;

pub const DATA_LEN: usize = 2 << 20;
pub const LEVEL: u8 = 6;

const WORDS: [&str; 24] = [
    "spindle", "wasm", "interpreter", "register", "bytecode", "module", "memory", "table",
    "global", "export", "import", "function", "the", "a", "of", "and", "to", "in", "is",
    "stack", "branch", "loop", "block", "trap",
];

/// Words with some random bytes and numbers: compresses to roughly a third.
pub fn data() -> Vec<u8> {
    let mut rng = common::Rng::new(0xC0_4D_9E55);
    let mut out = Vec::with_capacity(DATA_LEN + 32);
    while out.len() < DATA_LEN {
        match rng.below(16) {
            0 => out.extend((0..rng.below(8)).map(|_| rng.next_u32() as u8)),
            1 => out.extend_from_slice(rng.next_u32().to_string().as_bytes()),
            2 => out.push(b'\n'),
            _ => out.extend_from_slice(WORDS[rng.below(WORDS.len() as u32) as usize].as_bytes()),
        }
        out.push(b' ');
    }
    out.truncate(DATA_LEN);
    out
}

pub fn checksum() -> i64 {
    let data = data();
    let packed = compress_to_vec(&data, LEVEL);
    let unpacked = decompress_to_vec(&packed).expect("inflate");
    assert!(unpacked == data, "round trip");
    let h = common::mix(common::FNV_OFFSET, packed.len() as u64);
    common::finish(common::fnv1a(h, &packed))
}

#[cfg(target_arch = "wasm32")]
#[unsafe(no_mangle)]
pub extern "C" fn run() -> i64 {
    checksum()
}
