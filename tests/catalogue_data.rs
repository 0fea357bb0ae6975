//! The compiled-in SAMR catalogue holds to its source: the table extracted
//! from the 2021 draft PDF (catalogue/jyfw-2021.tsv) and the overlay of
//! later changes (catalogue/overlay.toml). The rows quoted below were read
//! against the PDF's rendered pages. Re-extraction byte for byte is a
//! Python check: `python3 catalogue/extract.py --check`.

use neglist::catalogue::{
    Basis, Catalogue, Class, Column, Error, HEADER, OVERLAY_TOML, Overlay, TABLE_TSV, Tag,
    catalogue,
};
use std::collections::{BTreeMap, HashSet};

fn draft_entries() -> impl Iterator<Item = &'static neglist::catalogue::Entry<'static>> {
    catalogue().iter().filter(|e| e.draft.is_some())
}

// ---------------------------------------------------------------------------
// The table.

#[test]
fn the_table_has_its_rows_and_codes() {
    let c = catalogue();
    assert_eq!(c.table_rows(), 1998, "rows in the PDF's table");
    assert_eq!(
        c.duplicates(),
        ["G4005"],
        "G4005 is printed twice on page 32"
    );
    assert_eq!(draft_entries().count(), 1997, "unique codes");
    assert_eq!(c.len(), 1997 + c.overlay().new.len());
}

#[test]
fn every_line_has_every_column() {
    let mut lines = TABLE_TSV.lines();
    assert_eq!(
        lines.next().unwrap().split('\t').collect::<Vec<_>>(),
        HEADER
    );
    for (i, line) in lines.enumerate() {
        assert_eq!(line.split('\t').count(), HEADER.len(), "line {}", i + 2);
    }
    assert!(TABLE_TSV.ends_with('\n') && !TABLE_TSV.contains('\r'));
}

#[test]
fn codes_have_the_drafts_shape_and_sections() {
    // A 门类 letter and four digits, or (制造业 only) C, a letter, three digits.
    for e in draft_entries() {
        let b = e.code.as_bytes();
        let digits = |r: &[u8]| r.iter().all(u8::is_ascii_digit);
        let ok = (b'A'..=b'R').contains(&b[0]) && digits(&b[1..])
            || b[0] == b'C' && b[1].is_ascii_uppercase() && digits(&b[2..]);
        assert!(ok, "{}", e.code);
    }
    // Per 门类, the unique codes; the same counts as a separate text-flow
    // parse of the PDF (shared/ref/legal-2026-12.md §4.1).
    let mut sections: BTreeMap<char, usize> = BTreeMap::new();
    for e in draft_entries() {
        *sections.entry(e.code.chars().next().unwrap()).or_default() += 1;
    }
    let expected = [
        ('A', 89),
        ('B', 9),
        ('C', 519),
        ('D', 13),
        ('E', 28),
        ('F', 584),
        ('G', 85),
        ('H', 12),
        ('I', 60),
        ('J', 60),
        ('K', 10),
        ('L', 146),
        ('M', 161),
        ('N', 65),
        ('O', 64),
        ('P', 25),
        ('Q', 12),
        ('R', 55),
    ];
    assert_eq!(sections, BTreeMap::from(expected));
}

#[test]
fn rows_are_complete_and_in_page_order() {
    let mut pages = HashSet::new();
    let mut last_page = 0;
    for e in draft_entries() {
        let row = e.draft.as_ref().unwrap();
        assert!(!row.name.is_empty(), "{}", e.code);
        assert!(!e.gbt.is_empty(), "{} has no GB/T class", e.code);
        for g in &e.gbt {
            assert!(
                (2..=4).contains(&g.code.len()) && !g.name.is_empty(),
                "{}: {g:?}",
                e.code
            );
        }
        assert!(
            row.page >= last_page && row.page <= 52,
            "{} on page {}",
            e.code,
            row.page
        );
        last_page = row.page;
        pages.insert(row.page);
        assert!(!row.possibly_cut.contains(Column::Code));
        // A licence or filing cell ends every item with ';' unless the PDF
        // cut it off.
        for column in [Column::Licences, Column::Filings] {
            let cell = row.cell(column);
            if !cell.is_empty() && !row.possibly_cut.contains(column) {
                assert!(
                    cell.ends_with(';') || e.code == "C2004",
                    "{} {column}: {cell}",
                    e.code
                );
            }
        }
        // The negative-list columns are never filled without a licence.
        if !row.negative_list.is_empty() {
            assert!(!row.licences.is_empty(), "{}", e.code);
        }
    }
    assert_eq!(pages.len(), 52);
}

#[test]
fn cells_cut_off_in_the_pdf_are_flagged() {
    let open = |s: &str| s.matches(['（', '(']).count() > s.matches(['）', ')']).count();
    for e in draft_entries() {
        let row = e.draft.as_ref().unwrap();
        for column in Column::ALL {
            if open(row.cell(column)) {
                assert!(
                    row.possibly_cut.contains(column),
                    "{} {column}: an open bracket",
                    e.code
                );
            }
        }
    }
    let c = catalogue();
    let r3012 = c.get("R3012").unwrap();
    assert_eq!(r3012.name, "个人互联网直播服务（需备");
    assert!(r3012.possibly_cut(Column::Name));
    let names_cut = draft_entries()
        .filter(|e| e.possibly_cut(Column::Name))
        .count();
    assert_eq!(names_cut, 111);
    let licences_cut = draft_entries()
        .filter(|e| e.possibly_cut(Column::Licences))
        .count();
    assert_eq!(licences_cut, 30);
    assert!(!c.get("A1001").unwrap().possibly_cut(Column::Name));
}

/// Rows read against the rendered PDF: several pages, long licence cells,
/// lines drawn across a row border, the rows either side of page breaks.
#[test]
fn rows_read_in_the_pdf() {
    let c = catalogue();
    let row = |code: &str| c.get(code).unwrap().draft.clone().unwrap();

    let a1001 = row("A1001");
    assert_eq!(
        (a1001.name, a1001.gbt4754, a1001.licences, a1001.page),
        ("谷物种植", "011谷物种植", "", 1)
    );
    assert_eq!(
        a1001.foreign_investment,
        "《外资负面清单》禁止投资中国稀有和特有的珍贵优良品种的研发、养殖、种植以及相关繁殖材料的生产（包括种植业、畜牧业、水产业的优良基因）。"
    );

    // The last row of page 1 and the first of page 2: each whole.
    assert_eq!((row("A2006").name, row("A2006").page), ("林产品采集", 1));
    let a2008 = row("A2008");
    assert_eq!((a2008.name, a2008.page), ("林木种子生产经营", 2));
    assert_eq!(a2008.gbt4754, "0211林木育种；0212林木育苗；5112种子批发");
    assert_eq!(
        a2008.negative_list,
        "农作物种子、林木种子、草种、烟草种、中药材种、食用菌菌种生产经营、进出口许可;普及型国外引种试种苗圃资格认定"
    );
    // Its licence cell stops mid-item in the PDF.
    assert!(a2008.licences.ends_with("普及型国外引种试种苗圃资格"));
    assert!(a2008.possibly_cut.contains(Column::Licences));

    let f1066 = row("F1066");
    assert_eq!((f1066.name, f1066.page), ("药品批发", 20));
    assert_eq!(
        f1066.licences,
        "经营第一类中的药品类易制毒化学品审批;放射性药品经营企业审批;麻醉药品和第一类精神药品区域性批发企业经营审批;麻醉药品和第一类精神药品全国性批发企业审批;药品经营许可;药品批发企业经营蛋白同化制剂、肽类激素审批;药品批发企业许可;药品经营企业从事第二类精神药品批发业务的审批;"
    );
    let f1069 = row("F1069");
    assert_eq!(
        (f1069.licences, f1069.licences_ftz, f1069.filings),
        ("", "第二类医疗器械经营备案", "第二类医疗器械经营备案;")
    );

    // Page 36 ends with J2005; J2006's four-line name opens page 37.
    assert_eq!(
        (row("J2005").name, row("J2005").page),
        ("公募基金管理业务", 36)
    );
    let j2006 = row("J2006");
    assert_eq!(j2006.page, 37);
    assert_eq!(
        j2006.name,
        "私募股权投资基金管理、创业投资基金管理服务（须在中国证券投资基金业协会完成登记备案后方可从事经营活动）"
    );

    // A 17-line licence cell, cut at the foot of its row.
    let j3001 = row("J3001");
    assert!(
        j3001
            .licences
            .starts_with("保险集团公司设立、合并、分立、变更、解散审批;保险控股公司设立")
    );
    assert!(
        j3001
            .licences
            .contains(";保险公司及其分支机构设立审批;保险公司重大事项变更审批;")
    );
    assert!(
        j3001
            .licences
            .ends_with("依法实行强制保险的险种和新开发的人寿保险险种等的保险条款和保险费率")
    );
    assert!(
        j3001
            .negative_list
            .starts_with("保险集团公司及保险控股公司、专属自保组织和相互保险组织设立")
    );

    // Page 50: a line drawn across the row border belongs to its row.
    let p1023 = row("P1023");
    assert!(
        p1023
            .licences
            .ends_with("自学考试助学及其他文化教育的学校设立、变更和终止审批;")
    );
    assert!(
        row("P1024")
            .licences
            .starts_with("营利性民办学校（营利性民办培训机构）名称、层次、类别的变更")
    );

    // The table's last row.
    let r5019 = row("R5019");
    assert_eq!(
        (r5019.name, r5019.page),
        ("农村民间工艺及制品、休闲农业和乡村旅游资源的开发经营", 52)
    );
}

// ---------------------------------------------------------------------------
// The overlay.

#[test]
fn the_2017_list_is_there_row_by_row() {
    let overlay = catalogue().overlay();
    let rows: Vec<u8> = overlay.prior.iter().filter_map(|p| p.row).collect();
    assert_eq!(
        rows,
        (1..=31).collect::<Vec<u8>>(),
        "each of the 31 rows once, in order"
    );
    for p in &overlay.prior {
        assert!(!p.source.is_empty() && !p.basis.is_empty() && !p.item.is_empty());
        if p.row.is_some() {
            assert!(p.source.contains("§1.2"), "{:?}", p.row);
        }
    }
    // Row 9, the foreign-investment approval, lapsed with the 外商投资法.
    let row9 = overlay.prior.iter().find(|p| p.row == Some(9)).unwrap();
    assert!(row9.is_dropped() && row9.codes.is_empty());
    assert!(row9.dropped.as_ref().unwrap().contains("外商投资法"));
    // Representative offices have no catalogue entry.
    for r in [14, 15, 20, 24, 30] {
        let p = overlay.prior.iter().find(|p| p.row == Some(r)).unwrap();
        assert!(p.codes.is_empty() && !p.is_dropped(), "row {r}");
    }
    // Non-bank payment, 前置 by statute since 2024-05-01.
    let payment = overlay.prior.iter().find(|p| p.row.is_none()).unwrap();
    assert_eq!(payment.codes, ["J4001"]);
    assert_eq!(payment.since.as_deref(), Some("2024-05-01"));
    assert!(
        payment.basis.contains("非银行支付机构监督管理条例") && payment.basis.contains("第十一条")
    );
    assert_eq!(payment.tag, Tag::Primary);
}

#[test]
fn prior_entries_are_the_rows_codes() {
    let c = catalogue();
    let named: HashSet<&str> = (c.overlay().prior.iter().filter(|p| !p.is_dropped()))
        .flat_map(|p| p.codes.iter().map(String::as_str))
        .collect();
    let prior: HashSet<&str> = c
        .iter()
        .filter(|e| e.class == Class::Prior)
        .map(|e| e.code)
        .collect();
    assert_eq!(prior, named);
    for e in c.iter().filter(|e| e.class == Class::Prior) {
        let Basis::Prior(rows) = &e.basis else {
            panic!("{}: {:?}", e.code, e.basis)
        };
        assert!(!rows.is_empty());
        assert!(
            !e.licences.is_empty(),
            "{}: a 前置 entry names its licence in the draft",
            e.code
        );
    }
    // J1001 is named by two rows (foreign and Chinese banks).
    let Basis::Prior(rows) = &c.get("J1001").unwrap().basis else {
        panic!()
    };
    assert_eq!(
        rows.iter().map(|p| p.row).collect::<Vec<_>>(),
        [Some(19), Some(21)]
    );
    // Candidates change nothing.
    for candidate in &c.overlay().prior_candidate {
        assert_eq!(candidate.tag, Tag::Unconfirmed);
        for code in &candidate.codes {
            assert_eq!(c.get(code).unwrap().class, Class::Licensed, "{code}");
        }
    }
}

#[test]
fn later_changes_are_applied() {
    let c = catalogue();
    let f1040 = c.get("F1040").unwrap();
    assert_eq!(f1040.name, "食品销售（仅销售预包装食品）");
    assert_eq!(
        f1040.draft.as_ref().unwrap().name,
        "食品经营（销售预包装食品）"
    );
    assert_eq!((f1040.class, f1040.licences.len()), (Class::Filing, 0));
    assert_eq!(f1040.filings, ["仅销售预包装食品备案"]);
    let f1041 = c.get("F1041").unwrap();
    assert_eq!((f1041.name, f1041.class), ("食品销售", Class::Licensed));
    assert!(f1041.rename.is_some());

    let moved: Vec<&str> = c
        .iter()
        .filter(|e| matches!(e.basis, Basis::Moved(_)))
        .map(|e| e.code)
        .collect();
    assert_eq!(moved, ["F1040", "F1201", "F1202", "F1203", "F3235"]);
    for code in &moved {
        let e = c.get(code).unwrap();
        assert!(
            !e.draft.as_ref().unwrap().licences.is_empty(),
            "{code} was 许可 in the draft"
        );
        assert_eq!(e.class, Class::Filing);
    }

    let new = c.get("F3276").unwrap();
    assert_eq!(
        (new.name, new.class, new.draft.is_none()),
        ("食品用塑料包装容器工具制品销售", Class::General, true)
    );
    assert_eq!(
        c.get("CW011").unwrap().licences,
        ["重要工业产品（除食品相关产品、化肥外）生产许可证核发"]
    );
    assert_eq!(
        c.get("C2010").unwrap().licences,
        ["食品生产加工小作坊准许生产证核发"]
    );
    for r in &c.overlay().rename {
        assert_eq!(c.get(&r.code).unwrap().name, r.name);
    }
}

#[test]
fn every_overlay_record_is_sourced_and_tagged() {
    let o = catalogue().overlay();
    let sources = (o.rename.iter().map(|r| &r.source))
        .chain(o.to_filing.iter().map(|r| &r.source))
        .chain(o.licence_rename.iter().map(|r| &r.source))
        .chain(o.new.iter().map(|r| &r.source))
        .chain(o.prior.iter().map(|r| &r.source))
        .chain(o.prior_candidate.iter().map(|r| &r.source));
    for source in sources {
        assert!(source.starts_with("licensing note §"), "{source}");
    }
    // What is not confirmed says why, in a note.
    for p in o.prior.iter().filter(|p| !p.tag.is_confirmed()) {
        assert!(p.note.is_some() || p.dropped.is_some(), "{:?}", p.row);
    }
}

// ---------------------------------------------------------------------------
// The classes.

#[test]
fn class_counts() {
    let c = catalogue();
    let counts: Vec<(Class, usize)> = Class::ALL.iter().map(|&k| (k, c.count(k))).collect();
    assert_eq!(
        counts,
        [
            (Class::Prior, 51),
            (Class::Licensed, 447),
            (Class::Filing, 69),
            (Class::General, 1431)
        ]
    );
    assert_eq!(counts.iter().map(|(_, n)| n).sum::<usize>(), c.len());
}

#[test]
fn classes_follow_from_the_draft_where_the_overlay_is_silent() {
    for e in catalogue().iter().filter(|e| e.basis == Basis::Draft) {
        let row = e.draft.as_ref().unwrap();
        // (A licence-column item that is a filing by its name,
        // 对外贸易经营者备案登记, is a filing.)
        let items = || {
            row.licences
                .split([';', '；'])
                .map(str::trim)
                .filter(|l| !l.is_empty())
        };
        let named_filing = |l: &str| l.ends_with("备案登记") || l.ends_with("备案");
        let expected = if items().any(|l| !named_filing(l)) {
            Class::Licensed
        } else if !row.filings.is_empty() || items().any(named_filing) {
            Class::Filing
        } else {
            Class::General
        };
        assert_eq!(e.class, expected, "{}", e.code);
    }
    let c = catalogue();
    let class = |code: &str| c.get(code).unwrap().class;
    assert_eq!(class("A1001"), Class::General);
    assert_eq!(class("H2002"), Class::Licensed);
    assert_eq!(class("M2015"), Class::Licensed);
    assert_eq!(class("L2063"), Class::Filing);
    assert_eq!(class("F1069"), Class::Filing);
    assert_eq!(class("J4001"), Class::Prior);
    // 对外贸易经营者备案登记 is the only "licence" printed for these.
    assert_eq!(class("F4001"), Class::Filing);
    assert_eq!(class("F3255"), Class::Filing);
    assert_eq!(class("F1009"), Class::Licensed);
    assert_eq!(class("L2049"), Class::Prior);
    // G7014 has an item in the free-trade-zone column only: 一般.
    assert_eq!(class("G7014"), Class::General);
}

#[test]
fn class_names_are_chinese() {
    let names: Vec<String> = Class::ALL.iter().map(ToString::to_string).collect();
    assert_eq!(names, ["前置", "许可", "备案", "一般"]);
    for k in Class::ALL {
        assert_eq!(k.zh().parse::<Class>(), Ok(k));
        assert_eq!(
            serde_json::to_string(&k).unwrap(),
            format!("\"{}\"", k.zh())
        );
    }
    assert!("后置".parse::<Class>().is_err());
}

// ---------------------------------------------------------------------------
// A malformed table or overlay fails here, never at a user's run.

fn build(table: &str, overlay: &str) -> Result<usize, Error> {
    let overlay = Overlay::parse(overlay)?;
    Catalogue::build(table, &overlay).map(|c| c.len())
}

#[test]
fn the_built_in_files_build() {
    assert_eq!(build(TABLE_TSV, OVERLAY_TOML).unwrap(), catalogue().len());
}

#[test]
fn a_truncated_or_malformed_table_is_refused() {
    let ok = |t: &str| build(t, "").is_ok();
    assert!(ok(TABLE_TSV));
    // Cut mid-file: the last line is partial.
    let cut = &TABLE_TSV[..TABLE_TSV
        .char_indices()
        .nth(TABLE_TSV.chars().count() / 2)
        .unwrap()
        .0];
    assert!(!ok(cut));
    assert!(!ok(""));
    assert!(!ok(&format!("{}\n", HEADER.join("\t"))), "no rows");
    let header = HEADER.join("\t");
    let row = |r: &str| format!("{header}\n{r}\n");
    assert!(ok(&row("A1001\t谷物种植\t011谷物种植\t\t\t\t\t\t1\t")));
    assert!(
        !ok(&row("A1001\t谷物种植\t011谷物种植\t\t\t\t\t1\t")),
        "a column missing"
    );
    assert!(
        !ok(&row("A1001\t谷物种植\t011谷物种植\t\t\t\t\t\t\t1\t")),
        "a column too many"
    );
    assert!(
        !ok(&row("A101\t谷物种植\t011谷物种植\t\t\t\t\t\t1\t")),
        "bad code"
    );
    assert!(!ok(&row("A1001\t\t011谷物种植\t\t\t\t\t\t1\t")), "no name");
    assert!(
        !ok(&row("A1001\t谷物种植\t011谷物种植\t\t\t\t\t\tone\t")),
        "bad page"
    );
    assert!(
        !ok(&row("A1001\t谷物种植\t011谷物种植\t\t\t\t\t\t1\tnames")),
        "bad column"
    );
    assert!(
        !ok(&row("A1001\t谷物种植 \t011谷物种植\t\t\t\t\t\t1\t")),
        "a blank at the end"
    );
    let twice = "A1001\t谷物种植\t011谷物种植\t\t\t\t\t\t1\t\nA1001\t谷物种植\t011谷物种植\t取水许可;\t\t\t\t\t1\t";
    assert!(!ok(&row(twice)), "one code, two contents");
}

#[test]
fn an_overlay_that_does_not_fit_the_table_is_refused() {
    let err = |overlay: &str| build(TABLE_TSV, overlay).unwrap_err().to_string();
    let rename = "[[rename]]\ncode = \"F1040\"\ndraft = \"食品经营（销售预包装食品）\"\nname = \"x\"\ntag = \"✅S\"\nsource = \"s\"\n";
    assert!(build(TABLE_TSV, rename).is_ok());
    assert!(err(&rename.replace("F1040", "F9999")).contains("no such code"));
    assert!(err(&rename.replace("食品经营（", "食品销售（")).contains("the draft's name"));
    assert!(err(&rename.replace("✅S", "maybe")).contains("overlay"));
    assert!(err(&rename.replace("source = \"s\"", "source = \"\"")).contains("no source"));
    assert!(
        err(&rename.replace("tag", "tags")).contains("overlay"),
        "unknown field"
    );
    let new = "[[new]]\ncode = \"A1001\"\nname = \"x\"\nclass = \"一般\"\ntag = \"✅S\"\nsource = \"s\"\n";
    assert!(err(new).contains("already in the table"));
    assert!(err(&new.replace("一般", "后置")).contains("overlay"));
    let prior = "[[prior]]\nitem = \"i\"\nauthority = \"a\"\nbasis = \"b\"\ncodes = [\"J4001\"]\ntag = \"✅P\"\nsource = \"s\"\n";
    assert!(err(prior).contains("neither a 2017 row nor a date"));
    assert!(build(TABLE_TSV, &format!("{prior}since = \"2024-05-01\"\n")).is_ok());
    assert!(err(&format!("{prior}since = \"2024-5-1\"\n")).contains("YYYY-MM-DD"));
    let licence = "[[licence_rename]]\ncode = \"CW011\"\ndraft = \"no such licence\"\nlicence = \"x\"\ntag = \"✅S\"\nsource = \"s\"\n";
    assert!(err(licence).contains("has no licence"));
}

#[test]
fn an_overlay_record_given_twice_is_refused() {
    let rename = "[[rename]]\ncode = \"F1041\"\ndraft = \"食品经营\"\nname = \"食品销售\"\ntag = \"✅S\"\nsource = \"s\"\n";
    let e = build(TABLE_TSV, &format!("{rename}{rename}")).unwrap_err();
    assert!(e.to_string().contains("rename F1041: twice"), "{e}");
    let moved = "[[to_filing]]\ncode = \"J4001\"\nfiling = \"f\"\nbasis = \"b\"\ntag = \"✅S\"\nsource = \"s\"\n";
    let prior = "[[prior]]\nrow = 1\nitem = \"i\"\nauthority = \"a\"\nbasis = \"b\"\ncodes = [\"J4001\"]\ntag = \"✅P\"\nsource = \"s\"\n";
    assert!(
        build(TABLE_TSV, &format!("{moved}{prior}"))
            .unwrap_err()
            .to_string()
            .contains("also 前置")
    );
}
