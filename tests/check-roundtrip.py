#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The import-then-export round trip, checked by readers that share nothing with Kesu:
# Python's csv module reads the log that was imported and openpyxl (Debian's
# python3-openpyxl) the workbook that was exported, and every field that the log gives
# must be in the Complaints sheet, in the row of that complaint, unchanged but for the
# canonical forms Kesu documents (a phone number without spaces or country prefix, a day
# as a date, a mileage as a number, a choice by its label in the interface language).
#
#   check-roundtrip.py OUT.xlsx DEFAULT_STAFF LOG.csv [LOG.csv …]
#
# DEFAULT_STAFF is the staff member the import gives a row that names no handler or
# receiver.  The workbook is expected to hold the rows of these logs and nothing else
# (the headers are the English ones: run with LANGUAGE=en).
#
# Exit status 0 when everything holds, 1 with one line per problem otherwise, 77 when
# openpyxl is missing (the test skips then).
import csv
import datetime
import io
import re
import sys

try:
    import openpyxl
except ImportError:
    print("openpyxl is not installed for", sys.executable)
    sys.exit(77)

problems = []


def problem(text):
    problems.append(text)


# The log's headers (those the fixtures use) and the export's column for each.  The
# state, closing day and result are handled apart.
HEADERS = {
    "受理时间": "Received at",
    "投诉渠道": "Channel",
    "客户姓名": "Customer",
    "联系电话": "Phone",
    "其他联系方式": "Other contact",
    "地址": "Address",
    "车型": "Vehicle model",
    "车架号": "VIN",
    "车牌号": "Plate",
    "购车日期": "Purchase date",
    "里程": "Mileage (km)",
    "工单号": "Contract / repair order",
    "涉及人员": "Staff involved",
    "投诉内容": "What happened",
    "发生时间": "Occurred on",
    "发生地点": "Occurred at",
    "客户诉求": "Customer’s demand",
    "投诉类别": "Category",
    "严重程度": "Severity",
    "情绪": "Emotional state",
    "客户类型": "Customer type",
    "处理人": "Handler",
    "受理人": "Received by",
}
# 处理结果 (how a case ended) goes into the closing entry of the timeline, or a note for
# an open case (kesu-import.h); the workbook has no column for the timeline, so it is
# not compared here.
IGNORED = {"序号", "处理结果"}
STATE = {"状态", "处理状态"}
CLOSED_ON = {"结案日期"}

# The words the fixtures use for choices, and the English label each must come out as.
CHOICES = {
    "Channel": {
        "电话": "Phone", "现场": "Walk-in", "微信": "WeChat", "wechat": "WeChat",
        "e-mail": "E-mail", "第三方平台": "Third-party platform",
    },
    "Category": {
        "维修质量": "Repair / maintenance quality",
        "repair-quality": "Repair / maintenance quality",
        "承诺未兑现": "Sales promise not kept",
        "sales promise not kept": "Sales promise not kept",
        "vehicle-quality": "Vehicle quality",
        "价格": "Price and fees",
    },
    "Severity": {
        "一般": "Normal", "重要": "Important", "紧急重大": "Urgent / major",
        "urgent": "Urgent / major",
    },
    "Emotional state": {
        "平静": "Calm", "焦虑": "Anxious", "愤怒": "Angry", "angry": "Angry",
    },
    "Customer type": {
        "grumbler": "Grumbler", "know-it-all": "Know-it-all",
    },
}
DEFAULT_CHOICE = {
    "Channel": "Other", "Category": "Other", "Severity": "Normal",
    "Emotional state": "Calm", "Customer type": None,
}
CLOSED_WORDS = {"已结案", "结案", "closed"}
WITHDRAWN_WORDS = {"已撤诉", "撤诉", "withdrawn"}


def read_log(path):
    raw = open(path, "rb").read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")
    return list(csv.reader(io.StringIO(text, newline="")))


def parse_moment(text):
    """A day with or without a time, as people type it; None if it is none."""
    m = re.fullmatch(r"(\d{4})\s*[-/年]\s*(\d{1,2})\s*[-/月]\s*(\d{1,2})\s*日?"
                     r"(?:\s*(\d{1,2}):(\d{2}))?", text.strip())
    if m is None:
        return None
    y, mo, d, h, mi = m.groups()
    return datetime.datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0))


def phone(text):
    s = re.sub(r"[\s-]", "", text.strip())
    if s.startswith("+86"):
        s = s[3:]
    if re.fullmatch(r"1\d{10}", s):
        return s
    m = re.fullmatch(r"(0(?:10|2\d|[3-9]\d\d))(\d{7,8})", s)
    if m is None:
        problem(f"the check cannot read the phone {text!r}")
        return text
    return m.group(1) + "-" + m.group(2)


def expected(column, text):
    """What the export shows in @column for the log's @text (not blank)."""
    stripped = text.strip()
    if column in ("What happened", "Customer’s demand"):
        return text  # the customer's own words, exactly
    if column == "Received at":
        return parse_moment(text)
    if column in ("Purchase date", "Occurred on"):
        moment = parse_moment(text)
        return moment.replace(hour=0, minute=0) if moment is not None else stripped
    if column == "Phone":
        return phone(text)
    if column == "Mileage (km)":
        return int(re.sub(r"[\s,]|km$|公里$", "", stripped))
    if column == "VIN":
        return stripped.upper()
    if column == "Plate":
        return re.sub(r"[\s·•.-]", "", stripped).upper()
    if column in CHOICES:
        label = CHOICES[column].get(stripped.lower())
        if label is None:
            problem(f"the check does not know the {column} {stripped!r}")
        return label
    return stripped


def same(column, want, got):
    if isinstance(want, datetime.datetime):
        if not isinstance(got, datetime.datetime):
            return False
        return got.replace(second=0, microsecond=0) == want
    if isinstance(want, int) and not isinstance(want, bool):
        return isinstance(got, (int, float)) and got == want
    return got == want


def main():
    path, default_staff, logs = sys.argv[1], sys.argv[2], sys.argv[3:]
    wb = openpyxl.load_workbook(path)
    ws = wb["Complaints"]
    header = [c.value for c in ws[1]]
    col = {title: i for i, title in enumerate(header)}
    for needed in list(HEADERS.values()) + ["State", "Closed", "Number"]:
        if needed not in col:
            problem(f"the Complaints sheet has no column {needed!r}: {header}")
    if problems:
        return
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if any(v is not None for v in r)]

    def key_of(ph, moment):
        return (ph, moment.strftime("%Y-%m-%d %H:%M") if moment else None)

    by_key = {}
    for r in rows:
        k = key_of(r[col["Phone"]], r[col["Received at"]])
        if k in by_key:
            problem(f"two exported rows for {k}")
        by_key[k] = r

    n_expected = 0
    for log in logs:
        records = read_log(log)
        names = [h.strip() for h in records[0]]
        for h in names:
            if h not in HEADERS and h not in IGNORED | STATE | CLOSED_ON:
                problem(f"{log}: the check does not know the column {h!r}")
        for line, record in enumerate(records[1:], 2):
            values = dict(zip(names, record))
            n_expected += 1
            received = parse_moment(values["受理时间"])
            k = key_of(phone(values["联系电话"]), received)
            r = by_key.get(k)
            where = f"{log.rsplit('/', 1)[-1]} row {line - 1}"
            if r is None:
                problem(f"{where}: no exported row for {k}")
                continue
            where += f" ({r[col['Number']]})"

            for h, column in HEADERS.items():
                text = values.get(h, "")
                got = r[col[column]]
                if text.strip() == "":
                    if column in DEFAULT_CHOICE:
                        want = DEFAULT_CHOICE[column]
                    elif column in ("Handler", "Received by"):
                        want = default_staff
                    else:
                        want = None
                else:
                    want = expected(column, text)
                if not same(column, want, got):
                    problem(f"{where}: {column}: {got!r} instead of {want!r} (log: {text!r})")

            word = next((values[h].strip() for h in STATE if h in values), "")
            closed_on = next((values[h].strip() for h in CLOSED_ON if h in values), "")
            if word in CLOSED_WORDS or (word == "" and closed_on != ""):
                want_state = "Closed"
            elif word in WITHDRAWN_WORDS:
                want_state = "Withdrawn"
            else:
                # Documented: an open case comes in as received, whatever open step the
                # log names; Kesu does not make up the steps in between.
                want_state = "Received"
            if r[col["State"]] != want_state:
                problem(f"{where}: State: {r[col['State']]!r} instead of {want_state!r} "
                        f"(log: {word!r})")
            if want_state == "Closed":
                want_closed = parse_moment(closed_on) if closed_on else received
                if closed_on and not re.search(r"\d:\d\d", closed_on):
                    # A closing day without a time: 00:00, or the received time on the day
                    # the case was received.
                    if want_closed.date() == received.date():
                        want_closed = received
                if not same("Closed", want_closed, r[col["Closed"]]):
                    problem(f"{where}: Closed: {r[col['Closed']]!r} instead of {want_closed!r}")

    if len(rows) != n_expected:
        problem(f"{len(rows)} complaint rows instead of {n_expected}")


main()
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
