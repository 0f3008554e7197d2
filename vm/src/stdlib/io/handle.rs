//! What a file object stands for: the program's output, the process's standard streams,
//! or a file on disk, with the read buffering C's stdio gives LuaJIT (reads are buffered,
//! a write or seek after a read first gives the unread bytes back).

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::sync::atomic::{AtomicU64, Ordering};

/// Bytes read ahead of the program.
#[derive(Default)]
pub(super) struct Buf {
    data: Vec<u8>,
    pos: usize,
}

impl Buf {
    fn unread(&self) -> usize {
        self.data.len() - self.pos
    }

    /// Read more from `src`; false at end of file.
    fn fill(&mut self, src: &mut dyn Read) -> std::io::Result<bool> {
        self.data.drain(..self.pos);
        self.pos = 0;
        let mut chunk = [0u8; 8192];
        loop {
            match src.read(&mut chunk) {
                Ok(0) => return Ok(false),
                Ok(k) => {
                    self.data.extend_from_slice(&chunk[..k]);
                    return Ok(true);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// The next byte, without taking it; `None` at end of file.
    fn peek(&mut self, src: &mut dyn Read) -> std::io::Result<Option<u8>> {
        if self.pos == self.data.len() && !self.fill(src)? {
            return Ok(None);
        }
        Ok(Some(self.data[self.pos]))
    }

    fn line(&mut self, src: &mut dyn Read, keep_nl: bool) -> std::io::Result<Option<Vec<u8>>> {
        let mut out = Vec::new();
        loop {
            if let Some(k) = self.data[self.pos..].iter().position(|&c| c == b'\n') {
                let end = self.pos + k;
                out.extend_from_slice(&self.data[self.pos..end]);
                if keep_nl {
                    out.push(b'\n');
                }
                self.pos = end + 1;
                return Ok(Some(out));
            }
            out.extend_from_slice(&self.data[self.pos..]);
            self.pos = self.data.len();
            if !self.fill(src)? {
                return Ok((!out.is_empty()).then_some(out));
            }
        }
    }

    fn all(&mut self, src: &mut dyn Read) -> std::io::Result<Vec<u8>> {
        let mut out = self.data[self.pos..].to_vec();
        self.data.clear();
        self.pos = 0;
        src.read_to_end(&mut out)?;
        Ok(out)
    }

    fn count(&mut self, src: &mut dyn Read, n: usize) -> std::io::Result<Option<Vec<u8>>> {
        if n == 0 {
            return Ok(self.peek(src)?.map(|_| Vec::new()));
        }
        while self.unread() < n {
            if !self.fill(src)? {
                break;
            }
        }
        let k = n.min(self.unread());
        let out = self.data[self.pos..self.pos + k].to_vec();
        self.pos += k;
        Ok((k > 0).then_some(out))
    }

    /// C's `fscanf("%lf")`: skip white space, take the longest run that can be part of a
    /// number, and convert it; `None` if it is not one.
    fn number(&mut self, src: &mut dyn Read) -> std::io::Result<Option<f64>> {
        while let Some(c) = self.peek(src)? {
            if !c.is_ascii_whitespace() {
                break;
            }
            self.pos += 1;
        }
        let mut text = Vec::new();
        while let Some(c) = self.peek(src)? {
            let prev = text.last().copied();
            let hex = text.len() >= 2 && matches!(&text[..2], b"0x" | b"0X");
            let ok = c.is_ascii_digit()
                || c == b'.'
                || (matches!(c, b'+' | b'-')
                    && (text.is_empty()
                        || (!hex && matches!(prev, Some(b'e' | b'E')))
                        || matches!(prev, Some(b'p' | b'P'))))
                || (matches!(c, b'x' | b'X') && text.ends_with(b"0") && text.len() <= 2)
                || (hex && (c.is_ascii_hexdigit() || matches!(c, b'p' | b'P')))
                || (!hex && matches!(c, b'e' | b'E'));
            if !ok {
                break;
            }
            text.push(c);
            self.pos += 1;
        }
        Ok(crate::stdlib::numconv::str_to_number(&text))
    }
}

/// One open (or closed) file.
pub(super) enum Handle {
    /// The program's output.
    Stdout,
    /// The process's standard error.
    Stderr,
    /// The process's standard input.
    Stdin(Buf),
    /// A file on disk.
    Disk(File, Buf),
    /// Closed by the program.
    Closed,
}

fn bad_descriptor() -> std::io::Error {
    std::io::Error::from_raw_os_error(9)
}

impl Handle {
    /// Standard input, nothing read yet.
    pub fn stdin() -> Handle {
        Handle::Stdin(Buf::default())
    }

    /// Open `name` as C's `fopen(name, mode)` does: `r`, `w` or `a`, then `+` and `b` in
    /// any order (other characters are ignored, as glibc ignores them).
    pub fn open(name: &[u8], mode: &[u8]) -> std::io::Result<Handle> {
        use std::os::unix::ffi::OsStrExt;
        let plus = mode.get(1..).is_some_and(|m| m.contains(&b'+'));
        let mut o = std::fs::OpenOptions::new();
        match mode.first() {
            Some(b'r') => o.read(true).write(plus),
            Some(b'w') => o.write(true).create(true).truncate(true).read(plus),
            Some(b'a') => o.append(true).create(true).read(plus),
            _ => return Err(std::io::Error::from_raw_os_error(22)),
        };
        let path = std::path::Path::new(std::ffi::OsStr::from_bytes(name));
        Ok(Handle::Disk(o.open(path)?, Buf::default()))
    }

    /// An anonymous file for reading and writing, gone when closed (C's `tmpfile`).
    pub fn tmpfile() -> std::io::Result<Handle> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let path = std::env::temp_dir().join(format!(
            "hotsim-tmpfile-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let f = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)?;
        std::fs::remove_file(&path)?;
        Ok(Handle::Disk(f, Buf::default()))
    }

    /// Whether the program closed it.
    pub fn is_closed(&self) -> bool {
        matches!(self, Handle::Closed)
    }

    /// The buffer and the source of a readable handle.
    fn reader(&mut self) -> std::io::Result<(&mut Buf, Box<dyn Read + '_>)> {
        match self {
            Handle::Stdin(buf) => Ok((buf, Box::new(std::io::stdin()))),
            Handle::Disk(f, buf) => Ok((buf, Box::new(f))),
            _ => Err(bad_descriptor()),
        }
    }

    /// A line (`*l`, or `*L` keeping its newline); `None` at end of file.
    pub fn read_line(&mut self, keep_nl: bool) -> std::io::Result<Option<Vec<u8>>> {
        let (buf, mut src) = self.reader()?;
        buf.line(&mut src, keep_nl)
    }

    /// The rest of the file (`*a`), empty at its end.
    pub fn read_all(&mut self) -> std::io::Result<Vec<u8>> {
        let (buf, mut src) = self.reader()?;
        buf.all(&mut src)
    }

    /// Up to `n` bytes; `None` at end of file (`n` = 0 tests for it).
    pub fn read_count(&mut self, n: usize) -> std::io::Result<Option<Vec<u8>>> {
        let (buf, mut src) = self.reader()?;
        buf.count(&mut src, n)
    }

    /// A number (`*n`); `None` if what follows is not one.
    pub fn read_number(&mut self) -> std::io::Result<Option<f64>> {
        let (buf, mut src) = self.reader()?;
        buf.number(&mut src)
    }

    /// Hand read-ahead bytes back to the file, so that the next write or seek happens
    /// where the program has read to.
    fn unread(f: &mut File, buf: &mut Buf) -> std::io::Result<()> {
        let back = buf.unread() as i64;
        buf.data.clear();
        buf.pos = 0;
        if back > 0 {
            f.seek(SeekFrom::Current(-back))?;
        }
        Ok(())
    }

    /// Write to a writable handle (not the program's output, which the VM writes).
    pub fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        match self {
            Handle::Stderr => std::io::stderr().write_all(bytes),
            Handle::Disk(f, buf) => {
                Self::unread(f, buf)?;
                f.write_all(bytes)
            }
            _ => Err(bad_descriptor()),
        }
    }

    /// Flush (the program's output is flushed by the VM).
    pub fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Handle::Stderr => std::io::stderr().flush(),
            Handle::Disk(f, _) => f.flush(),
            _ => Ok(()),
        }
    }

    /// Move to `pos`; returns the new offset from the start.
    pub fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        match self {
            Handle::Disk(f, buf) => {
                Self::unread(f, buf)?;
                f.seek(pos)
            }
            // A terminal or pipe: C's "Illegal seek".
            _ => Err(std::io::Error::from_raw_os_error(29)),
        }
    }

    /// Close it.
    pub fn close(&mut self) -> std::io::Result<()> {
        let r = self.flush();
        *self = Handle::Closed;
        r
    }
}
