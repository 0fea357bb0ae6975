#!/usr/bin/env python3
"""Extract SAMR's 经营范围规范表述目录（征求意见稿）(2021-03) into a TSV.

    pip install pdfplumber          # tested with pdfplumber 0.11.11
    python3 catalogue/extract.py                  # writes catalogue/jyfw-2021.tsv
    python3 catalogue/extract.py --check          # exit 1 unless the committed TSV is reproduced byte for byte
    python3 catalogue/extract.py --report         # also print what was odd (possibly cut cells, straddling lines)

The table is read by cell coordinates, not from the text flow:

* the cell grid comes from the ruling rectangles (pdfplumber ``find_tables``);
  every page has one table with the same eight column edges (asserted);
* each character is put in the cell that holds its centre; the grey
  “征求意见稿” watermark (84 pt) is dropped, the page title (9 pt) is outside
  the table;
* a cell's characters are grouped into visual lines by their top coordinate
  and each line is read left to right; wrapped lines are joined with nothing
  between them (the text is Chinese; a wrap between two ASCII letters or
  digits would get a space, but the PDF has none);
* a row never continues on the next page: the exporter did not split rows,
  so every page's first row carries its own code (asserted: a row without a
  code would be joined to the row before it, on the same or the previous
  page).

The PDF is a spreadsheet printed with fixed row heights: text that did not
fit its cell was cut off by the exporter and is *not in the file* (e.g.
R3012 “个人互联网直播服务（需备” is all there is). The ``possibly_cut`` column
names the cells whose text reaches the cell's bottom edge and looks cut (see
``possibly_cut``). Nothing is invented to repair them.

Output: one line per table row, in the PDF's order, columns TSV_HEADER,
UTF-8, LF, no quoting (no cell holds a tab or a newline).
"""

import argparse
import hashlib
import os
import re
import sys
from collections import Counter

import pdfplumber

HERE = os.path.dirname(os.path.abspath(__file__))
PDF = os.path.join(HERE, "jyfw-2021.pdf")
TSV = os.path.join(HERE, "jyfw-2021.tsv")
SHA256 = "512a12cc5c974e1b1507aa8411374a86d68caa1522f0896412140336b3825057"

# Header of the PDF's table, joined, and the TSV's column names, in order.
PDF_HEADER = [
    "条目代码",
    "经营范围表述条目",
    "对应《国民经济行业分类》",
    "经营范围规范条目对应涉企行政许可事项",
    "经营范围规范条目对应涉企行政许可事项（自贸区范围）",
    "涉及备案事项",
    "涉及负面清单事项",
    "外资负面清单",
]
COLUMNS = [
    "code",
    "name",
    "gbt4754",
    "licences",
    "licences_ftz",
    "filings",
    "negative_list",
    "foreign_investment",
]
TSV_HEADER = COLUMNS + ["page", "possibly_cut"]

# Left edges of the eight columns, identical on all 52 pages (points).
COLUMN_X = [54.1, 83.8, 152.8, 289.2, 376.8, 462.8, 501.2, 559.8]
BODY_SIZE = 5.04  # the table's font size; 4.8 occurs in one cell (page 3)
WATERMARK_MIN_SIZE = 20
CODE = re.compile(r"^[A-T][A-Z0-9][0-9]{3}$")
ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()


def centre(c):
    return (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2


def inside(point, box):
    x, y = point
    x0, top, x1, bottom = box
    return x0 <= x <= x1 and top <= y <= bottom


def visual_lines(chars):
    """Group a cell's characters into lines (by top), each sorted by x."""
    lines = []
    for c in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if lines and abs(c["top"] - lines[-1][0]["top"]) < 1.5:
            lines[-1].append(c)
        else:
            lines.append([c])
    return [sorted(line, key=lambda c: c["x0"]) for line in lines]


def join_lines(texts):
    out = ""
    for t in texts:
        t = t.strip(" \u3000")
        if not t:
            continue
        if out and ASCII_ALNUM.match(out[-1]) and ASCII_ALNUM.match(t[0]):
            out += " "
        out += t
    return out


def clean(s):
    # No tabs or newlines in a TSV cell; nothing else is touched.
    return re.sub(r"[\t\r\n]+", " ", s)


class Cell:
    def __init__(self, box, chars):
        self.box = box
        self.lines = visual_lines(chars)
        self.text = clean(join_lines("".join(c["text"] for c in line) for line in self.lines))

    def bottom_gap(self):
        return self.box[3] - max(c["bottom"] for c in self.lines[-1])

    def right_of_last_line(self):
        return max(c["x1"] for c in self.lines[-1]) - self.box[0]

    def straddles(self):
        """Lines drawn across the cell's top or bottom border."""
        x0, top, x1, bottom = self.box
        return [
            "".join(c["text"] for c in line)
            for line in self.lines
            if min(c["top"] for c in line) < top - 0.5 or max(c["bottom"] for c in line) > bottom + 0.5
        ]


def read_pages(pdf):
    """Yield (page number, [Cell × 8]) for every table row, header included."""
    for page in pdf.pages:
        tables = page.find_tables()
        assert len(tables) == 1, f"page {page.page_number}: {len(tables)} tables"
        table = tables[0]
        chars = [c for c in page.chars if c["size"] < WATERMARK_MIN_SIZE]
        used = set()
        for row in table.rows:
            assert len(row.cells) == 8 and all(row.cells), f"page {page.page_number}: a row without 8 cells"
            for box, x in zip(row.cells, COLUMN_X):
                assert abs(box[0] - x) < 0.2, f"page {page.page_number}: column edge {box[0]} != {x}"
            cells = []
            for box in row.cells:
                mine = [c for c in chars if inside(centre(c), box)]
                used.update(id(c) for c in mine)
                cells.append(Cell(box, mine))
            yield page.page_number, cells
        # Every character is in a cell, but the page-1 title above the table.
        stray = "".join(c["text"] for c in chars if id(c) not in used)
        expected = "经营范围规范表述目录（征求意见稿）" if page.page_number == 1 else ""
        assert stray == expected, f"page {page.page_number}: text outside the table: {stray!r}"


def wrap_widths(rows):
    """Per column, the widest line seen: the wrap width the exporter used."""
    widest = [0.0] * 8
    for _, cells in rows:
        for i, cell in enumerate(cells):
            for line in cell.lines:
                widest[i] = max(widest[i], max(c["x1"] for c in line) - cell.box[0])
    return widest


# Columns whose every complete cell ends with a known mark: the licence and
# filing columns end each item with ';', the foreign-investment measures are
# sentences.
COMPLETE_END = {"licences": ";", "filings": ";", "foreign_investment": "。"}


def unbalanced(text):
    return text.count("（") + text.count("(") > text.count("）") + text.count(")")


def possibly_cut(column, cell, widest):
    """The cell's text may go on beyond what the PDF holds.

    It must reach the cell's bottom edge. Then it is cut if a bracket is left
    open, or if its column ends complete cells with a mark it lacks; with
    neither clue, if its last line is full: less than one character's room
    (two in a column with an end mark, where a closing ';' or '）' may not
    begin a line and takes the character before it along). A complete text
    that happens to fill its last line is flagged too: this is a superset.
    """
    if column == "code" or not cell.lines or cell.bottom_gap() >= 0.5:
        return False
    if unbalanced(cell.text):
        return True
    room = widest - cell.right_of_last_line()
    end = COMPLETE_END.get(column)
    if end:
        return room < 2.1 * BODY_SIZE and not cell.text.endswith(end)
    return room < BODY_SIZE


def check_lines_inside(page, cells):
    """A line drawn across a row border belongs to the row holding its
    centre; make sure no centre is too close to a border to tell."""
    for cell in cells:
        for line in cell.lines:
            cy = (min(c["top"] for c in line) + max(c["bottom"] for c in line)) / 2
            margin = min(cy - cell.box[1], cell.box[3] - cy)
            assert margin > 0.5, f"page {page}: line {''.join(c['text'] for c in line)!r} is on a row border"


class Entry:
    def __init__(self, page, cells, widest):
        self.page = page
        self.texts = [c.text for c in cells]
        self.cut = [possibly_cut(col, c, w) for col, c, w in zip(COLUMNS, cells, widest)]
        self.straddling = [(col, s) for col, c in zip(COLUMNS, cells) for s in c.straddles()]

    def continue_with(self, other):
        """Join a continuation row (no code) to this row, column by column;
        a column the continuation adds to takes the continuation's flag."""
        for i, text in enumerate(other.texts):
            if text:
                self.texts[i] = join_lines([self.texts[i], text])
                self.cut[i] = other.cut[i]
        self.straddling += other.straddling

    def tsv(self):
        cut = ",".join(col for col, c in zip(COLUMNS, self.cut) if c)
        return "\t".join(self.texts + [str(self.page), cut])


def extract(pdf_path):
    with pdfplumber.open(pdf_path) as pdf:
        assert len(pdf.pages) == 52, len(pdf.pages)
        rows = list(read_pages(pdf))
    header = [cell.text for cell in rows[0][1]]
    assert header == PDF_HEADER, header
    rows = rows[1:]
    widest = wrap_widths(rows)

    entries = []
    for page, cells in rows:
        check_lines_inside(page, cells)
        entry = Entry(page, cells, widest)
        if not entry.texts[0]:
            # A row continued from the row above, or from the last row of
            # the previous page. Does not occur in the 2021 PDF (its
            # exporter never split a row); kept so a re-export that splits
            # rows still reads right.
            assert entries, f"page {page}: the first row has no code"
            entries[-1].continue_with(entry)
            continue
        assert CODE.match(entry.texts[0]), f"page {page}: bad code {entry.texts[0]!r}"
        entries.append(entry)
    return entries, widest


def to_tsv(entries):
    return "\n".join(["\t".join(TSV_HEADER)] + [e.tsv() for e in entries]) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pdf", default=PDF)
    ap.add_argument("--out", default=TSV)
    ap.add_argument("--check", action="store_true", help="compare with --out instead of writing it")
    ap.add_argument("--report", action="store_true", help="print possibly cut cells, straddling lines, duplicates")
    args = ap.parse_args()

    digest = sha256(args.pdf)
    if digest != SHA256:
        sys.exit(f"{args.pdf}: sha256 {digest}, expected {SHA256}; a new PDF needs a review of this script")

    entries, widest = extract(args.pdf)
    tsv = to_tsv(entries)

    codes = Counter(e.texts[0] for e in entries)
    dups = {c: n for c, n in codes.items() if n > 1}
    print(f"{len(entries)} entries, {len(codes)} unique codes; duplicates: {dups}", file=sys.stderr)
    if args.report:
        print("wrap widths:", [round(w, 1) for w in widest], file=sys.stderr)
        for e in entries:
            cut = [col for col, c in zip(COLUMNS, e.cut) if c]
            if cut or e.straddling:
                print(e.page, e.texts[0], e.texts[1], "possibly cut:", cut, "straddling:", e.straddling, file=sys.stderr)
        per_column = Counter(col for e in entries for col, c in zip(COLUMNS, e.cut) if c)
        print("possibly cut cells per column:", dict(per_column), file=sys.stderr)

    if args.check:
        with open(args.out, encoding="utf-8", newline="") as f:
            committed = f.read()
        if committed != tsv:
            sys.exit(f"{args.out} differs from a fresh extraction of {args.pdf}")
        print(f"{args.out} is reproduced byte for byte", file=sys.stderr)
    else:
        with open(args.out, "w", encoding="utf-8", newline="") as f:
            f.write(tsv)
        print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
