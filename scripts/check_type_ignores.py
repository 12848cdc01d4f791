"""Fail on a `# type: ignore` without an error code and a reason (make test runs it).

mypy itself refuses an ignore without a code (`ignore-without-code` in pyproject.toml) and one that
no longer silences anything (`warn_unused_ignores`, part of strict). This adds the reason: a
comment after the ignore on the same line, or a comment line right above it, says why the checker
is wrong or cannot know:

    user._navigation = navigation  # type: ignore[attr-defined]  # per-request cache, not a field

    # simple_history adds `history` to the model class at run time.
    history = self.model.history  # type: ignore[attr-defined]
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IGNORE = re.compile(r"#\s*type:\s*ignore(?P<code>\[[^\]]*\])?(?P<rest>.*)$")


def problems_in(path: Path) -> list[str]:
    problems: list[str] = []
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    # Comments only (tokenize), so an ignore quoted in a string or docstring does not count.
    comments = [
        (token.start[0], token.string)
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    ]
    for number, comment in comments:
        match = IGNORE.search(comment)
        if match is None:
            continue
        where = f"{path.relative_to(ROOT)}:{number}"
        if not match.group("code"):
            problems.append(f"{where}: type: ignore without an error code")
            continue
        reason_after = match.group("rest").strip().startswith("#")
        above = lines[number - 2].strip() if number > 1 else ""
        if not reason_after and not above.startswith("#"):
            problems.append(f"{where}: type: ignore{match.group('code')} without a reason comment")
    return problems


def main() -> int:
    tracked = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    problems = [
        problem
        for name in sorted(tracked)
        if "/migrations/" not in name and (ROOT / name).is_file()
        for problem in problems_in(ROOT / name)
    ]
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
