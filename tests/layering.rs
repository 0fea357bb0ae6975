//! The crate's modules form layers: each may use only the modules of the
//! layers before it (and its own). A `use crate::…` that points up is a
//! cycle in the making; this test names the file and the module it reaches.

use std::path::Path;

/// Bottom to top; modules in one inner list are one layer.
const LAYERS: &[&[&str]] = &[
    &["text", "span", "suggest", "lang"],
    &["diagnostic"],
    &["parse"],
    &["catalogue"],
    &["rule"],
    &["classify"],
    &["filing"],
    &["dsl"],
    &["engine"],
    &["config"],
    &["pipeline"],
    &["triage"],
    &["report"],
    &["ruletest"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The top-level modules a file's non-test code names as `crate::x`.
fn uses(text: &str) -> Vec<String> {
    // Unit tests may reach anything they need to build an input.
    let code = text.split("#[cfg(test)]").next().unwrap_or(text);
    let mut out = vec![];
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if rest.starts_with('{') {
            // `use crate::{a::…, b, …};`: the first name of every path
            // at the top of the braces.
            let mut depth = 0;
            let mut at_start = false;
            let mut name = String::new();
            for c in rest.chars() {
                if depth == 1 && at_start && (c.is_alphanumeric() || c == '_') {
                    name.push(c);
                    continue;
                }
                if !name.is_empty() {
                    out.push(std::mem::take(&mut name));
                    at_start = false;
                }
                match c {
                    '{' => {
                        depth += 1;
                        at_start = depth == 1;
                    }
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    ',' if depth == 1 => at_start = true,
                    _ => {}
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.push(name);
        }
    }
    out
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn every_module_uses_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = vec![];
    files(&src, &mut all);
    let mut wrong = vec![];
    let mut seen = 0;
    for p in &all {
        let rel = p.strip_prefix(&src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        // lib.rs declares the modules; the binary (main, cli) is above all.
        let Some(own) = layer(&top) else {
            assert!(
                ["lib", "main", "cli"].contains(&top.as_str()),
                "{} is in no layer: add its module to LAYERS",
                rel.display()
            );
            continue;
        };
        for used in uses(&std::fs::read_to_string(p).unwrap()) {
            seen += 1;
            match layer(&used) {
                Some(l) if l <= own => {}
                Some(_) => wrong.push(format!("{} uses crate::{used}", rel.display())),
                None => wrong.push(format!(
                    "{} uses crate::{used}, which is in no layer",
                    rel.display()
                )),
            }
        }
    }
    assert!(
        seen > 100,
        "the scan found only {seen} uses: is it reading the source?"
    );
    assert!(
        wrong.is_empty(),
        "uses that point up a layer:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_scan_reads_braced_and_plain_uses() {
    let names = uses(
        "use crate::{parse::date::Date, rule::{Catalog, Rule}, span};\nlet x = crate::engine::eval(y);",
    );
    assert_eq!(names, ["parse", "rule", "span", "engine"]);
}
