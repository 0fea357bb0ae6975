//! Documentation generated from the command-line definition itself (so it
//! cannot drift from `--help`): shell completions and man pages, printed
//! or written into a directory that is created if missing (a fresh home
//! has no ~/.local/share/man/man1).

use super::Cli;
use super::output::put;
use clap::CommandFactory;
use std::path::Path;
use std::process::ExitCode;

/// The text of this module's messages (one place, for translation).
mod msg {
    use std::path::Path;
    pub fn cannot_create_dir(d: &Path, e: &std::io::Error) -> String {
        format!("error: 无法创建目录 {}：{e}", d.display())
    }
    pub fn wrote(p: &Path) -> String {
        format!("neglist: 已写入 {}", p.display())
    }
    pub fn wrote_pages(n: usize, d: &Path) -> String {
        format!("neglist: 已写入 {n} 个手册页到 {}", d.display())
    }
    pub fn no_such_command(name: &str, known: &str) -> String {
        format!("error: 没有子命令 `{name}`；有手册页的子命令：{known}")
    }
    pub fn cannot_render(e: &std::io::Error) -> String {
        format!("error: 无法生成手册页：{e}")
    }
}

fn create_dir(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| msg::cannot_create_dir(dir, &e))
}

fn finish(result: Result<(), String>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            say!("{message}");
            ExitCode::from(2)
        }
    }
}

/// The file a shell loads completions for `neglist` from, in its
/// completions directory. (bash-completion looks for the command's own
/// name; clap_complete's `neglist.bash` is found only by newer versions.)
fn completion_file(shell: clap_complete::Shell) -> String {
    use clap_complete::Generator as _;
    match shell {
        clap_complete::Shell::Bash => "neglist".into(),
        other => other.file_name("neglist"),
    }
}

/// `neglist completions SHELL [--dir DIR]`.
pub fn completions(shell: clap_complete::Shell, dir: Option<&Path>) -> ExitCode {
    // (Into a buffer: clap_complete panics on a write error, such as a
    // closed pipe.)
    let mut buf = vec![];
    clap_complete::generate(shell, &mut Cli::command(), "neglist", &mut buf);
    finish((|| {
        let Some(dir) = dir else {
            return put(None, &buf);
        };
        create_dir(dir)?;
        let path = dir.join(completion_file(shell));
        put(Some(&path), &buf)?;
        say!("{}", msg::wrote(&path));
        Ok(())
    })())
}

/// The command line as the man pages describe it: no `help` subcommand
/// (it has no page of its own).
fn man_command() -> clap::Command {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// Every page: (file name, roff). The main page first; its SEE ALSO names
/// each subcommand's page, and each of those names the main page.
fn man_pages() -> Result<Vec<(String, Vec<u8>)>, std::io::Error> {
    let cmd = man_command();
    let subs: Vec<&clap::Command> = cmd.get_subcommands().filter(|s| !s.is_hide_set()).collect();
    let page_name = |c: &clap::Command| c.get_display_name().unwrap_or(c.get_name()).to_string();
    let see_also = |names: &[String]| {
        let refs: Vec<String> = names
            .iter()
            .map(|n| format!("\\fB{}\\fR(1)", n.replace('-', "\\-")))
            .collect();
        format!(".SH \"SEE ALSO\"\n{}\n", refs.join(",\n"))
    };
    let mut pages = vec![];
    let man = clap_mangen::Man::new(cmd.clone());
    let mut main = vec![];
    man.render(&mut main)?;
    let sub_names: Vec<String> = subs.iter().map(|s| page_name(s)).collect();
    main.extend_from_slice(see_also(&sub_names).as_bytes());
    pages.push((man.get_filename(), main));
    for sub in subs {
        let man = clap_mangen::Man::new(sub.clone());
        let mut page = vec![];
        man.render(&mut page)?;
        page.extend_from_slice(see_also(&[page_name(&cmd)]).as_bytes());
        pages.push((man.get_filename(), page));
    }
    Ok(pages)
}

/// `neglist man [COMMAND] [--dir DIR]`.
pub fn man(command: Option<&str>, dir: Option<&Path>) -> ExitCode {
    let pages = match man_pages() {
        Ok(p) => p,
        Err(e) => return finish(Err(msg::cannot_render(&e))),
    };
    if let Some(dir) = dir {
        return finish((|| {
            create_dir(dir)?;
            for (name, page) in &pages {
                put(Some(&dir.join(name)), page)?;
            }
            say!("{}", msg::wrote_pages(pages.len(), dir));
            Ok(())
        })());
    }
    let want = match command {
        None | Some("neglist") => "neglist.1".to_string(),
        Some(c) => format!("neglist-{c}.1"),
    };
    match pages.iter().find(|(name, _)| *name == want) {
        Some((_, page)) => finish(put(None, page)),
        None => {
            let known: Vec<&str> = pages
                .iter()
                .filter_map(|(n, _)| n.strip_prefix("neglist-")?.strip_suffix(".1"))
                .collect();
            finish(Err(msg::no_such_command(
                command.unwrap_or_default(),
                &known.join(", "),
            )))
        }
    }
}
