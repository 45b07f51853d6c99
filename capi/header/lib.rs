// Never compiled: this package exists for `cargo fetch` (see Cargo.toml).
