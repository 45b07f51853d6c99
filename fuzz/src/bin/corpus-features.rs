//! Which WebAssembly 3.0 features the modules of a corpus use, as the
//! `execute` and `differential` targets generate them from its inputs: for
//! recording what a campaign exercised.
//!
//! `cargo run --release --bin corpus-features -- DIR...`

use arbitrary::Unstructured;
use spindle_fuzz::smith_module;
use wasmparser::{Parser, Payload, TypeRef};

fn main() {
    let (mut modules, mut multi, mut mem64, mut table64, mut other_memory_access) = (0, 0, 0, 0, 0);
    for dir in std::env::args().skip(1) {
        for entry in std::fs::read_dir(&dir).expect("a corpus folder") {
            let data = std::fs::read(entry.expect("a folder entry").path()).expect("readable");
            let Ok(bytes) = smith_module(&mut Unstructured::new(&data), false) else { continue };
            modules += 1;
            let (mut memories, mut wide, mut wide_table, mut other) = (0, false, false, false);
            for payload in Parser::new(0).parse_all(&bytes).flatten() {
                match payload {
                    Payload::ImportSection(r) => {
                        for imp in r.into_imports().flatten() {
                            match imp.ty {
                                TypeRef::Memory(m) => {
                                    memories += 1;
                                    wide |= m.memory64;
                                }
                                TypeRef::Table(t) => wide_table |= t.table64,
                                _ => {}
                            }
                        }
                    }
                    Payload::MemorySection(r) => {
                        for m in r.into_iter().flatten() {
                            memories += 1;
                            wide |= m.memory64;
                        }
                    }
                    Payload::TableSection(r) => {
                        for t in r.into_iter().flatten() {
                            wide_table |= t.ty.table64;
                        }
                    }
                    Payload::CodeSectionEntry(body) => {
                        let Ok(mut ops) = body.get_operators_reader() else { continue };
                        while let Ok(op) = ops.read() {
                            let text = format!("{op:?}");
                            if text.contains("Memory(") && !text.contains("Memory(0)") {
                                other = true;
                            }
                        }
                    }
                    _ => {}
                }
            }
            multi += (memories > 1) as u32;
            mem64 += wide as u32;
            table64 += wide_table as u32;
            other_memory_access += other as u32;
        }
    }
    println!("modules {modules}");
    println!("with several memories {multi}");
    println!("with a 64-bit memory {mem64}");
    println!("with a 64-bit table {table64}");
    println!("with an access to a memory other than 0 {other_memory_access}");
}
