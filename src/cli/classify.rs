//! `neglist classify`: each filing's scope items as the official catalogue
//! classifies them.

use super::ClassifyFormat;
use neglist::filing::{Loaded, SourceFile, Syntax, decode, load_as};
use neglist::pipeline::{Input, WalkOptions, open_regular, walk_inputs_with};
use neglist::report::classify::{ClassifiedFiling, classify_filing, filing_human, filing_json};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Reads `paths` (files, directories of *.yaml, `-` for standard input)
/// and `scope` (a scope written on the command line), and prints each
/// filing's items. Exit 1 when an input could not be read (what was read
/// is still printed), 0 otherwise: classifying is not judging.
pub fn run(
    paths: &[PathBuf],
    scope: Option<&str>,
    format: ClassifyFormat,
    ndjson: bool,
    output: Option<&std::path::Path>,
    lang: neglist::lang::Lang,
) -> ExitCode {
    let (target, sink) = match super::output::Output::open(output) {
        Ok(o) => o,
        Err(message) => {
            say!("{message}");
            return ExitCode::from(2);
        }
    };
    let mut out = std::io::BufWriter::new(sink);
    // The first write error stops nothing but makes the run fail (and
    // leaves --output FILE as it was).
    let mut write_error: Option<std::io::Error> = None;
    let mut all: Vec<ClassifiedFiling> = vec![];
    let mut unreadable = 0;
    if let Some(s) = scope {
        // (A JSON string is a YAML double-quoted scalar.)
        let yaml = format!("business_scope: {}\n", serde_json::Value::from(s));
        unreadable += emit(
            "<--scope>",
            yaml,
            Syntax::Yaml,
            (format, lang),
            &mut out,
            &mut all,
            &mut write_error,
        );
    }
    // (NDJSON files are named, not walked for.)
    let inputs: Box<dyn Iterator<Item = Input>> = if ndjson {
        Box::new(paths.iter().map(|p| Input::File {
            display: p.display().to_string(),
            path: p.clone(),
        }))
    } else {
        Box::new(walk_inputs_with(paths, WalkOptions::default()))
    };
    for input in inputs {
        match input {
            Input::File { display, path } => {
                let bytes = if display == "-" {
                    let mut b = vec![];
                    std::io::stdin().read_to_end(&mut b).map(|_| b)
                } else {
                    open_regular(&path).and_then(|mut f| {
                        let mut b = vec![];
                        f.read_to_end(&mut b).map(|_| b)
                    })
                };
                match bytes
                    .map_err(|e| e.to_string())
                    .and_then(|b| decode(b).map_err(|e| e.message))
                {
                    Ok(src) if ndjson => {
                        // One filing a line, named `path:line`.
                        for (n, line) in src.lines().enumerate() {
                            if line.trim().is_empty() {
                                continue;
                            }
                            let name = format!("{display}:{}", n + 1);
                            unreadable += emit(
                                &name,
                                line.to_string(),
                                Syntax::Json,
                                (format, lang),
                                &mut out,
                                &mut all,
                                &mut write_error,
                            );
                        }
                    }
                    Ok(src) => {
                        unreadable += emit(
                            &display,
                            src,
                            Syntax::Yaml,
                            (format, lang),
                            &mut out,
                            &mut all,
                            &mut write_error,
                        )
                    }
                    Err(e) => {
                        unreadable += 1;
                        eprintln!("error: {display}: {e}");
                    }
                }
            }
            Input::WalkError { display, message } => {
                unreadable += 1;
                eprintln!("error: {display}: {message}");
            }
        }
    }
    if let ClassifyFormat::Json = format {
        let v: Vec<serde_json::Value> = all.iter().map(filing_json).collect();
        note(
            &mut write_error,
            writeln!(out, "{}", serde_json::to_string_pretty(&v).unwrap()),
        );
    }
    note(&mut write_error, out.flush());
    drop(out);
    if let Some(message) = write_error.and_then(|e| target.write_failed(&e)) {
        say!("{message}");
        return ExitCode::from(2);
    }
    if let Err(message) = target.commit() {
        say!("{message}");
        return ExitCode::from(2);
    }
    if unreadable > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Classifies the filings of one file and prints them (or keeps them for
/// one JSON document); returns how many documents could not be read.
fn emit(
    path: &str,
    src: String,
    syntax: Syntax,
    (format, lang): (ClassifyFormat, neglist::lang::Lang),
    out: &mut dyn Write,
    all: &mut Vec<ClassifiedFiling>,
    write_error: &mut Option<std::io::Error>,
) -> usize {
    let file = SourceFile::new(path.to_string(), src);
    let mut unreadable = 0;
    for loaded in load_as(&file, syntax) {
        match loaded {
            Loaded::Filing(f) => {
                let c = classify_filing(path, &file, &f);
                let written = match format {
                    ClassifyFormat::Human => out.write_all(filing_human(&c, lang).as_bytes()),
                    ClassifyFormat::Ndjson => writeln!(out, "{}", filing_json(&c)),
                    ClassifyFormat::Json => {
                        all.push(c);
                        Ok(())
                    }
                };
                note(write_error, written);
            }
            Loaded::Unreadable(u) => {
                unreadable += 1;
                eprintln!("error: {path}: {}", u.message);
            }
        }
    }
    unreadable
}

/// Keeps the first write error (later writes still run: classifying goes
/// on, and the exit status says the output failed).
fn note(first: &mut Option<std::io::Error>, r: std::io::Result<()>) {
    if let (None, Err(e)) = (&first, r) {
        *first = Some(e);
    }
}
