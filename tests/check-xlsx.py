#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Reads a workbook that Kesu exported with an independent reader (openpyxl, Debian's
# python3-openpyxl) and checks it against what the test expects, given as JSON:
#
#   check-xlsx.py OUT.xlsx '{"sheets": [...], "header": [...], "numbers": [...],
#                            "phones": {"NUMBER": "138****5678", ...},
#                            "chart_sheets": [...]}'
#
# Exit status 0 when everything holds, 1 with one line per problem otherwise, 77 when
# openpyxl is missing (the test skips then).
import datetime
import json
import posixpath
import sys
import zipfile
import xml.etree.ElementTree as ET

try:
    import openpyxl
except ImportError:
    print("openpyxl is not installed for", sys.executable)
    sys.exit(77)

NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CHART_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
DRAWING_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing"

problems = []


def problem(text):
    problems.append(text)


def rels_of(zf, part):
    """The relationships of a part: {id: (type, target part)}."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if rels_name not in zf.namelist():
        return {}
    out = {}
    for rel in ET.fromstring(zf.read(rels_name)).iter(NS_PKG + "Relationship"):
        target = posixpath.normpath(posixpath.join(folder, rel.get("Target")))
        out[rel.get("Id")] = (rel.get("Type"), target)
    return out


def charts_per_sheet(path):
    """{sheet name: number of charts drawn on it}, read from the package itself (openpyxl
    does not load charts)."""
    zf = zipfile.ZipFile(path)
    workbook_rels = rels_of(zf, "xl/workbook.xml")
    counts = {}
    for sheet in ET.fromstring(zf.read("xl/workbook.xml")).iter(NS_MAIN + "sheet"):
        sheet_part = workbook_rels[sheet.get(NS_REL + "id")][1]
        n = 0
        for kind, drawing in rels_of(zf, sheet_part).values():
            if kind != DRAWING_TYPE:
                continue
            for kind2, chart in rels_of(zf, drawing).values():
                if kind2 == CHART_TYPE:
                    if chart not in zf.namelist():
                        problem(f"{sheet.get('name')}: chart part {chart} is missing")
                    n += 1
        counts[sheet.get("name")] = n
    return counts


def main():
    path = sys.argv[1]
    expect = json.loads(sys.argv[2])
    wb = openpyxl.load_workbook(path)

    if wb.sheetnames != expect["sheets"]:
        problem(f"sheets: {wb.sheetnames} instead of {expect['sheets']}")
        return

    ws = wb[expect["sheets"][1]]
    header = [c.value for c in ws[1]]
    if header[: len(expect["header"])] != expect["header"]:
        problem(f"header: {header[:len(expect['header'])]} instead of {expect['header']}")
        return
    if ws.freeze_panes != "A2":
        problem(f"frozen at {ws.freeze_panes}, not below the header")
    if not (ws.auto_filter.ref or "").startswith("A1:"):
        problem(f"no autofilter over the table ({ws.auto_filter.ref})")

    col = {title: i for i, title in enumerate(header)}
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    if len(rows) != len(expect["numbers"]):
        problem(f"{len(rows)} complaint rows instead of {len(expect['numbers'])}")
    numbers = [r[0] for r in rows]
    if sorted(numbers) != sorted(expect["numbers"]):
        problem(f"numbers: {numbers} instead of {expect['numbers']}")

    received = col.get("Received at")
    phone = col.get("Phone")
    for r in rows:
        if not isinstance(r[received], datetime.datetime):
            problem(f"{r[0]}: received {r[received]!r} is not a date")
        want = expect["phones"].get(r[0])
        if want is not None and r[phone] != want:
            problem(f"{r[0]}: phone {r[phone]!r} instead of {want!r}")
    for cell in ws.iter_rows(min_row=2, min_col=received + 1, max_col=received + 1):
        if not cell[0].is_date:
            problem(f"{cell[0].coordinate} is not formatted as a date")

    counts = charts_per_sheet(path)
    for name in expect["sheets"]:
        want = 1 if name in expect["chart_sheets"] else 0
        if counts.get(name, 0) != want:
            problem(f"{name}: {counts.get(name, 0)} charts instead of {want}")


main()
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
