//! Exception handling's part of the translator: `throw`, `throw_ref`,
//! `try_table`, and the legacy `try`/`catch`/`catch_all`/`rethrow`/
//! `delegate`.
//!
//! # Handler tables
//!
//! No op marks where a `try_table` or `try` begins or ends: code that never
//! throws runs exactly the ops it would without them. Instead each
//! function that has handlers gets a [`Handlers`] table, which the
//! interpreter reads only when an exception is thrown (`exec`,
//! "Exceptions"):
//!
//! * a [`Scope`] per `try_table` and per legacy `try`: the range of ops
//!   its body covers, its clauses, and its *parent*, the scope an
//!   exception goes to when none of its clauses matches. Scopes are
//!   numbered in the order they open, so nested scopes come after the
//!   ones around them, and the innermost scope covering an op is the last
//!   one whose range holds it.
//! * a [`Clause`] per `catch`: the tag it matches (or all), where the
//!   payload goes (consecutive slots from `dst`), where the `exnref` goes
//!   (`exn`; for `catch_ref`/`catch_all_ref` the slot after the payload),
//!   and the op to continue at.
//!
//! A `try_table` clause is a branch to a label, so its slots and target are
//! exactly those of a `br` to that label: the label's result (or, for a
//! loop, parameter) slots, and the label's op, patched when the label is
//! pinned, as branch offsets are. A clause that targets the function's
//! own label returns: its target is a `return` after the body, and its
//! payload goes to the result slots `0..n`.
//!
//! A legacy `try`'s scope covers its body only; each `catch` starts a
//! block of code that finds, from the `try`'s height up, the exception
//! (for `rethrow`) and then the payload. The exception takes a stack
//! position that wasm does not see: the catch block's code works on the
//! values above it, its results and branches move values to the `try`'s
//! result slots as any block's do, and, being below every value the block
//! pushes, its slot outlives the calls the block makes (a callee's frame
//! starts at its first argument). `delegate l` makes its scope's parent the scope in force in
//! label `l`'s block (none, for the function's label: the caller's), so
//! an exception skips the handlers in between.

use super::{Control, FrameKind, Label, Translator};
use crate::bytecode::{Op, Slot};
use crate::error::Result;
use alloc::vec::Vec;
use wasmparser::{Catch, Operator, TryTable};

/// No scope: the exception leaves the function.
pub(crate) const NO_SCOPE: u32 = u32::MAX;
/// A clause's tag when it catches every exception.
pub(crate) const CATCH_ALL: u32 = u32::MAX;
/// A clause's `exn` when the exception itself is not kept.
pub(crate) const NO_EXN: Slot = Slot::MAX;
/// A label user that is a clause (`index | CLAUSE_USER`), not a branch op.
pub(super) const CLAUSE_USER: usize = 1 << (usize::BITS - 1);

/// A function's exception handlers (see the [module docs](self)).
#[derive(Debug, Default)]
pub(crate) struct Handlers {
    pub scopes: Vec<Scope>,
    /// Grouped by scope, each scope's in order.
    pub clauses: Vec<Clause>,
}

/// The ops a `try_table` or `try` body covers, and what catches there.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scope {
    /// Op indices `start..end`.
    pub start: u32,
    pub end: u32,
    /// Where an exception goes when no clause matches ([`NO_SCOPE`]: out of
    /// the function).
    pub parent: u32,
    /// The scope's clauses: `clauses[first..first + len]`.
    pub first: u32,
    pub len: u32,
}

/// One `catch` of a scope.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Clause {
    /// The tag's index in the instance, or [`CATCH_ALL`].
    pub tag: u32,
    /// The first of the payload's slots.
    pub dst: Slot,
    /// Where the exception's reference goes, or [`NO_EXN`].
    pub exn: Slot,
    /// The op to continue at.
    pub target: u32,
    /// The scope (until [`Handlers::finish`] groups the clauses).
    scope: u32,
}

impl Handlers {
    /// The clause that catches an exception thrown at op `pos`, given
    /// whether a clause's tag matches; the scopes are searched from the
    /// innermost that covers `pos` outwards.
    pub(crate) fn find(&self, pos: u32, matches: impl Fn(u32) -> bool) -> Option<&Clause> {
        let mut s = self
            .scopes
            .iter()
            .rposition(|s| s.start <= pos && pos < s.end)? as u32;
        while let Some(scope) = self.scopes.get(s as usize) {
            let clauses = self
                .clauses
                .get(scope.first as usize..(scope.first + scope.len) as usize)
                .unwrap_or(&[]);
            if let Some(c) = clauses
                .iter()
                .find(|c| c.tag == CATCH_ALL || matches(c.tag))
            {
                return Some(c);
            }
            s = scope.parent;
        }
        None
    }

    /// Groups the clauses by scope (a legacy `try`'s may be interleaved
    /// with those of tries in its catch blocks), keeping each scope's in
    /// order, and records each scope's range of them.
    fn finish(&mut self) {
        self.clauses.sort_by_key(|c| c.scope);
        let mut at = 0;
        for (i, scope) in self.scopes.iter_mut().enumerate() {
            scope.first = at as u32;
            while self.clauses.get(at).is_some_and(|c| c.scope == i as u32) {
                at += 1;
            }
            scope.len = at as u32 - scope.first;
        }
    }

    /// The op indices where clauses continue (branch targets, for the
    /// accumulator pass).
    pub(crate) fn targets(&self) -> impl Iterator<Item = u32> + '_ {
        self.clauses.iter().map(|c| c.target)
    }
}

/// The translator's exception state.
#[derive(Debug)]
pub(super) struct ExnState {
    pub handlers: Handlers,
    /// The scope in force at the op being translated.
    pub scope: u32,
    /// The label of the `return` that clauses targeting the function's
    /// label continue at, once one needs it.
    pub return_pad: Option<usize>,
}

impl Default for ExnState {
    fn default() -> ExnState {
        ExnState {
            handlers: Handlers::default(),
            scope: NO_SCOPE,
            return_pad: None,
        }
    }
}

impl Translator<'_> {
    /// The exception-handling operators; whether `op` is one.
    pub(super) fn exn_op(&mut self, op: &Operator<'_>) -> Result<bool> {
        match *op {
            Operator::Throw { tag_index } => {
                let n = self.tag_params(tag_index);
                let args = self.pop_args(n)?;
                self.emit(Op::Throw {
                    tag: tag_index,
                    args,
                });
                self.mark_unreachable();
            }
            Operator::ThrowRef => {
                let exn = self.pop_slot()?;
                self.emit(Op::ThrowRef { exn });
                self.mark_unreachable();
            }
            Operator::TryTable { ref try_table } => self.try_table(try_table)?,
            Operator::Try { blockty } => {
                let label = self.new_label();
                self.push_frame(FrameKind::Try, blockty, label)?;
                self.open_scope();
            }
            Operator::Catch { tag_index } => self.catch(Some(tag_index))?,
            Operator::CatchAll => self.catch(None)?,
            Operator::Delegate { relative_depth } => self.delegate(relative_depth)?,
            Operator::Rethrow { relative_depth } => {
                let idx = (self.control.len() - 1).wrapping_sub(relative_depth as usize);
                let height = match self.control.get(idx) {
                    Some(c) if matches!(c.kind, FrameKind::Catch { .. }) => c.height,
                    _ => return Err(self.unsupported("rethrow outside a catch")),
                };
                let exn = self.slot(self.stack.temp_slot(height))?;
                self.emit(Op::ThrowRef { exn });
                self.mark_unreachable();
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// The number of values tag `tag` carries.
    fn tag_params(&self, tag: u32) -> u32 {
        let info = self.info;
        info.tags
            .get(tag as usize)
            .and_then(|&t| info.func_type(t).ok())
            .map_or(0, |t| t.params().len() as u32)
    }

    /// The slots the values tag `tag` carries take.
    fn tag_cells(&self, tag: u32) -> u32 {
        let info = self.info;
        info.tags
            .get(tag as usize)
            .and_then(|&t| info.func_type(t).ok())
            .map_or(0, |t| crate::types::cells_of(t.params()))
    }

    /// Opens a scope for the frame just pushed, in force from here.
    fn open_scope(&mut self) -> u32 {
        let id = self.exn.handlers.scopes.len() as u32;
        self.exn.handlers.scopes.push(Scope {
            start: self.ops.len() as u32,
            end: self.ops.len() as u32,
            parent: self.exn.scope,
            first: 0,
            len: 0,
        });
        self.exn.scope = id;
        self.control.last_mut().unwrap().scope = id;
        id
    }

    /// Ends scope `id`'s range here; its parent is in force again.
    pub(super) fn close_scope(&mut self, id: u32) {
        let scope = &mut self.exn.handlers.scopes[id as usize];
        scope.end = self.ops.len() as u32;
        self.exn.scope = scope.parent;
    }

    /// Adds a clause of scope `scope` that continues at `label`.
    fn add_clause(&mut self, scope: u32, tag: u32, dst: Slot, exn: Slot, label: usize) -> usize {
        let index = self.exn.handlers.clauses.len();
        let target = match &mut self.labels[label] {
            Label::Pinned(at) => *at as u32,
            Label::Pending(users) => {
                users.push(index | CLAUSE_USER);
                0
            }
        };
        self.exn.handlers.clauses.push(Clause {
            tag,
            dst,
            exn,
            target,
            scope,
        });
        index
    }

    /// Points clause `index` (a label's user) at op `at`.
    pub(super) fn pin_clause(&mut self, index: usize, at: usize) {
        self.exn.handlers.clauses[index].target = at as u32;
    }

    fn try_table(&mut self, try_table: &TryTable) -> Result<()> {
        // The clauses' labels are those around the `try_table`.
        let mut clauses = Vec::with_capacity(try_table.catches.len());
        for catch in &try_table.catches {
            let (tag, label, with_ref) = match *catch {
                Catch::One { tag, label } => (tag, label, false),
                Catch::OneRef { tag, label } => (tag, label, true),
                Catch::All { label } => (CATCH_ALL, label, false),
                Catch::AllRef { label } => (CATCH_ALL, label, true),
            };
            let idx = self.control.len() - 1 - label as usize;
            let frame = &self.control[idx];
            let (dst, target) = match frame.kind {
                FrameKind::Function => {
                    let pad = match self.exn.return_pad {
                        Some(pad) => pad,
                        None => {
                            let pad = self.new_label();
                            self.exn.return_pad = Some(pad);
                            pad
                        }
                    };
                    (0, pad)
                }
                _ => (self.stack.temp_slot(frame.height), frame.label),
            };
            self.control[idx].branched = true;
            // The payload's slots (two for a v128).
            let n = if tag == CATCH_ALL {
                0
            } else {
                self.tag_cells(tag)
            };
            let dst = self.slot(dst)?;
            let exn = match with_ref {
                true => self.slot(dst as u32 + n)?,
                false => NO_EXN,
            };
            clauses.push((tag, dst, exn, target));
        }
        let label = self.new_label();
        self.push_frame(FrameKind::TryTable, try_table.ty, label)?;
        let scope = self.open_scope();
        for (tag, dst, exn, target) in clauses {
            self.add_clause(scope, tag, dst, exn, target);
        }
        Ok(())
    }

    /// A legacy `catch` (`tag` some) or `catch_all`.
    fn catch(&mut self, tag: Option<u32>) -> Result<()> {
        let idx = self.control.len() - 1;
        let scope = match self.control[idx].kind {
            FrameKind::Try => {
                // The end of the body: it leaves the scope, and its
                // fallthrough skips the catch blocks.
                let scope = self.control[idx].scope;
                self.block_fallthrough()?;
                self.close_scope(scope);
                let parent = self.exn.scope;
                self.control[idx].scope = parent;
                self.control[idx].kind = FrameKind::Catch { scope };
                scope
            }
            FrameKind::Catch { scope } => {
                self.block_fallthrough()?;
                scope
            }
            _ => return Err(self.unsupported("catch outside a try")),
        };
        let height = self.control[idx].height;
        self.stack.truncate(height);
        let start = self.new_label();
        self.pin_label(start)?;
        // The exception, below what the block sees; then the payload.
        let exn = self.push_temp_kind(super::stack::Kind::Ref)?;
        let dst = self.slot(self.stack.temp_slot(height + 1))?;
        let tag = match tag {
            Some(t) => {
                let info = self.info;
                let ty = info
                    .tags
                    .get(t as usize)
                    .and_then(|&i| info.func_type(i).ok());
                for p in ty.map_or(&[][..], |t| t.params()) {
                    self.push_temp_of(*p)?;
                }
                t
            }
            None => CATCH_ALL,
        };
        self.add_clause(scope, tag, dst, exn, start);
        self.reachable = true;
        Ok(())
    }

    /// `delegate`: ends the `try`, whose exceptions go to the scope in
    /// force in label `depth`'s block (counted without the `try`).
    fn delegate(&mut self, depth: u32) -> Result<()> {
        let last = self.control.last().unwrap();
        if !matches!(last.kind, FrameKind::Try) {
            return Err(self.unsupported("delegate outside a try"));
        }
        let scope = last.scope;
        let outer = (self.control.len().wrapping_sub(2)).wrapping_sub(depth as usize);
        let parent = match self.control.get(outer) {
            Some(Control {
                kind: FrameKind::Function,
                ..
            })
            | None => NO_SCOPE,
            Some(c) => c.scope,
        };
        self.close_scope(scope);
        self.exn.handlers.scopes[scope as usize].parent = parent;
        self.end_block()
    }

    /// The exception side of a block's `end`: a `try_table`'s or a
    /// `try` body's scope closes.
    pub(super) fn end_exn_frame(&mut self, kind: FrameKind) {
        if let FrameKind::TryTable | FrameKind::Try = kind {
            let scope = self.control.last().unwrap().scope;
            self.close_scope(scope);
        }
    }

    /// What the end of a function's translation adds: the `return` that
    /// clauses targeting the function's label continue at, and the clauses
    /// grouped. Returns the handlers (none if the function has no scope).
    pub(super) fn finish_handlers(&mut self) -> Result<Option<alloc::boxed::Box<Handlers>>> {
        if let Some(pad) = self.exn.return_pad {
            self.pin_label(pad)?;
            self.emit_ret();
        }
        if self.exn.handlers.scopes.is_empty() {
            return Ok(None);
        }
        let mut handlers = core::mem::take(&mut self.exn.handlers);
        handlers.finish();
        Ok(Some(alloc::boxed::Box::new(handlers)))
    }
}
