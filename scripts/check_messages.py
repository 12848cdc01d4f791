"""Fail when a UI string has no Danish text, or the catalogues do not compile (make test runs it).

The strings are extracted afresh, as `make messages` would, but into a temporary copy of the
sources, so locale/ in the checkout is never rewritten (others append to it):

1. Copy the .py, .html and .txt files and locale/{da,en} to a temporary directory and run
   `manage.py makemessages -l da --keep-pot` there (the same ignores as `make messages`).
2. Danish: after that merge no message may be untranslated or fuzzy. That catches a msgid missing
   from locale/da, one with an empty msgstr, a fuzzy one, and one whose translation no longer fits
   its format (the merge marks those fuzzy, and compilemessages would then leave them out).
3. English: every extracted msgid is in locale/en (the msgstr may stay empty: the msgid is the
   English text).
4. `msgfmt --check` passes on both catalogues (placeholders, plurals, no duplicate msgids).

Needs GNU gettext (msgfmt, msgcmp, msgattrib) and the project's settings (DJANGO_SETTINGS_MODULE).
Run: .venv/bin/python scripts/check_messages.py
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Keep in step with I18N_IGNORE in the Makefile.
IGNORED = {".venv", "node_modules", "static/vendor", "staticfiles", "var", ".git"}
EXTENSIONS = {".py", ".html", ".txt"}
CATALOGUE = Path("LC_MESSAGES") / "django.po"
STATISTICS = re.compile(r"(\d+) (translated|fuzzy|untranslated)")


def copy_sources(target: Path) -> None:
    for directory, subdirectories, files in os.walk(ROOT):
        relative = Path(directory).relative_to(ROOT)
        subdirectories[:] = [
            name
            for name in subdirectories
            if (relative / name).as_posix() not in IGNORED and name != "__pycache__"
        ]
        for name in files:
            if Path(name).suffix in EXTENSIONS:
                (target / relative).mkdir(parents=True, exist_ok=True)
                shutil.copy2(Path(directory) / name, target / relative / name)
    for language in ("da", "en"):
        destination = target / "locale" / language / CATALOGUE
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / "locale" / language / CATALOGUE, destination)


def run(*command: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, check=False
    )


def counts(po: Path) -> dict[str, int]:
    """Translated, fuzzy and untranslated messages of `po`, as msgfmt --statistics counts them."""
    result = run("msgfmt", "--statistics", "-o", os.devnull, po)
    found = {kind: int(number) for number, kind in STATISTICS.findall(result.stderr)}
    return {kind: found.get(kind, 0) for kind in ("translated", "fuzzy", "untranslated")}


def entries_of(po_text: str) -> list[str]:
    """The entries of a catalogue's text, without its header."""
    return [
        entry.strip()
        for entry in po_text.split("\n\n")
        if entry.strip() and 'msgid ""\nmsgstr ""\n"Project-Id-Version' not in entry
    ]


def msgid_before(lines: list[str], number: int) -> str:
    """The msgctxt/msgid lines of the entry msgcmp names by line `number` (1-based)."""
    end = number - 1
    while end > 0 and not lines[end].startswith("msgstr"):
        end -= 1
    start = end
    while start > 0 and not lines[start - 1].startswith("#") and lines[start - 1].strip():
        start -= 1
    return "\n".join(lines[start:end])


def main() -> int:
    problems: list[str] = []
    for language in ("da", "en"):
        po = ROOT / "locale" / language / CATALOGUE
        checked = run("msgfmt", "--check", "-o", os.devnull, po)
        if checked.returncode != 0:
            errors = [line for line in checked.stderr.splitlines() if "warning:" not in line]
            problems.append(
                f"msgfmt --check fails on {po.relative_to(ROOT)}:\n" + "\n".join(errors)
            )

    with tempfile.TemporaryDirectory(prefix="kt-messages-") as name:
        copy = Path(name)
        copy_sources(copy)
        ignores = [f"--ignore={path}" for path in sorted(IGNORED)]
        made = run(
            sys.executable, "manage.py", "makemessages", "-l", "da", "--keep-pot", *ignores,
            cwd=copy,
        )  # fmt: skip
        if made.returncode != 0:
            print(made.stdout + made.stderr, file=sys.stderr)
            print("makemessages failed in the temporary copy.", file=sys.stderr)
            return 1
        pot = copy / "locale" / "django.pot"
        merged = copy / "locale" / "da" / CATALOGUE

        danish = counts(merged)
        if danish["fuzzy"] or danish["untranslated"]:
            entries = [
                entry
                for option in ("--untranslated", "--only-fuzzy")
                for entry in entries_of(
                    run("msgattrib", "--no-obsolete", "--no-wrap", option, merged).stdout
                )
            ]
            problems.append(
                f"{danish['untranslated']} messages have no Danish text and {danish['fuzzy']} "
                "are fuzzy (similar to another msgid, or the translation no longer fits its "
                "placeholders). Add missing ones at the end of locale/da/LC_MESSAGES/django.po; "
                "fix the others where they are:\n\n" + "\n\n".join(entries)
            )

        english = run(
            "msgcmp", "--use-untranslated", "--use-fuzzy", ROOT / "locale" / "en" / CATALOGUE, pot
        )
        pot_lines = pot.read_text(encoding="utf-8").splitlines()
        not_defined = [
            msgid_before(pot_lines, int(match.group(1)))
            for match in re.finditer(r"django\.pot:(\d+): this message is used but not defined",
                                     english.stderr)
        ]  # fmt: skip
        if english.returncode != 0 or not_defined:
            problems.append(
                f"{len(not_defined)} messages are missing from locale/en/LC_MESSAGES/django.po "
                "(add them at the end; msgstr may stay empty):\n"
                + "\n".join(not_defined or [english.stderr])
            )

    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print(f"Messages: {danish['translated']} with Danish text; locale/en complete.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
