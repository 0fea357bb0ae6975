//! Where a command's output goes: standard output, or `--output FILE`
//! written atomically. The report is written to a temporary file in FILE's
//! directory and renamed over FILE only when the run has written all of it
//! (the rename is atomic on one file system), so a reader never sees half a
//! report and a failed run leaves the old FILE as it was. Writing to a file
//! does not change the exit status.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use tempfile::TempPath;

/// The text of this module's messages (one place, for translation).
mod msg {
    use std::path::Path;
    pub fn cannot_create(p: &Path, e: &std::io::Error) -> String {
        format!("error: 无法写入 {}：{e}", p.display())
    }
    pub fn is_a_directory(p: &Path) -> String {
        format!("error: --output {} 是一个目录；请给出文件名", p.display())
    }
    pub fn no_directory(p: &Path, d: &Path) -> String {
        format!(
            "error: 无法写入 {}：目录 {} 不存在",
            p.display(),
            d.display()
        )
    }
    pub fn cannot_write(p: &Path, e: &std::io::Error) -> String {
        format!("error: 无法写入 {}：{e}", p.display())
    }
    pub fn cannot_replace(p: &Path, e: &std::io::Error) -> String {
        format!("error: 无法把报告写入 {}：{e}（原文件未改动）", p.display())
    }
}

/// Bytes for standard output or the temporary file.
pub enum Sink {
    Stdout(io::Stdout),
    File(File),
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(s) => s.write(buf),
            Sink::File(f) => f.write(buf),
        }
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Sink::Stdout(s) => s.write_all(buf),
            Sink::File(f) => f.write_all(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(s) => s.flush(),
            Sink::File(f) => f.flush(),
        }
    }
}

/// A destination opened for one run: `commit` puts the file in place.
pub struct Output {
    /// The temporary file (deleted if dropped uncommitted), a handle to
    /// sync it, and where it goes.
    file: Option<(TempPath, File, PathBuf)>,
    /// A device or pipe written to directly.
    direct: Option<PathBuf>,
}

impl Output {
    /// Standard output (`None` or `-`), or a temporary file next to
    /// `path`. The error is the message to print; nothing was written.
    pub fn open(path: Option<&Path>) -> Result<(Output, Sink), String> {
        let Some(path) = path.filter(|p| p.as_os_str() != "-") else {
            let out = Output {
                file: None,
                direct: None,
            };
            return Ok((out, Sink::Stdout(io::stdout())));
        };
        if path.is_dir() {
            return Err(msg::is_a_directory(path));
        }
        // Only a regular file is replaced: a device or a pipe
        // (`/dev/null`, a FIFO) is written to as it is, since renaming
        // over it would put a file where it was.
        if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| msg::cannot_create(path, &e))?;
            let out = Output {
                file: None,
                direct: Some(path.to_path_buf()),
            };
            return Ok((out, Sink::File(file)));
        }
        // A symbolic link is followed: the file it points to is replaced,
        // the link stays.
        let target = std::fs::canonicalize(path)
            .ok()
            .filter(|_| path.is_symlink())
            .unwrap_or_else(|| path.to_path_buf());
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        if !dir.is_dir() {
            return Err(msg::no_directory(path, dir));
        }
        let mut builder = tempfile::Builder::new();
        builder.prefix(".neglist-output-");
        // A new file gets the mode any new file gets (0666 less the
        // umask), not the temporary file's 0600; a replaced one keeps its
        // own.
        #[cfg(unix)]
        let mode = {
            use std::os::unix::fs::PermissionsExt;
            std::fs::metadata(&target)
                .map(|m| m.permissions())
                .unwrap_or_else(|_| std::fs::Permissions::from_mode(0o666))
        };
        #[cfg(unix)]
        builder.permissions(mode.clone());
        let tmp = builder
            .tempfile_in(dir)
            .map_err(|e| msg::cannot_create(path, &bare(e)))?;
        #[cfg(unix)]
        if std::fs::metadata(&target).is_ok() {
            // (An existing file's mode is copied exactly, umask or not.)
            let _ = std::fs::set_permissions(tmp.path(), mode);
        }
        let (file, temp_path) = tmp.into_parts();
        let sync = file
            .try_clone()
            .map_err(|e| msg::cannot_create(path, &bare(e)))?;
        Ok((
            Output {
                file: Some((temp_path, sync, target)),
                direct: None,
            },
            Sink::File(file),
        ))
    }

    /// Puts the written file in place (after the writer has been flushed
    /// and dropped). For standard output, nothing to do.
    pub fn commit(self) -> Result<(), String> {
        let Some((temp, file, target)) = self.file else {
            return Ok(());
        };
        file.sync_all()
            .and_then(|()| temp.persist(&target).map_err(|e| e.error))
            .map_err(|e| msg::cannot_replace(&target, &bare(e)))
    }

    /// The message for a write that failed: to a file, it was left as it
    /// was (None for standard output, whose errors callers judge).
    pub fn write_failed(&self, e: &io::Error) -> Option<String> {
        match (&self.file, &self.direct) {
            (Some((_, _, p)), _) => Some(msg::cannot_replace(p, e)),
            (None, Some(p)) => Some(msg::cannot_write(p, e)),
            (None, None) => None,
        }
    }

    /// The file the output goes to, if not standard output.
    pub fn path(&self) -> Option<&Path> {
        self.file
            .as_ref()
            .map(|(_, _, p)| p.as_path())
            .or(self.direct.as_deref())
    }
}

/// Writes a command's whole output to standard output (a closed pipe is
/// not an error there: the reader has what it wanted), or atomically to
/// FILE; the message to print on failure.
pub fn put(file: Option<&Path>, bytes: &[u8]) -> Result<(), String> {
    let (out, mut sink) = Output::open(file)?;
    if let Err(e) = sink.write_all(bytes).and_then(|()| sink.flush())
        && let Some(message) = out.write_failed(&e)
    {
        return Err(message);
    }
    drop(sink);
    out.commit()
}

/// The system's error without tempfile's note of the temporary file's
/// name (which the user never sees and which is gone by then).
fn bare(e: io::Error) -> io::Error {
    match e.raw_os_error() {
        Some(code) => io::Error::from_raw_os_error(code),
        None => e,
    }
}
