//! The layer rule of the crate docs ("Layers"), checked: every module
//! imports only from modules listed before it in the crate docs' table.
//!
//! The check reads the sources, so it sees what a reviewer sees: every
//! `crate::module` path outside comments (`use` lines, grouped imports,
//! paths written inline, macro paths) and every root re-export used as
//! `crate::Name`, which it resolves through `lib.rs`'s `pub use` lines.
//! Test code is exempt: files named `tests.rs` or `*_tests.rs`, and an inline `mod tests {
//! .. }` behind `#[cfg(test)]` (a test may drive a layer through the ones
//! above it).

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use std::path::Path;

/// The module order from the crate docs' table (`//! | N | `name` | ...`).
fn documented_order(lib: &str) -> Vec<String> {
    let mut order = Vec::new();
    for line in lib.lines() {
        let cells: Vec<&str> = line
            .trim_start_matches("//!")
            .split('|')
            .map(str::trim)
            .collect();
        // ["", "N", "`name`", "what", ""]
        if cells.len() >= 4 && cells[1].parse::<u32>().is_ok() {
            let name = cells[2].trim_matches('`');
            assert_eq!(
                cells[1].parse::<usize>().unwrap(),
                order.len() + 1,
                "the layer table's numbers must count up from 1 (at `{name}`)"
            );
            order.push(name.to_string());
        }
    }
    order
}

/// `Name -> module` for the crate root's re-exports (`pub use a::b::{X, Y};`).
fn root_reexports(lib: &str) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for line in lib.lines() {
        let Some(rest) = line.trim().strip_prefix("pub use ") else {
            continue;
        };
        let rest = rest.trim_end_matches(';');
        let module = rest.split("::").next().unwrap().to_string();
        let items = match rest.find('{') {
            Some(open) => rest[open + 1..].trim_end_matches('}').to_string(),
            None => rest.rsplit("::").next().unwrap().to_string(),
        };
        for item in items.split(',') {
            let item = item.trim();
            if !item.is_empty() {
                names.insert(item.to_string(), module.clone());
            }
        }
    }
    names
}

/// The code of a source file without comments and without its test module.
fn code_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate().peekable();
    while let Some((n, line)) = lines.next() {
        let trimmed = line.trim();
        if trimmed == "#[cfg(test)]"
            && lines
                .peek()
                .is_some_and(|(_, next)| next.trim_start().starts_with("mod tests {"))
        {
            // Skip the module: up to the brace that closes it.
            let mut depth = 0i32;
            for (_, inner) in lines.by_ref() {
                depth += inner.matches('{').count() as i32 - inner.matches('}').count() as i32;
                if depth <= 0 && inner.contains('}') {
                    break;
                }
            }
            continue;
        }
        let code = match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        };
        if !code.trim().is_empty() {
            out.push((n + 1, code.to_string()));
        }
    }
    out
}

/// The top-level modules and root names a line of code refers to through
/// `crate::`: `crate::a::b`, `crate::{a::b, C}`, `crate::Name`.
fn referenced(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let head = item.trim().split("::").next().unwrap_or("");
                if !head.is_empty() {
                    out.push(head.to_string());
                }
            }
        } else {
            let head: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.push(head);
        }
        rest = after;
    }
    out
}

#[test]
fn imports_only_go_down() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let order = documented_order(&lib);
    assert!(
        order.len() >= 10,
        "the layer table was not found in lib.rs: {order:?}"
    );
    let rank = |m: &str| order.iter().position(|o| o == m);
    let reexports = root_reexports(&lib);
    assert!(reexports.contains_key("Store") && reexports.contains_key("Config"));

    // Every top-level module of the crate has a place in the table.
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_str().unwrap().to_string();
        if ["lib", "bin", "layers"].contains(&name.as_str()) {
            continue;
        }
        assert!(
            rank(&name).is_some(),
            "module `{name}` is not in the crate docs' layer table"
        );
    }

    let mut files = Vec::new();
    let mut dirs = alloc::vec![src.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let mut violations = Vec::new();
    let mut edges = 0;
    for path in files {
        let rel = path.strip_prefix(&src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_str()
            .unwrap();
        let module = first.trim_end_matches(".rs");
        let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if ["lib", "bin", "layers"].contains(&module)
            || name == "tests.rs"
            || name.ends_with("_tests.rs")
        {
            continue;
        }
        let own = rank(module).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in code_lines(&text) {
            for name in referenced(&line) {
                let target = if rank(&name).is_some() {
                    name.clone()
                } else if let Some(m) = reexports.get(&name) {
                    m.clone()
                } else {
                    violations.push(alloc::format!(
                        "{}:{n}: `crate::{name}` is neither a module in the table nor a root re-export",
                        rel.display()
                    ));
                    continue;
                };
                edges += 1;
                if rank(&target).unwrap() > own {
                    violations.push(alloc::format!(
                        "{}:{n}: `{module}` (layer {}) uses `crate::{name}` from `{target}` (layer {})",
                        rel.display(),
                        own + 1,
                        rank(&target).unwrap() + 1
                    ));
                }
            }
        }
    }
    // The scan found the crate's imports (it cannot pass by seeing none).
    assert!(edges > 100, "only {edges} `crate::` paths found");
    assert!(
        violations.is_empty(),
        "imports against the layer order:\n{}",
        violations.join("\n")
    );
}

/// The scanner itself: grouped imports, inline paths and root names are
/// seen, comments and test modules are not.
#[test]
fn the_scanner_sees_every_form_of_import() {
    assert_eq!(
        referenced("use crate::store::{Store, StoreInner};"),
        ["store"]
    );
    assert_eq!(
        referenced("use crate::{exec, types::ValType};"),
        ["exec", "types"]
    );
    assert_eq!(
        referenced("let x = crate::exec::call(crate::Config::default());"),
        ["exec", "Config"]
    );
    let text = "use crate::a;\n// use crate::b;\nfn f() {} // crate::c\n#[cfg(test)]\nmod tests {\n fn g() {\n use crate::d;\n }\n}\nuse crate::e;\n";
    let seen: Vec<String> = code_lines(text)
        .iter()
        .flat_map(|(_, l)| referenced(l))
        .collect();
    assert_eq!(seen, ["a", "e"]);
    let lib = "//! | 1 | `error` | x |\n//! | 2 | `sync` | y |\npub use store::func::{Caller, Func};\npub use config::Engine;\n";
    assert_eq!(documented_order(lib), ["error", "sync"]);
    let names = root_reexports(lib);
    assert_eq!(names["Caller"], "store");
    assert_eq!(names["Engine"], "config");
}
