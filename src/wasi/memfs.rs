//! The embedded backend: `no_std` + alloc, for microcontrollers and other
//! hosts without an operating system.
//!
//! * Files and directories live in memory ([`MemFs`]), seeded by the
//!   embedder with [`MemFs::add_file`] and [`MemFs::add_dir`]. The guest
//!   sees them under one preopened directory ([`MemFs::ROOT`]).
//! * The clock, randomness and the stdout/stderr sink come from the
//!   embedder through the small [`Board`] trait.
//! * What has no meaning here answers with a documented errno: sockets
//!   `ENOTSUP`; hard links `ENOTSUP`; `fd_advise` is accepted and ignored;
//!   `poll_oneoff` on descriptors reports them ready at once (memory never
//!   blocks) and a clock subscription calls [`Board::sleep`].
//! * Sandboxing: a path is resolved inside the directory it is relative
//!   to; `..` above it, absolute symlink targets and symlinks leading out
//!   are `ENOTCAPABLE`; more than 32 symlinks in one lookup is `ELOOP`.

use super::host::{HostFd, WasiHost};
use super::types::*;
use crate::map::VecMap;
use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

/// What the embedder provides: clocks, randomness, output, sleeping.
pub trait Board: Send {
    /// The time of `clock` in nanoseconds, or `None` if the board has no
    /// such clock (the guest gets `ENOTSUP`).
    fn clock_ns(&mut self, clock: ClockId) -> Option<u64>;
    /// The resolution of `clock` in nanoseconds.
    fn clock_resolution_ns(&mut self, clock: ClockId) -> Option<u64> {
        self.clock_ns(clock).map(|_| 1)
    }
    /// Fills `buf` with random bytes; `false` if the board has no source
    /// (the guest gets `ENOTSUP`).
    fn fill_random(&mut self, buf: &mut [u8]) -> bool;
    /// Receives what the guest writes to stdout (`stream` 1) or stderr (2).
    fn write_output(&mut self, stream: u8, data: &[u8]);
    /// Waits `nanos` nanoseconds (for `poll_oneoff` clock subscriptions).
    fn sleep(&mut self, nanos: u64) {
        let _ = nanos;
    }
}

/// A board with no clock, no randomness, and output thrown away.
#[derive(Debug, Default, Clone, Copy)]
pub struct NullBoard;

impl Board for NullBoard {
    fn clock_ns(&mut self, _: ClockId) -> Option<u64> {
        None
    }
    fn fill_random(&mut self, _: &mut [u8]) -> bool {
        false
    }
    fn write_output(&mut self, _: u8, _: &[u8]) {}
}

#[derive(Debug)]
enum NodeKind {
    File(Vec<u8>),
    Dir(VecMap<String, usize>),
    Symlink(String),
}

#[derive(Debug)]
struct Node {
    kind: NodeKind,
    parent: usize,
    nlink: u64,
    atim: u64,
    mtim: u64,
    ctim: u64,
}

#[derive(Debug)]
enum Object {
    Stdin {
        pos: usize,
    },
    Output(u8),
    Node {
        inode: usize,
        pos: u64,
        append: bool,
        /// Recorded and reported; nothing in memory ever blocks.
        nonblock: bool,
        read: bool,
        write: bool,
    },
}

/// An in-memory filesystem and the [`WasiHost`] over it.
pub struct MemFs {
    nodes: Vec<Option<Node>>,
    objects: Vec<Option<Object>>,
    stdin: Vec<u8>,
    board: Box<dyn Board>,
}

impl core::fmt::Debug for MemFs {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("MemFs")
            .field("nodes", &self.nodes.len())
            .finish_non_exhaustive()
    }
}

const MAX_SYMLINKS: usize = 32;

impl MemFs {
    /// Stdin's backend descriptor.
    pub const STDIN: HostFd = 0;
    /// Stdout's backend descriptor.
    pub const STDOUT: HostFd = 1;
    /// Stderr's backend descriptor.
    pub const STDERR: HostFd = 2;
    /// The root directory's backend descriptor (preopen it).
    pub const ROOT: HostFd = 3;

    /// An empty filesystem on `board`.
    pub fn new(board: impl Board + 'static) -> MemFs {
        let root = Node {
            kind: NodeKind::Dir(VecMap::new()),
            parent: 0,
            nlink: 2,
            atim: 0,
            mtim: 0,
            ctim: 0,
        };
        MemFs {
            nodes: vec![Some(root)],
            objects: vec![
                Some(Object::Stdin { pos: 0 }),
                Some(Object::Output(1)),
                Some(Object::Output(2)),
                Some(Object::Node {
                    inode: 0,
                    pos: 0,
                    append: false,
                    nonblock: false,
                    read: true,
                    write: false,
                }),
            ],
            stdin: Vec::new(),
            board: Box::new(board),
        }
    }

    /// Sets what the guest reads from stdin.
    pub fn set_stdin(&mut self, data: impl Into<Vec<u8>>) {
        self.stdin = data.into();
    }

    /// Creates a directory (and its parents) at `path`, from the root.
    pub fn add_dir(&mut self, path: &str) -> WasiResult<()> {
        let mut dir = 0;
        for part in path.split('/').filter(|p| !p.is_empty() && *p != ".") {
            dir = match self.child(dir, part)? {
                Some(i) => i,
                None => self.create(dir, part, NodeKind::Dir(VecMap::new()))?,
            };
        }
        Ok(())
    }

    /// Creates or replaces a file at `path` with `contents`, creating parent
    /// directories.
    pub fn add_file(&mut self, path: &str, contents: impl Into<Vec<u8>>) -> WasiResult<()> {
        let (parent, name) = match path.trim_start_matches('/').rsplit_once('/') {
            Some((p, n)) => (p, n),
            None => ("", path.trim_start_matches('/')),
        };
        self.add_dir(parent)?;
        let dir = self.resolve(0, parent, true)?;
        match self.child(dir, name)? {
            Some(i) => {
                self.node_mut(i)?.kind = NodeKind::File(contents.into());
            }
            None => {
                self.create(dir, name, NodeKind::File(contents.into()))?;
            }
        }
        Ok(())
    }

    /// The contents of the file at `path`, from the root.
    pub fn file(&self, path: &str) -> Option<&[u8]> {
        let mut dir = 0;
        let mut parts = path.split('/').filter(|p| !p.is_empty()).peekable();
        while let Some(part) = parts.next() {
            let NodeKind::Dir(entries) = &self.nodes.get(dir)?.as_ref()?.kind else {
                return None;
            };
            let i = *entries.get(part)?;
            if parts.peek().is_none() {
                return match &self.nodes.get(i)?.as_ref()?.kind {
                    NodeKind::File(data) => Some(data),
                    _ => None,
                };
            }
            dir = i;
        }
        None
    }

    fn now(&mut self) -> u64 {
        self.board.clock_ns(ClockId::Realtime).unwrap_or(0)
    }

    fn node(&self, i: usize) -> WasiResult<&Node> {
        self.nodes
            .get(i)
            .and_then(Option::as_ref)
            .ok_or(Errno::Noent)
    }

    fn node_mut(&mut self, i: usize) -> WasiResult<&mut Node> {
        self.nodes
            .get_mut(i)
            .and_then(Option::as_mut)
            .ok_or(Errno::Noent)
    }

    fn child(&self, dir: usize, name: &str) -> WasiResult<Option<usize>> {
        match &self.node(dir)?.kind {
            NodeKind::Dir(entries) => Ok(entries.get(name).copied()),
            _ => Err(Errno::Notdir),
        }
    }

    fn create(&mut self, dir: usize, name: &str, kind: NodeKind) -> WasiResult<usize> {
        if name.is_empty() || name == "." || name == ".." || name.contains('/') {
            return Err(Errno::Inval);
        }
        let now = self.now();
        let is_dir = matches!(kind, NodeKind::Dir(_));
        let node = Node {
            kind,
            parent: dir,
            nlink: if is_dir { 2 } else { 1 },
            atim: now,
            mtim: now,
            ctim: now,
        };
        let i = match self.nodes.iter().position(Option::is_none) {
            Some(i) => {
                self.nodes[i] = Some(node);
                i
            }
            None => {
                self.nodes.push(Some(node));
                self.nodes.len() - 1
            }
        };
        let parent = self.node_mut(dir)?;
        if let NodeKind::Dir(entries) = &mut parent.kind {
            entries.insert(name.to_string(), i);
        }
        parent.mtim = now;
        Ok(i)
    }

    /// Resolves `path` from directory `base` to an inode. Never leaves
    /// `base`: `..` above it and absolute symlinks are `ENOTCAPABLE`.
    fn resolve(&self, base: usize, path: &str, follow_last: bool) -> WasiResult<usize> {
        let mut links = 0;
        self.walk(base, path, follow_last, &mut links)
            .map(|(i, _)| i)
    }

    /// Walks `path`; returns the inode and the stack of directories walked
    /// (so `..` can pop within the sandbox).
    fn walk(
        &self,
        base: usize,
        path: &str,
        follow_last: bool,
        links: &mut usize,
    ) -> WasiResult<(usize, Vec<usize>)> {
        if path.starts_with('/') {
            return Err(Errno::Perm);
        }
        let mut stack = vec![base];
        let parts: Vec<&str> = path
            .split('/')
            .filter(|p| !p.is_empty() && *p != ".")
            .collect();
        let trailing_slash = path.ends_with('/');
        for (k, part) in parts.iter().enumerate() {
            let last = k + 1 == parts.len();
            let cur = *stack.last().unwrap_or(&base);
            if *part == ".." {
                if stack.len() == 1 {
                    return Err(Errno::Perm);
                }
                stack.pop();
                continue;
            }
            let next = self.child(cur, part)?.ok_or(Errno::Noent)?;
            if let NodeKind::Symlink(target) = &self.node(next)?.kind {
                if !last || follow_last || trailing_slash {
                    *links += 1;
                    if *links > MAX_SYMLINKS {
                        return Err(Errno::Loop);
                    }
                    if target.starts_with('/') {
                        return Err(Errno::Perm);
                    }
                    // Resolve the target from the link's directory, keeping
                    // the sandbox: walk it with the current stack.
                    for tpart in target.split('/').filter(|p| !p.is_empty() && *p != ".") {
                        if tpart == ".." {
                            if stack.len() == 1 {
                                return Err(Errno::Perm);
                            }
                            stack.pop();
                        } else {
                            let dir = *stack.last().unwrap_or(&base);
                            let (i, _) = self.walk(dir, tpart, true, links)?;
                            stack.push(i);
                        }
                    }
                    if last {
                        let top = *stack.last().unwrap_or(&base);
                        return Ok((top, stack));
                    }
                    continue;
                }
            }
            stack.push(next);
        }
        let top = *stack.last().unwrap_or(&base);
        if trailing_slash && !matches!(self.node(top)?.kind, NodeKind::Dir(_)) {
            return Err(Errno::Notdir);
        }
        Ok((top, stack))
    }

    /// The directory containing the last component of `path`, and that
    /// component's name.
    fn parent_of<'p>(&self, base: usize, path: &'p str) -> WasiResult<(usize, &'p str)> {
        let trimmed = path.trim_end_matches('/');
        let (dir_path, name) = match trimmed.rsplit_once('/') {
            Some((d, n)) => (d, n),
            None => ("", trimmed),
        };
        if name.is_empty() || name == "." || name == ".." {
            return Err(if name == ".." {
                Errno::Perm
            } else {
                Errno::Inval
            });
        }
        let dir = self.resolve(base, dir_path, true)?;
        if !matches!(self.node(dir)?.kind, NodeKind::Dir(_)) {
            return Err(Errno::Notdir);
        }
        Ok((dir, name))
    }

    fn object(&mut self, fd: HostFd) -> WasiResult<&mut Object> {
        self.objects
            .get_mut(fd as usize)
            .and_then(Option::as_mut)
            .ok_or(Errno::Badf)
    }

    fn dir_inode(&mut self, fd: HostFd) -> WasiResult<usize> {
        match self.object(fd)? {
            Object::Node { inode, .. } => Ok(*inode),
            _ => Err(Errno::Notdir),
        }
    }

    fn stat(&self, i: usize) -> WasiResult<Filestat> {
        let n = self.node(i)?;
        let (filetype, size) = match &n.kind {
            NodeKind::File(d) => (Filetype::RegularFile, d.len() as u64),
            NodeKind::Dir(e) => (Filetype::Directory, e.len() as u64),
            NodeKind::Symlink(t) => (Filetype::SymbolicLink, t.len() as u64),
        };
        Ok(Filestat {
            dev: 1,
            ino: i as u64 + 1,
            filetype,
            nlink: n.nlink,
            size,
            atim: n.atim,
            mtim: n.mtim,
            ctim: n.ctim,
        })
    }

    fn set_node_times(&mut self, i: usize, atim: SetTime, mtim: SetTime) -> WasiResult<()> {
        let now = self.now();
        let n = self.node_mut(i)?;
        match atim {
            SetTime::At(t) => n.atim = t,
            SetTime::Now => n.atim = now,
            SetTime::Keep => {}
        }
        match mtim {
            SetTime::At(t) => n.mtim = t,
            SetTime::Now => n.mtim = now,
            SetTime::Keep => {}
        }
        Ok(())
    }

    fn file_data(&mut self, inode: usize) -> WasiResult<&mut Vec<u8>> {
        match &mut self.node_mut(inode)?.kind {
            NodeKind::File(d) => Ok(d),
            NodeKind::Dir(_) => Err(Errno::Isdir),
            NodeKind::Symlink(_) => Err(Errno::Inval),
        }
    }

    fn unlink(&mut self, dir: usize, name: &str) -> WasiResult<usize> {
        let now = self.now();
        let parent = self.node_mut(dir)?;
        let NodeKind::Dir(entries) = &mut parent.kind else {
            return Err(Errno::Notdir);
        };
        let i = entries.remove(name).ok_or(Errno::Noent)?;
        parent.mtim = now;
        Ok(i)
    }

    fn release(&mut self, i: usize) {
        let still_open = self
            .objects
            .iter()
            .flatten()
            .any(|o| matches!(o, Object::Node { inode, .. } if *inode == i));
        if let Some(Some(n)) = self.nodes.get_mut(i) {
            n.nlink = n.nlink.saturating_sub(1);
            if n.nlink == 0 && !still_open {
                self.nodes[i] = None;
            }
        }
    }
}

fn write_at(data: &mut Vec<u8>, at: u64, buf: &[u8]) -> WasiResult<usize> {
    let at = usize::try_from(at).map_err(|_| Errno::Fbig)?;
    let end = at.checked_add(buf.len()).ok_or(Errno::Fbig)?;
    if end > data.len() {
        data.try_reserve(end - data.len())
            .map_err(|_| Errno::Nospc)?;
        data.resize(end, 0);
    }
    data[at..end].copy_from_slice(buf);
    Ok(buf.len())
}

fn read_at(data: &[u8], at: u64, buf: &mut [u8]) -> usize {
    let at = usize::try_from(at).unwrap_or(usize::MAX).min(data.len());
    let n = buf.len().min(data.len() - at);
    buf[..n].copy_from_slice(&data[at..at + n]);
    n
}

impl WasiHost for MemFs {
    fn clock_res(&mut self, clock: ClockId) -> WasiResult<u64> {
        self.board.clock_resolution_ns(clock).ok_or(Errno::Notsup)
    }
    fn clock_time(&mut self, clock: ClockId, _precision: u64) -> WasiResult<u64> {
        self.board.clock_ns(clock).ok_or(Errno::Notsup)
    }
    fn random(&mut self, buf: &mut [u8]) -> WasiResult<()> {
        if self.board.fill_random(buf) {
            Ok(())
        } else {
            Err(Errno::Notsup)
        }
    }
    fn poll(
        &mut self,
        fds: &[(HostFd, Interest)],
        timeout: Option<u64>,
    ) -> WasiResult<Vec<Readiness>> {
        if fds.is_empty() {
            if let Some(ns) = timeout {
                self.board.sleep(ns);
            }
            return Ok(Vec::new());
        }
        let mut out = Vec::with_capacity(fds.len());
        for &(fd, _) in fds {
            let error = self.object(fd).err();
            out.push(Readiness {
                ready: error.is_none(),
                nbytes: 0,
                hangup: false,
                error,
            });
        }
        Ok(out)
    }

    fn filetype(&mut self, fd: HostFd) -> WasiResult<Filetype> {
        match *self.object(fd)? {
            Object::Stdin { .. } | Object::Output(_) => Ok(Filetype::CharacterDevice),
            Object::Node { inode, .. } => Ok(self.stat(inode)?.filetype),
        }
    }
    fn close(&mut self, fd: HostFd) -> WasiResult<()> {
        let obj = self
            .objects
            .get_mut(fd as usize)
            .and_then(Option::take)
            .ok_or(Errno::Badf)?;
        if let Object::Node { inode, .. } = obj {
            if let Some(Some(n)) = self.nodes.get(inode) {
                if n.nlink == 0 {
                    self.nodes[inode] = None;
                }
            }
        }
        Ok(())
    }
    fn read(&mut self, fd: HostFd, buf: &mut [u8]) -> WasiResult<usize> {
        match *self.object(fd)? {
            Object::Stdin { pos } => {
                let n = read_at(&self.stdin, pos as u64, buf);
                if let Object::Stdin { pos } = self.object(fd)? {
                    *pos += n;
                }
                Ok(n)
            }
            Object::Output(_) => Err(Errno::Badf),
            Object::Node {
                inode, pos, read, ..
            } => {
                if !read {
                    return Err(Errno::Badf);
                }
                let n = read_at(self.file_data(inode)?, pos, buf);
                if let Object::Node { pos, .. } = self.object(fd)? {
                    *pos += n as u64;
                }
                Ok(n)
            }
        }
    }
    fn write(&mut self, fd: HostFd, buf: &[u8]) -> WasiResult<usize> {
        match *self.object(fd)? {
            Object::Stdin { .. } => Err(Errno::Badf),
            Object::Output(stream) => {
                self.board.write_output(stream, buf);
                Ok(buf.len())
            }
            Object::Node {
                inode,
                pos,
                append,
                write,
                ..
            } => {
                if !write {
                    return Err(Errno::Badf);
                }
                let now = self.now();
                let data = self.file_data(inode)?;
                let at = if append { data.len() as u64 } else { pos };
                let n = write_at(data, at, buf)?;
                self.node_mut(inode)?.mtim = now;
                if let Object::Node { pos, .. } = self.object(fd)? {
                    *pos = at + n as u64;
                }
                Ok(n)
            }
        }
    }
    fn pread(&mut self, fd: HostFd, buf: &mut [u8], offset: u64) -> WasiResult<usize> {
        match *self.object(fd)? {
            Object::Node {
                inode, read: true, ..
            } => Ok(read_at(self.file_data(inode)?, offset, buf)),
            Object::Node { .. } => Err(Errno::Badf),
            _ => Err(Errno::Spipe),
        }
    }
    fn pwrite(&mut self, fd: HostFd, buf: &[u8], offset: u64) -> WasiResult<usize> {
        match *self.object(fd)? {
            Object::Node {
                inode, write: true, ..
            } => write_at(self.file_data(inode)?, offset, buf),
            Object::Node { .. } => Err(Errno::Badf),
            _ => Err(Errno::Spipe),
        }
    }
    fn seek(&mut self, fd: HostFd, offset: i64, whence: Whence) -> WasiResult<u64> {
        let (inode, cur) = match *self.object(fd)? {
            Object::Node { inode, pos, .. } => (inode, pos),
            _ => return Err(Errno::Spipe),
        };
        let len = self.file_data(inode)?.len() as u64;
        let base = match whence {
            Whence::Set => 0,
            Whence::Cur => cur,
            Whence::End => len,
        };
        let new = (base as i128 + offset as i128).clamp(-1, u64::MAX as i128);
        if new < 0 {
            return Err(Errno::Inval);
        }
        if let Object::Node { pos, .. } = self.object(fd)? {
            *pos = new as u64;
        }
        Ok(new as u64)
    }
    fn fdflags(&mut self, fd: HostFd) -> WasiResult<u16> {
        Ok(match *self.object(fd)? {
            Object::Node {
                append, nonblock, ..
            } => {
                (if append { fdflags::APPEND } else { 0 })
                    | if nonblock { fdflags::NONBLOCK } else { 0 }
            }
            _ => 0,
        })
    }
    fn set_fdflags(&mut self, fd: HostFd, flags: u16) -> WasiResult<()> {
        if flags & !(fdflags::APPEND | fdflags::NONBLOCK) != 0 {
            return Err(Errno::Notsup);
        }
        if let Object::Node {
            append, nonblock, ..
        } = self.object(fd)?
        {
            *append = flags & fdflags::APPEND != 0;
            *nonblock = flags & fdflags::NONBLOCK != 0;
        }
        Ok(())
    }
    fn allocate(&mut self, fd: HostFd, offset: u64, len: u64) -> WasiResult<()> {
        let Object::Node { inode, .. } = *self.object(fd)? else {
            return Err(Errno::Badf);
        };
        let end = usize::try_from(offset.checked_add(len).ok_or(Errno::Fbig)?)
            .map_err(|_| Errno::Fbig)?;
        let data = self.file_data(inode)?;
        if end > data.len() {
            data.try_reserve(end - data.len())
                .map_err(|_| Errno::Nospc)?;
            data.resize(end, 0);
        }
        Ok(())
    }
    fn filestat(&mut self, fd: HostFd) -> WasiResult<Filestat> {
        match *self.object(fd)? {
            Object::Node { inode, .. } => self.stat(inode),
            _ => Ok(Filestat::device(Filetype::CharacterDevice)),
        }
    }
    fn set_size(&mut self, fd: HostFd, size: u64) -> WasiResult<()> {
        let Object::Node { inode, .. } = *self.object(fd)? else {
            return Err(Errno::Badf);
        };
        let size = usize::try_from(size).map_err(|_| Errno::Fbig)?;
        let data = self.file_data(inode)?;
        if size > data.len() {
            data.try_reserve(size - data.len())
                .map_err(|_| Errno::Nospc)?;
        }
        data.resize(size, 0);
        Ok(())
    }
    fn set_times(&mut self, fd: HostFd, atim: SetTime, mtim: SetTime) -> WasiResult<()> {
        let Object::Node { inode, .. } = *self.object(fd)? else {
            return Err(Errno::Badf);
        };
        self.set_node_times(inode, atim, mtim)
    }
    fn readdir(&mut self, fd: HostFd) -> WasiResult<Vec<DirEntry>> {
        let dir = self.dir_inode(fd)?;
        let node = self.node(dir)?;
        let NodeKind::Dir(entries) = &node.kind else {
            return Err(Errno::Notdir);
        };
        let mut out = vec![
            DirEntry {
                name: ".".to_string(),
                filetype: Filetype::Directory,
                ino: dir as u64 + 1,
            },
            DirEntry {
                name: "..".to_string(),
                filetype: Filetype::Directory,
                ino: node.parent as u64 + 1,
            },
        ];
        for (name, &i) in entries {
            out.push(DirEntry {
                name: name.clone(),
                filetype: self.stat(i)?.filetype,
                ino: i as u64 + 1,
            });
        }
        Ok(out)
    }

    fn open_at(&mut self, dir: HostFd, path: &str, o: OpenOptions) -> WasiResult<HostFd> {
        let base = self.dir_inode(dir)?;
        let inode = match self.resolve(base, path, o.follow) {
            Ok(i) => {
                if o.create && o.exclusive {
                    return Err(Errno::Exist);
                }
                i
            }
            Err(Errno::Noent) if o.create => {
                let (parent, name) = self.parent_of(base, path)?;
                self.create(parent, name, NodeKind::File(Vec::new()))?
            }
            Err(e) => return Err(e),
        };
        let stat = self.stat(inode)?;
        match stat.filetype {
            Filetype::Directory if o.write => return Err(Errno::Isdir),
            Filetype::Directory => {}
            Filetype::SymbolicLink => return Err(Errno::Loop),
            _ if o.directory => return Err(Errno::Notdir),
            _ => {}
        }
        if o.truncate {
            self.file_data(inode)?.clear();
        }
        let obj = Object::Node {
            inode,
            pos: 0,
            append: o.fdflags & fdflags::APPEND != 0,
            nonblock: o.fdflags & fdflags::NONBLOCK != 0,
            read: o.read,
            write: o.write,
        };
        let fd = match self.objects.iter().position(Option::is_none) {
            Some(i) => {
                self.objects[i] = Some(obj);
                i
            }
            None => {
                self.objects.push(Some(obj));
                self.objects.len() - 1
            }
        };
        HostFd::try_from(fd).map_err(|_| Errno::Nfile)
    }
    fn stat_at(&mut self, dir: HostFd, path: &str, follow: bool) -> WasiResult<Filestat> {
        let base = self.dir_inode(dir)?;
        let i = self.resolve(base, path, follow)?;
        self.stat(i)
    }
    fn set_times_at(
        &mut self,
        dir: HostFd,
        path: &str,
        follow: bool,
        atim: SetTime,
        mtim: SetTime,
    ) -> WasiResult<()> {
        let base = self.dir_inode(dir)?;
        let i = self.resolve(base, path, follow)?;
        self.set_node_times(i, atim, mtim)
    }
    fn create_dir_at(&mut self, dir: HostFd, path: &str) -> WasiResult<()> {
        let base = self.dir_inode(dir)?;
        let (parent, name) = self.parent_of(base, path)?;
        if self.child(parent, name)?.is_some() {
            return Err(Errno::Exist);
        }
        self.create(parent, name, NodeKind::Dir(VecMap::new()))?;
        Ok(())
    }
    fn remove_dir_at(&mut self, dir: HostFd, path: &str) -> WasiResult<()> {
        let base = self.dir_inode(dir)?;
        let (parent, name) = self.parent_of(base, path)?;
        let i = self.child(parent, name)?.ok_or(Errno::Noent)?;
        match &self.node(i)?.kind {
            NodeKind::Dir(e) if !e.is_empty() => return Err(Errno::Notempty),
            NodeKind::Dir(_) => {}
            _ => return Err(Errno::Notdir),
        }
        self.unlink(parent, name)?;
        self.nodes[i] = None;
        Ok(())
    }
    fn unlink_file_at(&mut self, dir: HostFd, path: &str) -> WasiResult<()> {
        let base = self.dir_inode(dir)?;
        if path.ends_with('/') {
            return Err(Errno::Notdir);
        }
        let (parent, name) = self.parent_of(base, path)?;
        let i = self.child(parent, name)?.ok_or(Errno::Noent)?;
        if let NodeKind::Dir(_) = self.node(i)?.kind {
            return Err(Errno::Isdir);
        }
        self.unlink(parent, name)?;
        self.release(i);
        Ok(())
    }
    fn rename_at(
        &mut self,
        old_dir: HostFd,
        old: &str,
        new_dir: HostFd,
        new: &str,
    ) -> WasiResult<()> {
        let (ob, nb) = (self.dir_inode(old_dir)?, self.dir_inode(new_dir)?);
        let (op, oname) = self.parent_of(ob, old)?;
        let (np, nname) = self.parent_of(nb, new)?;
        let i = self.child(op, oname)?.ok_or(Errno::Noent)?;
        let is_dir = matches!(self.node(i)?.kind, NodeKind::Dir(_));
        // A directory cannot move into itself.
        let mut a = np;
        loop {
            if a == i {
                return Err(Errno::Inval);
            }
            let p = self.node(a)?.parent;
            if p == a {
                break;
            }
            a = p;
        }
        if let Some(existing) = self.child(np, nname)? {
            if existing == i {
                return Ok(());
            }
            match (&self.node(existing)?.kind, is_dir) {
                (NodeKind::Dir(e), true) if !e.is_empty() => return Err(Errno::Notempty),
                (NodeKind::Dir(_), false) => return Err(Errno::Isdir),
                (_, true) if !matches!(self.node(existing)?.kind, NodeKind::Dir(_)) => {
                    return Err(Errno::Notdir);
                }
                _ => {}
            }
            self.unlink(np, nname)?;
            self.release(existing);
        }
        self.unlink(op, oname)?;
        if let NodeKind::Dir(entries) = &mut self.node_mut(np)?.kind {
            entries.insert(nname.to_string(), i);
        }
        self.node_mut(i)?.parent = np;
        Ok(())
    }
    fn link_at(
        &mut self,
        old_dir: HostFd,
        old: &str,
        follow: bool,
        new_dir: HostFd,
        new: &str,
    ) -> WasiResult<()> {
        let (ob, nb) = (self.dir_inode(old_dir)?, self.dir_inode(new_dir)?);
        let i = self.resolve(ob, old, follow)?;
        if let NodeKind::Dir(_) = self.node(i)?.kind {
            return Err(Errno::Perm);
        }
        let (np, nname) = self.parent_of(nb, new)?;
        if self.child(np, nname)?.is_some() {
            return Err(Errno::Exist);
        }
        if let NodeKind::Dir(entries) = &mut self.node_mut(np)?.kind {
            entries.insert(nname.to_string(), i);
        }
        self.node_mut(i)?.nlink += 1;
        Ok(())
    }
    fn symlink_at(&mut self, target: &str, dir: HostFd, path: &str) -> WasiResult<()> {
        let base = self.dir_inode(dir)?;
        let (parent, name) = self.parent_of(base, path)?;
        if self.child(parent, name)?.is_some() {
            return Err(Errno::Exist);
        }
        self.create(parent, name, NodeKind::Symlink(target.to_string()))?;
        Ok(())
    }
    fn readlink_at(&mut self, dir: HostFd, path: &str) -> WasiResult<String> {
        let base = self.dir_inode(dir)?;
        let i = self.resolve(base, path, false)?;
        match &self.node(i)?.kind {
            NodeKind::Symlink(t) => Ok(t.clone()),
            _ => Err(Errno::Inval),
        }
    }
}
