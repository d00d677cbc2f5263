//! Paging long output through `less -R`, as git does.
//!
//! Only when stdout is a terminal and the output is taller than it. The pager is
//! `$ARSHIF_PAGER`, else `$PAGER`, else `less -R`; an empty value or `cat` means none. `LESS`
//! defaults to `FRX` (quit if one screen, pass colours, keep the text on screen after quitting)
//! and `LESSCHARSET` to `utf-8`, so that Arabic is not shown as escaped bytes under a C locale.
//! If the pager cannot be started, the output is printed directly.

use std::io::{self, IsTerminal, Write};
use std::process::{Command, Stdio};

/// Writes `text` to stdout, through a pager when `allowed`, stdout is a terminal and `text` has
/// more lines than the terminal.
pub fn write(text: &str, allowed: bool) -> io::Result<()> {
    if allowed && io::stdout().is_terminal() {
        let rows = terminal_size::terminal_size().map_or(24, |(_, h)| h.0 as usize);
        if text.lines().count() >= rows {
            if let Some(mut cmd) = command() {
                if let Ok(mut child) = cmd.stdin(Stdio::piped()).spawn() {
                    if let Some(mut stdin) = child.stdin.take() {
                        // The user quitting the pager early closes the pipe: not an error.
                        let _ = stdin.write_all(text.as_bytes());
                    }
                    child.wait()?;
                    return Ok(());
                }
            }
        }
    }
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
    {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// The pager command, or `None` when paging is turned off through the environment.
fn command() -> Option<Command> {
    let spec = std::env::var("ARSHIF_PAGER")
        .or_else(|_| std::env::var("PAGER"))
        .unwrap_or_else(|_| "less -R".into());
    let mut words = spec.split_whitespace();
    let program = words.next()?;
    if program == "cat" {
        return None;
    }
    let mut cmd = Command::new(program);
    cmd.args(words);
    if std::env::var_os("LESS").is_none() {
        cmd.env("LESS", "FRX");
    }
    if std::env::var_os("LESSCHARSET").is_none() {
        cmd.env("LESSCHARSET", "utf-8");
    }
    Some(cmd)
}
