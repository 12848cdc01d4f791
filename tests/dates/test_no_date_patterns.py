"""No date pattern is spelled out in code or templates: every date shown goes through the
language's format (config/formats, config/dates.py). Machine-readable values (CSV exports,
cache keys, file names, <input type="date"> values) keep ISO and are listed here by hand."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["accounts", "families", "screening", "assessment", "actionplans", "evaluation", "demo"]
SOURCE_DIRS = [*APPS, "config", "templates"]

# Only the named formats, which follow the language.
NAMED = {"DATE_FORMAT", "SHORT_DATE_FORMAT", "DATETIME_FORMAT", "SHORT_DATETIME_FORMAT"}
DATE_FILTER = re.compile(r"""\|\s*date\s*:\s*["']([^"']*)["']""")
# A date for people written by hand: strftime, or a day-first or US pattern in an f-string or
# format spec ({day:%d-%m-%Y}); ISO (%Y-%m-%d) stays allowed for machines and date inputs.
HAND_PATTERN = re.compile(r"%[de][-./ ]%[mbB]|%m/%d|%[bB]\b|strftime\(")

# Machine-readable, never read as a date by a person in a sentence.
ALLOWED = {
    ("families/views.py", 'strftime("%Y-%m-%d %H:%M")'),  # the access log CSV export (ISO)
}


def _files(suffixes: tuple[str, ...]) -> list[Path]:
    files = []
    for directory in SOURCE_DIRS:
        for path in (ROOT / directory).rglob("*"):
            # config/formats is where the patterns live.
            skipped = "migrations" in path.parts or "formats" in path.parts
            if path.suffix in suffixes and not skipped:
                files.append(path)
    return files


def test_templates_use_only_the_named_formats():
    wrong = []
    for path in _files((".html", ".txt")):
        for match in DATE_FILTER.finditer(path.read_text()):
            if match.group(1) not in NAMED:
                wrong.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    assert wrong == []


def test_python_spells_out_no_day_month_pattern():
    wrong = []
    for path in _files((".py",)):
        relative = str(path.relative_to(ROOT))
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            match = HAND_PATTERN.search(line)
            if match and not any(relative == file and text in line for file, text in ALLOWED):
                wrong.append(f"{relative}:{number}: {line.strip()}")
    assert wrong == []


def test_the_guard_sees_a_hand_written_pattern():
    found = DATE_FILTER.search('{{ day|date:"d-m-Y" }}')
    assert found is not None
    assert found.group(1) not in NAMED
    assert HAND_PATTERN.search('f"{day:%d-%m-%Y}"')
    assert HAND_PATTERN.search('day.strftime("%d.%m.%Y")')
    assert HAND_PATTERN.search('f"{day:%m/%d/%Y}"')
    assert not HAND_PATTERN.search('f"{answered_on:%Y-%m}"')
    assert not HAND_PATTERN.search('DateInput(format="%Y-%m-%d")')
