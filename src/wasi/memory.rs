//! Guest memory access for the ABI layer: every pointer the guest passes is
//! checked here, once. Out-of-bounds is `EFAULT`; a pointer not aligned for
//! its type is `EINVAL`; a string that is not UTF-8 is `EILSEQ`.

use super::types::{Errno, WasiResult};
use alloc::vec::Vec;

/// A view of the calling instance's linear memory.
pub struct GuestMemory<'a> {
    bytes: &'a mut [u8],
}

impl<'a> GuestMemory<'a> {
    /// Wraps a memory's bytes.
    pub fn new(bytes: &'a mut [u8]) -> GuestMemory<'a> {
        GuestMemory { bytes }
    }

    fn range(&self, ptr: u32, len: u64, align: u32) -> WasiResult<core::ops::Range<usize>> {
        if ptr % align != 0 {
            return Err(Errno::Inval);
        }
        let end = ptr as u64 + len;
        if end > self.bytes.len() as u64 {
            return Err(Errno::Fault);
        }
        Ok(ptr as usize..end as usize)
    }

    /// `len` bytes at `ptr`.
    pub fn slice(&self, ptr: u32, len: u32) -> WasiResult<&[u8]> {
        let r = self.range(ptr, len as u64, 1)?;
        Ok(&self.bytes[r])
    }

    /// `len` writable bytes at `ptr`.
    pub fn slice_mut(&mut self, ptr: u32, len: u32) -> WasiResult<&mut [u8]> {
        let r = self.range(ptr, len as u64, 1)?;
        Ok(&mut self.bytes[r])
    }

    /// A UTF-8 string of `len` bytes at `ptr`.
    pub fn str(&self, ptr: u32, len: u32) -> WasiResult<&str> {
        core::str::from_utf8(self.slice(ptr, len)?).map_err(|_| Errno::Ilseq)
    }

    /// Writes `data` at `ptr`.
    pub fn write_bytes(&mut self, ptr: u32, data: &[u8]) -> WasiResult<()> {
        self.slice_mut(ptr, u32::try_from(data.len()).map_err(|_| Errno::Fault)?)?
            .copy_from_slice(data);
        Ok(())
    }

    fn write_le<const N: usize>(&mut self, ptr: u32, bytes: [u8; N]) -> WasiResult<()> {
        let r = self.range(ptr, N as u64, N as u32)?;
        self.bytes[r].copy_from_slice(&bytes);
        Ok(())
    }

    fn read_le<const N: usize>(&self, ptr: u32) -> WasiResult<[u8; N]> {
        let r = self.range(ptr, N as u64, N as u32)?;
        let mut out = [0u8; N];
        out.copy_from_slice(&self.bytes[r]);
        Ok(out)
    }

    /// Writes a `u8`.
    pub fn write_u8(&mut self, ptr: u32, v: u8) -> WasiResult<()> {
        self.write_le(ptr, [v])
    }
    /// Writes an aligned `u16`.
    pub fn write_u16(&mut self, ptr: u32, v: u16) -> WasiResult<()> {
        self.write_le(ptr, v.to_le_bytes())
    }
    /// Writes an aligned `u32`.
    pub fn write_u32(&mut self, ptr: u32, v: u32) -> WasiResult<()> {
        self.write_le(ptr, v.to_le_bytes())
    }
    /// Writes an aligned `u64`.
    pub fn write_u64(&mut self, ptr: u32, v: u64) -> WasiResult<()> {
        self.write_le(ptr, v.to_le_bytes())
    }
    /// Reads a `u8`.
    pub fn read_u8(&self, ptr: u32) -> WasiResult<u8> {
        Ok(self.read_le::<1>(ptr)?[0])
    }
    /// Reads an aligned `u16`.
    pub fn read_u16(&self, ptr: u32) -> WasiResult<u16> {
        Ok(u16::from_le_bytes(self.read_le(ptr)?))
    }
    /// Reads an aligned `u32`.
    pub fn read_u32(&self, ptr: u32) -> WasiResult<u32> {
        Ok(u32::from_le_bytes(self.read_le(ptr)?))
    }
    /// Reads an aligned `u64`.
    pub fn read_u64(&self, ptr: u32) -> WasiResult<u64> {
        Ok(u64::from_le_bytes(self.read_le(ptr)?))
    }

    /// Reads an array of `(ptr, len)` buffer descriptors (`iovec`/`ciovec`)
    /// and checks that every buffer lies in memory.
    pub fn iovecs(&self, ptr: u32, count: u32) -> WasiResult<Vec<(u32, u32)>> {
        self.range(ptr, count as u64 * 8, 4)?;
        let mut out = Vec::with_capacity(count as usize);
        for i in 0..count {
            let base = self.read_u32(ptr + i * 8)?;
            let len = self.read_u32(ptr + i * 8 + 4)?;
            self.range(base, len as u64, 1)?;
            out.push((base, len));
        }
        Ok(out)
    }
}
