//! The `spindle` command-line tool.

mod wast;

use clap::{Parser, Subcommand};
use spindle::wasi::WasiCtx;
use spindle::wasi::std_host::StdHost;
use spindle::{
    Config, Engine, Linker, Module, Store, StoreLimits, StoreLimitsBuilder, Val, ValType,
};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "spindle",
    version,
    about = "A portable WebAssembly interpreter"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a module (.wasm or .wat): a WASI command's `_start`, or the
    /// export named by --invoke. The guest's exit status becomes spindle's;
    /// a trap exits with status 134, an uncaught exception with 135.
    Run {
        /// Preopen host directory HOST as guest directory GUEST (default: HOST).
        #[arg(long = "dir", value_name = "HOST[::GUEST]")]
        dirs: Vec<String>,
        /// Set an environment variable for the guest.
        #[arg(long = "env", value_name = "K=V")]
        envs: Vec<String>,
        /// Listen on a TCP address and preopen the listener for the guest.
        #[arg(long = "tcplisten", value_name = "ADDR")]
        listeners: Vec<String>,
        /// Call this export instead of `_start`; ARGS are its arguments.
        #[arg(long)]
        invoke: Option<String>,
        /// Stop with a trap after this much fuel (one unit per wasm operator).
        #[arg(long)]
        fuel: Option<u64>,
        /// Validate each function body on its first call instead of at
        /// load: faster start-up, but a module whose only fault is in a
        /// function body runs until it calls that function (see
        /// Config::lazy_validation).
        #[arg(long)]
        lazy_validation: bool,
        /// Turn a WebAssembly proposal on or off, as `NAME` or `NAME=y` /
        /// `NAME=n` (repeatable): tail-call, extended-const, multi-memory,
        /// memory64, function-references, simd, relaxed-simd, exceptions,
        /// legacy-exceptions and gc are on by default, wide-arithmetic and
        /// custom-page-sizes are off; `all` turns every one on.
        #[arg(short = 'W', long = "wasm", value_name = "NAME[=y|n]", value_parser = parse_proposal)]
        proposals: Vec<(Proposal, bool)>,
        /// The most bytes any one linear memory may hold: a `memory.grow`
        /// past it returns -1, and a module whose memories start larger
        /// fails to instantiate. A number of bytes, or one with a suffix K,
        /// M or G (powers of 1024). The default is the most a 32-bit
        /// memory can address. Growing costs only the pages the guest
        /// writes to, not the size reached.
        #[arg(long, value_name = "SIZE", default_value = "4G", value_parser = parse_size)]
        max_memory_size: usize,
        /// When the run ends, print the N most frequent ops and runs of up
        /// to four ops to stderr (for choosing fused ops).
        #[cfg(feature = "op-stats")]
        #[arg(long, value_name = "N")]
        op_stats: Option<usize>,
        /// The module, then its arguments: for a WASI command, its
        /// argv[1..]; with --invoke, the function's arguments, parsed by its
        /// parameter types. Everything after the module goes to the guest.
        #[arg(
            value_name = "FILE [ARGS]",
            required = true,
            trailing_var_arg = true,
            allow_hyphen_values = true
        )]
        module_and_args: Vec<String>,
    },
    /// Run a .wast script (the spec-test format).
    Wast {
        /// Turn a WebAssembly proposal on or off, as for `run`; every
        /// proposal is on unless turned off here (a proposal's own tests
        /// may expect a later one off: memory64's expect multi-memory off).
        #[arg(short = 'W', long = "wasm", value_name = "NAME[=y|n]", value_parser = parse_proposal)]
        proposals: Vec<(Proposal, bool)>,
        /// The script.
        file: PathBuf,
    },
    /// Print the bytecode of a function, or of every function.
    Disasm {
        /// The module.
        file: PathBuf,
        /// A function: export name, name-section name or index.
        func: Option<String>,
    },
}

/// A size in bytes: digits, optionally followed by K, M or G (KiB, MiB,
/// GiB).
/// A WebAssembly proposal `spindle run -W` can switch.
#[derive(Clone, Copy, Debug)]
enum Proposal {
    All,
    TailCall,
    ExtendedConst,
    WideArithmetic,
    CustomPageSizes,
    MultiMemory,
    Memory64,
    FunctionReferences,
    Simd,
    RelaxedSimd,
    Exceptions,
    LegacyExceptions,
    Gc,
}

/// `NAME`, `NAME=y` or `NAME=n`.
fn parse_proposal(text: &str) -> Result<(Proposal, bool), String> {
    let (name, on) = match text.split_once('=') {
        None => (text, true),
        Some((n, "y" | "yes" | "true")) => (n, true),
        Some((n, "n" | "no" | "false")) => (n, false),
        Some((_, v)) => return Err(format!("`{v}` is not y or n")),
    };
    let p = match name {
        "all" => Proposal::All,
        "tail-call" => Proposal::TailCall,
        "extended-const" => Proposal::ExtendedConst,
        "wide-arithmetic" => Proposal::WideArithmetic,
        "custom-page-sizes" => Proposal::CustomPageSizes,
        "multi-memory" => Proposal::MultiMemory,
        "memory64" => Proposal::Memory64,
        "function-references" => Proposal::FunctionReferences,
        "simd" => Proposal::Simd,
        "relaxed-simd" => Proposal::RelaxedSimd,
        "exceptions" => Proposal::Exceptions,
        "legacy-exceptions" => Proposal::LegacyExceptions,
        "gc" => Proposal::Gc,
        _ => {
            return Err(format!(
                "unknown proposal `{name}` (known: tail-call, extended-const, wide-arithmetic, \
                 custom-page-sizes, multi-memory, memory64, function-references, simd, \
                 relaxed-simd, exceptions, legacy-exceptions, gc, all)"
            ));
        }
    };
    Ok((p, on))
}

fn parse_size(text: &str) -> Result<usize, String> {
    let (digits, shift) = match text.strip_suffix(['K', 'k']) {
        Some(d) => (d, 10),
        None => match text.strip_suffix(['M', 'm']) {
            Some(d) => (d, 20),
            None => match text.strip_suffix(['G', 'g']) {
                Some(d) => (d, 30),
                None => (text, 0),
            },
        },
    };
    let n: usize = digits
        .parse()
        .map_err(|_| format!("`{text}` is not a size (bytes, or a number with K, M or G)"))?;
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("`{text}` is more bytes than this machine can address"))
}

fn read_module(path: &Path) -> Result<Vec<u8>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if bytes.starts_with(b"\0asm") {
        return Ok(bytes);
    }
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| format!("{} is neither a wasm binary nor text", path.display()))?;
    wat::parse_str(text).map_err(|e| format!("{}: {e}", path.display()))
}

fn parse_arg(text: &str, ty: ValType) -> Result<Val, String> {
    let bad = || format!("cannot parse `{text}` as {ty}");
    Ok(match ty {
        ValType::I32 => Val::I32(match text.parse::<i32>() {
            Ok(v) => v,
            Err(_) => text.parse::<u32>().map_err(|_| bad())? as i32,
        }),
        ValType::I64 => Val::I64(match text.parse::<i64>() {
            Ok(v) => v,
            Err(_) => text.parse::<u64>().map_err(|_| bad())? as i64,
        }),
        ValType::F32 => Val::F32(text.parse::<f32>().map_err(|_| bad())?.to_bits()),
        ValType::F64 => Val::F64(text.parse::<f64>().map_err(|_| bad())?.to_bits()),
        // A v128 as one 128-bit integer, decimal or `0x` hex.
        #[cfg(feature = "simd")]
        ValType::V128 => Val::V128(match text.strip_prefix("0x") {
            Some(hex) => u128::from_str_radix(hex, 16).map_err(|_| bad())?,
            None => text.parse::<u128>().map_err(|_| bad())?,
        }),
        // References.
        _ => return Err(format!("cannot pass a {ty} from the command line")),
    })
}

fn show(v: &Val) -> String {
    match *v {
        Val::I32(x) => x.to_string(),
        Val::I64(x) => x.to_string(),
        Val::F32(b) => f32::from_bits(b).to_string(),
        Val::F64(b) => f64::from_bits(b).to_string(),
        Val::FuncRef(f) => format!("{f:?}"),
        Val::ExternRef(r) => format!("{r:?}"),
        #[cfg(feature = "simd")]
        Val::V128(x) => format!("0x{x:032x}"),
        #[cfg(feature = "exceptions")]
        Val::ExnRef(r) => match r {
            Some(_) => "exnref".to_string(),
            None => "null".to_string(),
        },
        // An anyref (the library's `gc` feature, which a build of this
        // binary may not name: benches/embedder).
        #[allow(unreachable_patterns)]
        _ => format!("{v:?}"),
    }
}

/// What `spindle run` was asked to do.
struct RunOptions<'a> {
    file: &'a Path,
    invoke: Option<&'a str>,
    fuel: Option<u64>,
    lazy_validation: bool,
    proposals: &'a [(Proposal, bool)],
    max_memory_size: usize,
    args: &'a [String],
    dirs: &'a [String],
    envs: &'a [String],
    listeners: &'a [String],
}

/// The store's host data: the WASI state and the limits.
struct Host {
    wasi: WasiCtx,
    limits: StoreLimits,
}

/// Exit status for a trap, as a process killed by SIGABRT reports it.
const TRAP_STATUS: u8 = 134;
/// The exit status after an uncaught WebAssembly exception.
#[cfg(feature = "exceptions")]
const EXCEPTION_STATUS: u8 = 135;

fn wasi_ctx(opts: &RunOptions<'_>) -> Result<WasiCtx, String> {
    let mut host = StdHost::new();
    let mut preopens = Vec::new();
    for spec in opts.dirs {
        let (host_path, guest_path) = match spec.split_once("::") {
            Some((h, g)) => (h, g),
            None => (spec.as_str(), spec.as_str()),
        };
        if host_path.is_empty() || guest_path.is_empty() {
            return Err(format!("bad --dir `{spec}`: expected HOST or HOST::GUEST"));
        }
        let fd = host
            .open_dir(host_path)
            .map_err(|e| format!("cannot open directory {host_path}: {e}"))?;
        preopens.push((fd, guest_path.to_string()));
    }
    let mut sockets = Vec::new();
    for addr in opts.listeners {
        let l = std::net::TcpListener::bind(addr)
            .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        sockets.push(host.listener(l));
    }
    let program = opts.file.file_name().map_or_else(
        || "main.wasm".to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut builder = WasiCtx::builder(host)
        .arg(program)
        .args(opts.args.iter().cloned())
        .stdin(0)
        .stdout(1)
        .stderr(2);
    for kv in opts.envs {
        let (k, v) = kv
            .split_once('=')
            .ok_or_else(|| format!("bad --env `{kv}`: expected K=V"))?;
        builder = builder.env(k, v);
    }
    for (fd, guest) in preopens {
        builder = builder.preopened_dir(fd, guest);
    }
    for fd in sockets {
        builder = builder.preopened_socket(fd);
    }
    Ok(builder.build())
}

/// Applies `-W` switches, in order, to `config`.
fn apply_proposals(config: &mut Config, proposals: &[(Proposal, bool)]) {
    for &(p, on) in proposals {
        match p {
            Proposal::All if on => config.all_proposals(),
            Proposal::All => config
                .wasm_tail_call(false)
                .wasm_extended_const(false)
                .wasm_wide_arithmetic(false)
                .wasm_custom_page_sizes(false)
                .wasm_multi_memory(false)
                .wasm_memory64(false)
                .wasm_function_references(false)
                .wasm_simd(false)
                .wasm_relaxed_simd(false)
                .wasm_exceptions(false)
                .wasm_legacy_exceptions(false)
                .wasm_gc(false),
            Proposal::TailCall => config.wasm_tail_call(on),
            Proposal::ExtendedConst => config.wasm_extended_const(on),
            Proposal::WideArithmetic => config.wasm_wide_arithmetic(on),
            Proposal::CustomPageSizes => config.wasm_custom_page_sizes(on),
            Proposal::MultiMemory => config.wasm_multi_memory(on),
            Proposal::Memory64 => config.wasm_memory64(on),
            Proposal::FunctionReferences => config.wasm_function_references(on),
            Proposal::Simd => config.wasm_simd(on),
            Proposal::RelaxedSimd => config.wasm_relaxed_simd(on),
            Proposal::Exceptions => config.wasm_exceptions(on),
            Proposal::LegacyExceptions => config.wasm_legacy_exceptions(on),
            Proposal::Gc => config.wasm_gc(on),
        };
    }
}

fn run(opts: &RunOptions<'_>) -> Result<ExitCode, String> {
    let file = opts.file;
    let bytes = read_module(file)?;
    let mut config = Config::new();
    config.consume_fuel(opts.fuel.is_some());
    config.lazy_validation(opts.lazy_validation);
    apply_proposals(&mut config, opts.proposals);
    let engine = Engine::new(&config);
    // Handed over: with lazy translation the module keeps the file's bytes
    // for the function bodies rather than a copy of them.
    let module =
        Module::from_vec(&engine, bytes).map_err(|e| format!("{}: {e}", file.display()))?;
    spindle::wasi::check_module(&module).map_err(|e| format!("{}: {e}", file.display()))?;
    let host = Host {
        wasi: wasi_ctx(opts)?,
        limits: StoreLimitsBuilder::new()
            .memory_size(opts.max_memory_size)
            .build(),
    };
    let mut store = Store::new(&engine, host);
    store.limiter(|host| &mut host.limits);
    if let Some(fuel) = opts.fuel {
        store.set_fuel(fuel).map_err(|e| e.to_string())?;
    }
    let mut linker = Linker::new(&engine);
    spindle::wasi::add_to_linker(&mut linker, |host: &mut Host| &mut host.wasi)
        .map_err(|e| e.to_string())?;
    let outcome = match linker.instantiate(&mut store, &module) {
        Ok(instance) => {
            let name = opts.invoke.unwrap_or("_start");
            let func = instance.get_func(&store, name).ok_or_else(|| {
                let hint = if opts.invoke.is_none() {
                    " (use --invoke to call another export)"
                } else {
                    ""
                };
                format!("{} exports no function `{name}`{hint}", file.display())
            })?;
            let ty = func.ty(&store);
            let args: Vec<Val> = if opts.invoke.is_some() {
                if opts.args.len() != ty.params().len() {
                    return Err(format!(
                        "`{name}` has signature {ty}: expected {} arguments, got {}",
                        ty.params().len(),
                        opts.args.len()
                    ));
                }
                opts.args
                    .iter()
                    .zip(ty.params())
                    .map(|(a, t)| parse_arg(a, *t))
                    .collect::<Result<_, _>>()?
            } else {
                Vec::new()
            };
            let mut results: Vec<Val> = ty.results().iter().map(|t| Val::default_for(*t)).collect();
            func.call(&mut store, &args, &mut results).map(|()| results)
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(results) => {
            if opts.invoke.is_some() {
                for r in &results {
                    write_out(&format!("{}\n", show(r)))?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            if let Some(status) = e.exit_code() {
                return Ok(ExitCode::from(status as u8));
            }
            if e.as_trap().is_some() {
                eprintln!("error: {e}");
                return Ok(ExitCode::from(TRAP_STATUS));
            }
            #[cfg(feature = "exceptions")]
            if e.as_exception().is_some() {
                eprintln!("error: {e}");
                return Ok(ExitCode::from(EXCEPTION_STATUS));
            }
            Err(e.to_string())
        }
    }
}

fn disasm(file: &Path, func: Option<&str>) -> Result<ExitCode, String> {
    let bytes = read_module(file)?;
    let module =
        Module::new(&Engine::default(), &bytes).map_err(|e| format!("{}: {e}", file.display()))?;
    match func {
        Some(name) => {
            let index = module
                .func_index(name)
                .ok_or_else(|| format!("no function `{name}`"))?;
            let text = module
                .disassemble(index)
                .ok_or_else(|| format!("function {index} is imported"))?;
            write_out(&text)?;
        }
        None => {
            for index in 0..module.num_funcs() {
                if let Some(text) = module.disassemble(index) {
                    write_out(&text)?;
                    write_out("\n")?;
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes `text` to stdout. A reader that went away (`spindle disasm ... |
/// head`) ends the program quietly, as it does for other Unix tools; any
/// other write error is reported.
fn write_out(text: &str) -> Result<(), String> {
    use std::io::Write;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => Err(format!("writing the output: {e}")),
    }
}

/// `--op-stats N`: the N most frequent ops and runs, one per line (count,
/// then the op names), after a header line.
#[cfg(feature = "op-stats")]
fn print_op_stats(n: usize) {
    eprintln!("op-stats: the {n} most frequent ops and runs of ops (count, names)");
    for (run, count) in spindle::exec::op_stats().into_iter().take(n) {
        eprintln!("{count} {}", run.join(" "));
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Run {
            dirs,
            envs,
            listeners,
            invoke,
            fuel,
            lazy_validation,
            proposals,
            max_memory_size,
            #[cfg(feature = "op-stats")]
            op_stats,
            module_and_args,
        } => {
            let file = PathBuf::from(&module_and_args[0]);
            let file = &file;
            let args = &module_and_args[1..];
            // `spindle run FILE --invoke NAME ARGS...` (options after the
            // file) is accepted too.
            let (invoke, args) = match (invoke, args.split_first()) {
                (None, Some((flag, rest))) if flag == "--invoke" && !rest.is_empty() => {
                    (Some(rest[0].clone()), &rest[1..])
                }
                _ => (invoke.clone(), &args[..]),
            };
            let result = run(&RunOptions {
                file,
                invoke: invoke.as_deref(),
                fuel: *fuel,
                lazy_validation: *lazy_validation,
                proposals,
                max_memory_size: *max_memory_size,
                args,
                dirs,
                envs,
                listeners,
            });
            #[cfg(feature = "op-stats")]
            if let Some(n) = *op_stats {
                print_op_stats(n);
            }
            result
        }
        Command::Wast { proposals, file } => {
            let mut config = Config::new();
            config.all_proposals();
            apply_proposals(&mut config, proposals);
            wast::run_file(file, &config)
        }
        Command::Disasm { file, func } => disasm(file, func.as_deref()),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
