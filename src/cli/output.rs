//! Standard output for the subcommands. `print!` panics when the output cannot be written (a
//! closed pipe, a full disk): every subcommand writes through here instead.

use std::io::Write as _;

/// Writes `bytes` to standard output and returns the exit code to end with: `code` when written,
/// and also when the reader closed the pipe (`kubedraft reach | head`: it had what it wanted, so
/// there is nothing to say); 2 with a message when writing failed otherwise (`> /dev/full`).
#[must_use]
pub fn write_stdout(bytes: &[u8], code: u8) -> u8 {
    stream_stdout(code, |out| out.write_all(bytes))
}

/// [`write_stdout`] for output written in pieces by `write` (through a buffer), so that a large
/// report is never held in memory whole.
#[must_use]
pub fn stream_stdout(
    code: u8,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> u8 {
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match write(&mut stdout).and_then(|()| stdout.flush()) {
        Ok(()) => code,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => code,
        Err(error) => {
            eprintln!("kubedraft: could not write to standard output: {error}");
            2
        }
    }
}
