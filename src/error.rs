//! Errors and traps.
//!
//! Every failure Spindle can report is an [`Error`]. Its [`ErrorKind`] says
//! which stage failed: decoding and validation ([`ErrorKind::Invalid`]),
//! linking and instantiation, or execution ([`ErrorKind::Trap`]). A trap
//! carries a [`TrapCode`] that embedders and the spec-test runner match on.

use alloc::boxed::Box;
use alloc::string::String;
use core::fmt;

/// The kinds of trap the WebAssembly spec defines, plus Spindle's own
/// resource traps (fuel, stack) and errors raised by host functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TrapCode {
    /// `unreachable` was executed.
    Unreachable,
    /// A linear-memory access was out of bounds.
    MemoryOutOfBounds,
    /// A table access (get, set, copy, init, fill, call_indirect) was out of bounds.
    TableOutOfBounds,
    /// `call_indirect` found a null entry.
    IndirectCallToNull,
    /// `call_indirect` found a function of another type.
    BadSignature,
    /// Signed division overflow (`i32.div_s(MIN, -1)`) or an out-of-range truncation.
    IntegerOverflow,
    /// Integer division or remainder by zero.
    IntegerDivisionByZero,
    /// A float-to-int truncation of NaN.
    BadConversionToInteger,
    /// The call depth or value-stack limit of [`Config`](crate::Config) was reached.
    StackOverflow,
    /// Fuel metering is on and the store ran out of fuel.
    OutOfFuel,
    /// A host function returned an error.
    HostError,
    /// `ref.as_non_null` or `call_ref` found a null reference.
    NullReference,
    /// A struct access (`struct.get`, `struct.set`) found a null reference
    /// (the `gc` cargo feature).
    #[cfg(feature = "gc")]
    NullStructReference,
    /// An array access (`array.get`, `array.len`, `array.copy`, ...) found
    /// a null reference.
    #[cfg(feature = "gc")]
    NullArrayReference,
    /// `i31.get_s` or `i31.get_u` found a null reference.
    #[cfg(feature = "gc")]
    NullI31Reference,
    /// An array access was out of bounds (or a segment range, for
    /// `array.new_data`, `array.init_elem`, ...).
    #[cfg(feature = "gc")]
    ArrayOutOfBounds,
    /// `ref.cast` found a reference not of the type it casts to.
    #[cfg(feature = "gc")]
    CastFailure,
    /// A GC allocation (`struct.new`, `array.new`, ...) does not fit: its
    /// size overflows, the store's limiter refuses it
    /// ([`ResourceLimiter::gc_heap_growing`](crate::ResourceLimiter::gc_heap_growing)),
    /// or host memory ran out.
    #[cfg(feature = "gc")]
    AllocationTooLarge,
}

impl TrapCode {
    /// The message the WebAssembly spec testsuite uses for this trap.
    pub fn message(self) -> &'static str {
        match self {
            TrapCode::Unreachable => "unreachable",
            TrapCode::MemoryOutOfBounds => "out of bounds memory access",
            TrapCode::TableOutOfBounds => "out of bounds table access",
            TrapCode::IndirectCallToNull => "uninitialized element",
            TrapCode::BadSignature => "indirect call type mismatch",
            TrapCode::IntegerOverflow => "integer overflow",
            TrapCode::IntegerDivisionByZero => "integer divide by zero",
            TrapCode::BadConversionToInteger => "invalid conversion to integer",
            TrapCode::StackOverflow => "call stack exhausted",
            TrapCode::OutOfFuel => "all fuel consumed",
            TrapCode::HostError => "host error",
            TrapCode::NullReference => "null reference",
            #[cfg(feature = "gc")]
            TrapCode::NullStructReference => "null structure reference",
            #[cfg(feature = "gc")]
            TrapCode::NullArrayReference => "null array reference",
            #[cfg(feature = "gc")]
            TrapCode::NullI31Reference => "null i31 reference",
            #[cfg(feature = "gc")]
            TrapCode::ArrayOutOfBounds => "out of bounds array access",
            #[cfg(feature = "gc")]
            TrapCode::CastFailure => "cast failure",
            #[cfg(feature = "gc")]
            TrapCode::AllocationTooLarge => "allocation size too large",
        }
    }
}

impl fmt::Display for TrapCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

/// A trap: execution stopped abnormally.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trap {
    /// What went wrong.
    pub code: TrapCode,
    /// Where, if known: the module function index and the byte offset of
    /// the instruction in the module binary.
    pub location: Option<TrapLocation>,
    /// The wasm frames that called the trapping one, innermost first: each
    /// the call instruction that was running. At most 32 of them, of the
    /// innermost wasm activation (a host function between two wasm calls
    /// ends the trace), and none when `location` is `None`, when memory is
    /// too short to record them (a trap of an exhausted heap), or in the
    /// `small-footprint` build (which leaves the trace out to save flash).
    pub trace: alloc::vec::Vec<TrapLocation>,
}

/// Where a trap happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrapLocation {
    /// The function's index in its module's function index space.
    pub func_index: u32,
    /// The function's name from the name section, if it has one.
    pub func_name: Option<String>,
    /// Byte offset of the trapping instruction in the module binary.
    pub offset: usize,
    /// Byte offset of the function's body (its size field) in the module
    /// binary: `offset - func_offset` is the offset within the function.
    pub func_offset: usize,
    /// The instance's index in its store
    /// ([`Instance::from_trap_location`](crate::Instance::from_trap_location)).
    pub(crate) instance: u32,
}

impl From<TrapCode> for Trap {
    fn from(code: TrapCode) -> Trap {
        Trap {
            code,
            location: None,
            trace: alloc::vec::Vec::new(),
        }
    }
}

impl fmt::Display for Trap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "trap: {}", self.code)?;
        if let Some(loc) = &self.location {
            match &loc.func_name {
                Some(name) => write!(f, " in function {} ({})", loc.func_index, name)?,
                None => write!(f, " in function {}", loc.func_index)?,
            }
            write!(f, " at offset {:#x}", loc.offset)?;
        }
        Ok(())
    }
}

/// Which stage an [`Error`] comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The module's bytes are malformed or fail validation.
    Invalid {
        /// The function index the problem is in, if it is inside a function body.
        func_index: Option<u32>,
        /// Byte offset in the module binary.
        offset: usize,
    },
    /// The module is valid but exceeds one of Spindle's implementation
    /// limits (for example more than 65,535 value slots in one function).
    Unsupported,
    /// An import could not be resolved or has the wrong type.
    Link,
    /// Instantiation failed after linking (a segment out of bounds, a resource limit).
    Instantiate,
    /// Execution trapped.
    Trap(Trap),
    /// An API call was given arguments of the wrong number or types.
    BadArgument,
    /// A handle ([`Func`](crate::Func), [`Memory`](crate::Memory), ...)
    /// or a `funcref` value was used with a [`Store`](crate::Store) it does
    /// not belong to.
    WrongStore,
    /// The guest asked to exit (WASI `proc_exit`) with this status.
    Exit(i32),
    /// A WebAssembly exception that no handler caught (the `exceptions`
    /// cargo feature), or, returned by a host function, one it throws.
    #[cfg(feature = "exceptions")]
    Exception(Exception),
}

/// A WebAssembly exception as an error: the tag and the values it carries,
/// and, when it escaped from wasm, where it was thrown.
///
/// A host function throws one by returning [`Error::throw`]; a call that
/// ends with one uncaught returns it. [`Exception::tag`] and
/// [`Exception::payload`] (in the `store` layer, which defines tags and
/// values) read it back.
#[cfg(feature = "exceptions")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exception {
    /// The tag: its store's id and its index in the store.
    pub(crate) store: u32,
    pub(crate) tag: u32,
    pub(crate) payload: alloc::vec::Vec<RawVal>,
    /// Where it was thrown: the `throw` or `throw_ref`, or the call of the
    /// host function that threw it. `None` for one made by the host.
    pub location: Option<TrapLocation>,
    /// The wasm frames that called the throwing one, innermost first, as
    /// for a [`Trap`].
    pub trace: alloc::vec::Vec<TrapLocation>,
}

/// A value inside an [`Exception`], in a form this layer can hold (the
/// handles are the store's indices; the store layer makes them
/// [`Val`](crate::Val)s again).
#[cfg(feature = "exceptions")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RawVal {
    I32(i32),
    I64(i64),
    F32(u32),
    F64(u64),
    V128(u128),
    FuncRef(Option<u32>),
    ExternRef(Option<u32>),
    /// An exception reference: its index and generation in the store.
    ExnRef(Option<(u32, u16)>),
    /// A reference of the `any` hierarchy: its cell (`bytecode::gc`).
    #[cfg(feature = "gc")]
    AnyRef(Option<u64>),
}

/// The error type of every fallible Spindle operation.
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    inner: Box<ErrorInner>,
}

#[derive(Clone, PartialEq, Eq)]
struct ErrorInner {
    kind: ErrorKind,
    message: String,
}

impl Error {
    // The generic constructors only convert their arguments and call one
    // non-generic function each: a copy per argument type would cost flash.
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error::with_message(kind, message.into())
    }

    fn with_message(kind: ErrorKind, message: String) -> Error {
        Error {
            inner: Box::new(ErrorInner { kind, message }),
        }
    }

    /// An invalid module, at byte `offset` of the binary (`usize::MAX` if
    /// that does not fit).
    pub(crate) fn invalid(func_index: Option<u32>, offset: u64, message: &str) -> Error {
        let offset = usize::try_from(offset).unwrap_or(usize::MAX);
        Error::with_message(ErrorKind::Invalid { func_index, offset }, message.into())
    }

    /// wasmparser's decoding or validation error `e`, in function
    /// `func_index` if it is in one. (One shared copy: every reader of the
    /// binary maps its errors through here.)
    pub(crate) fn from_reader(func_index: Option<u32>, e: wasmparser::BinaryReaderError) -> Error {
        Error::invalid(func_index, e.offset(), e.message())
    }

    pub(crate) fn link(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Link, message)
    }

    pub(crate) fn instantiate(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Instantiate, message)
    }

    pub(crate) fn bad_argument(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::BadArgument, message)
    }

    /// A host-function error: traps the calling wasm with [`TrapCode::HostError`].
    pub fn host(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Trap(Trap::from(TrapCode::HostError)), message)
    }

    /// The guest's request to exit with `status` (WASI `proc_exit`): it
    /// ends the running call, like a trap, but is not a failure of the
    /// engine.
    pub fn exit(status: i32) -> Error {
        Error::new(
            ErrorKind::Exit(status),
            alloc::format!("exit with status {status}"),
        )
    }

    /// The exit status, if this is a [`Error::exit`].
    pub fn exit_code(&self) -> Option<i32> {
        match self.inner.kind {
            ErrorKind::Exit(status) => Some(status),
            _ => None,
        }
    }

    /// Which stage failed.
    pub fn kind(&self) -> &ErrorKind {
        &self.inner.kind
    }

    /// The human-readable description.
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// The trap, if this error is one.
    pub fn as_trap(&self) -> Option<&Trap> {
        match &self.inner.kind {
            ErrorKind::Trap(t) => Some(t),
            _ => None,
        }
    }

    /// The exception, if this error is an uncaught (or host-thrown)
    /// WebAssembly exception.
    #[cfg(feature = "exceptions")]
    pub fn as_exception(&self) -> Option<&Exception> {
        match &self.inner.kind {
            ErrorKind::Exception(e) => Some(e),
            _ => None,
        }
    }

    /// The error that carries `exception`.
    #[cfg(feature = "exceptions")]
    pub(crate) fn from_exception(exception: Exception) -> Error {
        let message = match &exception.location {
            Some(loc) => match &loc.func_name {
                Some(name) => alloc::format!(
                    "uncaught exception in function {} ({name}) at offset {:#x}",
                    loc.func_index,
                    loc.offset
                ),
                None => alloc::format!(
                    "uncaught exception in function {} at offset {:#x}",
                    loc.func_index,
                    loc.offset
                ),
            },
            None => String::from("uncaught exception"),
        };
        Error::new(ErrorKind::Exception(exception), message)
    }

    /// The trap code, if this error is a trap.
    pub fn trap_code(&self) -> Option<TrapCode> {
        self.as_trap().map(|t| t.code)
    }
}

impl From<Trap> for Error {
    fn from(trap: Trap) -> Error {
        let message = String::from(trap.code.message());
        Error::new(ErrorKind::Trap(trap), message)
    }
}

impl From<TrapCode> for Error {
    fn from(code: TrapCode) -> Error {
        Error::from(Trap::from(code))
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error({:?}: {})", self.inner.kind, self.inner.message)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner.kind {
            ErrorKind::Invalid {
                func_index: Some(func),
                offset,
            } => {
                write!(
                    f,
                    "invalid module: {} (function {func}, offset {offset:#x})",
                    self.inner.message
                )
            }
            ErrorKind::Invalid {
                func_index: None,
                offset,
            } => {
                write!(
                    f,
                    "invalid module: {} (offset {offset:#x})",
                    self.inner.message
                )
            }
            ErrorKind::Unsupported => write!(f, "unsupported module: {}", self.inner.message),
            ErrorKind::Link => write!(f, "link error: {}", self.inner.message),
            ErrorKind::Instantiate => write!(f, "instantiation failed: {}", self.inner.message),
            ErrorKind::Trap(trap) if trap.code == TrapCode::HostError => {
                write!(f, "{trap}: {}", self.inner.message)
            }
            ErrorKind::Trap(trap) => write!(f, "{trap}"),
            ErrorKind::BadArgument => write!(f, "bad argument: {}", self.inner.message),
            ErrorKind::WrongStore => f.write_str(&self.inner.message),
            ErrorKind::Exit(status) => write!(f, "exit with status {status}"),
            #[cfg(feature = "exceptions")]
            ErrorKind::Exception(e) => {
                write!(f, "{} (tag {}, payload [", self.inner.message, e.tag)?;
                for (i, v) in e.payload.iter().enumerate() {
                    let sep = if i == 0 { "" } else { ", " };
                    match v {
                        RawVal::I32(v) => write!(f, "{sep}i32:{v}")?,
                        RawVal::I64(v) => write!(f, "{sep}i64:{v}")?,
                        RawVal::F32(v) => write!(f, "{sep}f32:{}", f32::from_bits(*v))?,
                        RawVal::F64(v) => write!(f, "{sep}f64:{}", f64::from_bits(*v))?,
                        RawVal::V128(v) => write!(f, "{sep}v128:{v:#034x}")?,
                        RawVal::FuncRef(r) | RawVal::ExternRef(r) => match r {
                            Some(i) => write!(f, "{sep}ref:{i}")?,
                            None => write!(f, "{sep}null")?,
                        },
                        RawVal::ExnRef(r) => match r {
                            Some((i, _)) => write!(f, "{sep}exnref:{i}")?,
                            None => write!(f, "{sep}null")?,
                        },
                        #[cfg(feature = "gc")]
                        RawVal::AnyRef(r) => match r {
                            Some(c) => write!(f, "{sep}anyref:{c:#x}")?,
                            None => write!(f, "{sep}null")?,
                        },
                    }
                }
                f.write_str("])")
            }
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Error {}

/// Shorthand for `Result<T, spindle::Error>`.
pub type Result<T, E = Error> = core::result::Result<T, E>;
