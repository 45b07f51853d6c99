//! The `spindle` command-line tool.

mod wast;

use clap::{Parser, Subcommand};
use spindle::{Config, Engine, Linker, Module, Store, Val, ValType};
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
    /// Run a module (.wasm or .wat), calling one exported function.
    Run {
        /// The module.
        file: PathBuf,
        /// The function to call: an export name.
        #[arg(long)]
        invoke: String,
        /// Stop with a trap after this much fuel (one unit per wasm operator).
        #[arg(long)]
        fuel: Option<u64>,
        /// Arguments, parsed according to the function's parameter types.
        #[arg(allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Run a .wast script (the spec-test format).
    Wast {
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
        ValType::FuncRef | ValType::ExternRef => {
            return Err(format!("cannot pass a {ty} from the command line"));
        }
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
    }
}

fn run(file: &Path, invoke: &str, fuel: Option<u64>, args: &[String]) -> Result<ExitCode, String> {
    let bytes = read_module(file)?;
    let mut config = Config::new();
    config.consume_fuel(fuel.is_some());
    let engine = Engine::new(&config);
    let module = Module::new(&engine, &bytes).map_err(|e| format!("{}: {e}", file.display()))?;
    let mut store = Store::new(&engine, ());
    if let Some(fuel) = fuel {
        store.set_fuel(fuel).map_err(|e| e.to_string())?;
    }
    let linker = Linker::new(&engine);
    let instance = linker
        .instantiate(&mut store, &module)
        .map_err(|e| e.to_string())?;
    let func = instance
        .get_func(&store, invoke)
        .ok_or_else(|| format!("{} exports no function `{invoke}`", file.display()))?;
    let ty = func.ty(&store);
    if args.len() != ty.params().len() {
        return Err(format!(
            "`{invoke}` has signature {ty}: expected {} arguments, got {}",
            ty.params().len(),
            args.len()
        ));
    }
    let args = args
        .iter()
        .zip(ty.params())
        .map(|(a, t)| parse_arg(a, *t))
        .collect::<Result<Vec<_>, _>>()?;
    let mut results: Vec<Val> = ty.results().iter().map(|t| Val::default_for(*t)).collect();
    func.call(&mut store, &args, &mut results)
        .map_err(|e| e.to_string())?;
    for r in &results {
        println!("{}", show(r));
    }
    Ok(ExitCode::SUCCESS)
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
            print!("{text}");
        }
        None => {
            for index in 0..module.num_funcs() {
                if let Some(text) = module.disassemble(index) {
                    println!("{text}");
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Run {
            file,
            invoke,
            fuel,
            args,
        } => run(file, invoke, *fuel, args),
        Command::Wast { file } => wast::run_file(file),
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
