//! Lowering WebAssembly GC's instructions (the `gc` cargo feature).
//!
//! Each becomes one op of the `gated` table's `"gc"` group (see `bytecode::ops`),
//! which reads its operands from slots: none has an accumulator form, so
//! the accumulator pass (`acc`) never makes one read the previous op's
//! result from a register, and every reference an allocating op uses is
//! in a frame slot when it runs (what the collector's stack maps will
//! name, `store::gc`). An op that allocates takes its operands as a call
//! takes its arguments, in consecutive temps, and leaves the new
//! reference in the first of them (where a call leaves its result).
//!
//! * A field index becomes the index of the field's first cell, known
//!   here from the module's type (`bytecode::gc::field_cell`); a packed
//!   or `v128` field's read carries its kind.
//! * `ref.test` writes 0 or 1; `ref.cast` traps or does nothing, and
//!   leaves its operand where it is (a local stays a local).
//! * `br_on_cast` and `br_on_cast_fail` are a `ref.test` into a temp and
//!   a `br_if` on it (taken if the test passes, or fails): the reference
//!   stays on the stack either way, as the branch's last value or the
//!   fall-through's.
//! * `ref.eq` is `i64.eq` on the cells: equal references have equal
//!   cells (`bytecode::gc`, "Cells").

use super::Translator;
use super::stack::Operand;
use crate::bytecode::gc::{FieldKind, field_cell, field_kind, heap_code};
use crate::bytecode::{Op, Slot, family};
use crate::error::Result;
use crate::types::{CompositeType, StorageType, StructType};
use wasmparser::Operator;

impl Translator<'_> {
    /// Lowers `op` if it is a GC instruction; whether it was.
    pub(super) fn gc_op(&mut self, op: &Operator<'_>) -> Result<bool> {
        match *op {
            Operator::StructNew { struct_type_index } => {
                let n = self.struct_type(struct_type_index)?.fields().len() as u32;
                self.alloc(n, |args| Op::StructNew {
                    args,
                    ty: struct_type_index,
                })?;
            }
            Operator::StructNewDefault { struct_type_index } => {
                self.alloc(0, |args| Op::StructNewDefault {
                    args,
                    ty: struct_type_index,
                })?;
            }
            Operator::StructGet {
                struct_type_index,
                field_index,
            } => self.struct_get(struct_type_index, field_index, None)?,
            Operator::StructGetS {
                struct_type_index,
                field_index,
            } => self.struct_get(struct_type_index, field_index, Some(true))?,
            Operator::StructGetU {
                struct_type_index,
                field_index,
            } => self.struct_get(struct_type_index, field_index, Some(false))?,
            Operator::StructSet {
                struct_type_index,
                field_index,
            } => {
                let (cell, kind) = self.field(struct_type_index, field_index, None)?;
                let value = self.pop_slot()?;
                let r = self.pop_slot()?;
                self.emit(Op::StructSet {
                    r,
                    value,
                    cell,
                    kind: kind as u16,
                });
            }
            Operator::ArrayNew { array_type_index } => {
                self.alloc(2, |args| Op::ArrayNew {
                    args,
                    ty: array_type_index,
                })?;
            }
            Operator::ArrayNewDefault { array_type_index } => {
                self.alloc(1, |args| Op::ArrayNewDefault {
                    args,
                    ty: array_type_index,
                })?;
            }
            Operator::ArrayNewFixed {
                array_type_index,
                array_size,
            } => {
                let n = u16::try_from(array_size).map_err(|_| {
                    self.unsupported("array.new_fixed of more than 65,535 elements")
                })?;
                self.alloc(n as u32, |args| Op::ArrayNewFixed {
                    args,
                    ty: array_type_index,
                    n,
                })?;
            }
            Operator::ArrayNewData {
                array_type_index,
                array_data_index,
            } => {
                self.alloc(2, |args| Op::ArrayNewData {
                    args,
                    ty: array_type_index,
                    seg: array_data_index,
                })?;
            }
            Operator::ArrayNewElem {
                array_type_index,
                array_elem_index,
            } => {
                self.alloc(2, |args| Op::ArrayNewElem {
                    args,
                    ty: array_type_index,
                    seg: array_elem_index,
                })?;
            }
            Operator::ArrayGet { array_type_index } => self.array_get(array_type_index, None)?,
            Operator::ArrayGetS { array_type_index } => {
                self.array_get(array_type_index, Some(true))?
            }
            Operator::ArrayGetU { array_type_index } => {
                self.array_get(array_type_index, Some(false))?
            }
            Operator::ArraySet { .. } => {
                let value = self.pop_slot()?;
                let index = self.pop_slot()?;
                let r = self.pop_slot()?;
                self.emit(Op::ArraySet { r, index, value });
            }
            Operator::ArrayLen => {
                let r = self.pop_slot()?;
                let dst = self.push_temp()?;
                self.emit(Op::ArrayLen { dst, r });
            }
            Operator::ArrayFill { .. } => {
                let args = self.pop_args(4)?;
                self.emit(Op::ArrayFill { args });
            }
            Operator::ArrayCopy { .. } => {
                let args = self.pop_args(5)?;
                self.emit(Op::ArrayCopy { args });
            }
            Operator::ArrayInitData {
                array_data_index, ..
            } => {
                let args = self.pop_args(4)?;
                self.emit(Op::ArrayInitData {
                    args,
                    seg: array_data_index,
                });
            }
            Operator::ArrayInitElem {
                array_elem_index, ..
            } => {
                let args = self.pop_args(4)?;
                self.emit(Op::ArrayInitElem {
                    args,
                    seg: array_elem_index,
                });
            }
            Operator::RefI31 => self.unary(|dst, src| Op::RefI31 { dst, src })?,
            Operator::I31GetS => self.unary(|dst, src| Op::I31GetS { dst, src })?,
            Operator::I31GetU => self.unary(|dst, src| Op::I31GetU { dst, src })?,
            Operator::AnyConvertExtern => {
                self.unary(|dst, src| Op::AnyConvertExtern { dst, src })?;
                self.stack.mark_top_ref();
            }
            Operator::ExternConvertAny => {
                self.unary(|dst, src| Op::ExternConvertAny { dst, src })?;
                self.stack.mark_top_ref();
            }
            Operator::RefEq => {
                if let Some(f) = family(&Operator::I64Eq) {
                    self.family_op(f)?;
                }
            }
            Operator::RefTestNonNull { hty } | Operator::RefTestNullable { hty } => {
                let ty = self.heap_code(matches!(op, Operator::RefTestNullable { .. }), hty)?;
                let r = self.pop_slot()?;
                let dst = self.push_temp()?;
                self.emit(Op::RefTest { dst, r, ty });
            }
            Operator::RefCastNonNull { hty } | Operator::RefCastNullable { hty } => {
                let ty = self.heap_code(matches!(op, Operator::RefCastNullable { .. }), hty)?;
                let r = self.top_slot()?;
                self.emit(Op::RefCast { r, ty });
            }
            Operator::BrOnCast {
                relative_depth,
                to_ref_type,
                ..
            } => self.br_on_cast(relative_depth, to_ref_type, false)?,
            Operator::BrOnCastFail {
                relative_depth,
                to_ref_type,
                ..
            } => self.br_on_cast(relative_depth, to_ref_type, true)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// The struct type of module type `ty`.
    fn struct_type(&self, ty: u32) -> Result<&StructType> {
        match self.info.types.get(ty as usize).map(|t| &t.composite) {
            Some(CompositeType::Struct(st)) => Ok(st),
            _ => Err(self.unsupported("a struct op names a type that is not a struct")),
        }
    }

    /// The element's storage type of array type `ty`.
    fn array_elem(&self, ty: u32) -> Result<StorageType> {
        match self.info.types.get(ty as usize).map(|t| &t.composite) {
            Some(CompositeType::Array(a)) => Ok(a.field_type().element_type()),
            _ => Err(self.unsupported("an array op names a type that is not an array")),
        }
    }

    /// Field `field` of struct type `ty`: its first cell and how it is read.
    fn field(&self, ty: u32, field: u32, signed: Option<bool>) -> Result<(u16, FieldKind)> {
        let st = self.struct_type(ty)?;
        let f = st
            .field(field as usize)
            .ok_or_else(|| self.unsupported("a struct op names a field the type lacks"))?;
        let cell = u16::try_from(field_cell(st, field as usize))
            .map_err(|_| self.unsupported("a struct of more than 65,535 cells"))?;
        Ok((cell, field_kind(f.element_type(), signed)))
    }

    fn struct_get(&mut self, ty: u32, field: u32, signed: Option<bool>) -> Result<()> {
        let (cell, kind) = self.field(ty, field, signed)?;
        let r = self.pop_slot()?;
        let dst = self.push_temp_kind(self.storage_kind(kind, self.field_type(ty, field)))?;
        self.emit(Op::StructGet {
            dst,
            r,
            cell,
            kind: kind as u16,
        });
        Ok(())
    }

    fn array_get(&mut self, ty: u32, signed: Option<bool>) -> Result<()> {
        let elem = self.array_elem(ty)?;
        let kind = field_kind(elem, signed);
        let index = self.pop_slot()?;
        let r = self.pop_slot()?;
        let dst = self.push_temp_kind(self.storage_kind(kind, Some(elem)))?;
        self.emit(Op::ArrayGet {
            dst,
            r,
            index,
            kind: kind as u16,
        });
        Ok(())
    }

    /// The type of field `field` of struct type `ty`.
    fn field_type(&self, ty: u32, field: u32) -> Option<StorageType> {
        let st = self.struct_type(ty).ok()?;
        Some(st.field(field as usize)?.element_type())
    }

    /// The stack kind of a value read from a field of storage type `t`
    /// (read as `kind`).
    fn storage_kind(&self, kind: FieldKind, t: Option<StorageType>) -> super::stack::Kind {
        match t {
            Some(StorageType::ValType(v)) => self.kind(v),
            _ => super::stack::Kind::wide_if(kind == FieldKind::V128),
        }
    }

    /// An allocating op of `params` operands (in consecutive temps) and a
    /// reference result in the first: a safepoint whose map holds its
    /// operands (see [`super::maps`]).
    fn alloc(&mut self, params: u32, op: impl FnOnce(Slot) -> Op) -> Result<()> {
        let base = self.materialize_top(params)?;
        self.emit(op(base));
        self.record_map(self.stack.len())?;
        for _ in 0..params {
            self.stack.pop();
        }
        self.push_temp_kind(super::stack::Kind::Ref)?;
        Ok(())
    }

    /// An op of one operand and one result.
    fn unary(&mut self, op: impl FnOnce(Slot, Slot) -> Op) -> Result<()> {
        let src = self.pop_slot()?;
        let dst = self.push_temp()?;
        self.emit(op(dst, src));
        Ok(())
    }

    /// The code of `(ref null? hty)` (`bytecode::gc::heap_code`).
    fn heap_code(&self, nullable: bool, hty: wasmparser::HeapType) -> Result<u32> {
        heap_code(nullable, hty).ok_or_else(|| self.unsupported("a shared or unknown heap type"))
    }

    /// The slot of the reference on top of the stack, which stays there
    /// (a constant, `ref.null`, is first written into its temp).
    fn top_slot(&mut self) -> Result<Slot> {
        let pos = self.stack.len() - 1;
        match self.stack.get(pos) {
            Operand::Local(l) => self.slot(l),
            Operand::Temp => self.slot(self.stack.temp_slot(pos)),
            Operand::Const(_) => {
                self.materialize(pos)?;
                self.slot(self.stack.temp_slot(pos))
            }
        }
    }

    /// `br_on_cast` (or, with `fail`, `br_on_cast_fail`) to the frame
    /// `depth` levels up: a `ref.test` and a `br_if` (module docs).
    fn br_on_cast(&mut self, depth: u32, to: wasmparser::RefType, fail: bool) -> Result<()> {
        let ty = self.heap_code(to.is_nullable(), to.heap_type())?;
        let r = self.top_slot()?;
        let dst = self.push_temp()?;
        self.emit(Op::RefTest { dst, r, ty });
        self.br_if_or_not(depth, fail)
    }
}
