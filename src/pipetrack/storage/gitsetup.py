"""A data folder in a git repository shared by a team: the merge driver, the
pre-commit hook, the ignore file, and who "I" am (the default owner).

``setup`` is idempotent: every step first looks at what is there and changes
only what differs, and says what it changed. A pre-commit hook that is not
ours is never replaced: ours is written beside it and the user is told how to
call it.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipetrack.domain.errors import UsageError

DRIVER_NAME = "pipetrack field-aware merge of contact and account files"
ATTRIBUTES = (
    "# pipetrack: merge contact and account files field by field (see `pipetrack git-setup`)\n"
    "accounts/*.yaml merge=pipetrack\n"
    "contacts/*.yaml merge=pipetrack\n"
)
ATTRIBUTE_LINES = ("accounts/*.yaml merge=pipetrack", "contacts/*.yaml merge=pipetrack")
HOOK_MARK = "# installed by `pipetrack git-setup`"
OTHER_HOOK = "pre-commit-pipetrack"

HOOK_TEMPLATE = """\
#!/bin/sh
{mark}: checks the staged contact and account files.
# Run `pipetrack git-setup` again to update it; skip it once with `git commit --no-verify`.
data={data}
python={python}

top=$(git rev-parse --show-toplevel) || exit 1
cd "$top/$data" || exit 1
files=$(git diff --cached --name-only --diff-filter=ACMR --relative -- \\
    'contacts/*.yaml' 'contacts/*.yml' 'accounts/*.yaml' 'accounts/*.yml' pipetrack.yaml)
[ -n "$files" ] || exit 0
set --
while IFS= read -r f; do
    set -- "$@" "$f"
done <<EOF
$files
EOF
if ! git diff --quiet -- "$@"; then
    echo "pipetrack: some staged files have unstaged changes; checking the files as they are on disk" >&2
fi
if [ -x "$python" ] && "$python" -c 'import pipetrack' 2>/dev/null; then
    exec "$python" -m pipetrack --data . check -- "$@"
elif command -v pipetrack >/dev/null 2>&1; then
    exec pipetrack --data . check -- "$@"
fi
echo "pipetrack: cannot run pipetrack (tried $python and PATH); commit with --no-verify to skip the check" >&2
exit 1
"""


def default_program() -> str:
    """How git should run pipetrack: by name, found on the user's PATH."""
    return "pipetrack"


@dataclass
class Repo:
    """The git repository a data folder lies in."""

    top: Path
    hooks: Path
    changes: list[str] = field(default_factory=list)


def git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    try:
        proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise UsageError("git is not installed (or not on PATH)") from None
    if check and proc.returncode != 0:
        raise UsageError(f"git {' '.join(args)} failed: {proc.stderr.strip() or proc.stdout.strip()}")
    return proc


def find_repo(root: Path, *, create: bool) -> tuple[Path, list[str]]:
    """The top of the work tree holding ``root``; ``git init`` it when asked."""
    made = []
    proc = git(root, "rev-parse", "--show-toplevel", check=False)
    if proc.returncode != 0:
        if not create:
            raise UsageError(f"{root} is not inside a git repository; run `git init` there first")
        git(root, "init", "--quiet")
        made.append("git repository (git init)")
        proc = git(root, "rev-parse", "--show-toplevel")
    return Path(proc.stdout.strip()), made


def hooks_dir(root: Path) -> Path:
    configured = git(root, "config", "--get", "core.hooksPath", check=False).stdout.strip()
    if configured:
        top = Path(git(root, "rev-parse", "--show-toplevel").stdout.strip())
        return (top / Path(configured).expanduser()).resolve()
    path = Path(git(root, "rev-parse", "--git-path", "hooks").stdout.strip())
    return path if path.is_absolute() else (root / path).resolve()


def _ensure_lines(path: Path, block: str, wanted: tuple[str, ...], label: str) -> list[str]:
    """Append ``block`` to a text file unless all ``wanted`` lines are in it already."""
    from pipetrack.storage.store import atomic_write

    current = path.read_text("utf-8") if path.exists() else ""
    have = {line.strip() for line in current.splitlines()}
    if all(line in have for line in wanted):
        return []
    sep = "" if not current or current.endswith("\n") else "\n"
    atomic_write(path, (current + sep + block).encode("utf-8"))
    return [f"{label} ({'updated' if current else 'created'})"]


def hook_text(data: str, python: str) -> str:
    return HOOK_TEMPLATE.format(mark=HOOK_MARK, data=shlex.quote(data), python=shlex.quote(python))


def setup(
    root: Path, *, program: str | None = None, python: str | None = None, init_repo: bool = True
) -> list[str]:
    """Make ``root`` (a data folder) ready for a team on git.

    Returns the changes made, one line each (empty when there was nothing to
    do: running it again changes nothing).
    ``program`` is how git runs pipetrack for merges (default ``pipetrack``);
    ``python`` the interpreter the hook tries first (default: this one).
    """
    from pipetrack.storage.store import CACHE_DIR, GITIGNORE, atomic_write

    root = Path(root).resolve()
    top, changes = find_repo(root, create=init_repo)

    changes += _ensure_lines(root / ".gitattributes", ATTRIBUTES, ATTRIBUTE_LINES, ".gitattributes")
    changes += _ensure_lines(root / ".gitignore", GITIGNORE, (f"{CACHE_DIR}/",), ".gitignore")

    driver = f"{program or default_program()} merge-file %O %A %B %P"
    for key, value in (("merge.pipetrack.name", DRIVER_NAME), ("merge.pipetrack.driver", driver)):
        current = git(root, "config", "--local", "--get", key, check=False).stdout.rstrip("\n")
        if current != value:
            git(root, "config", "--local", key, value)
            changes.append(f"git config {key}")

    data = os.path.relpath(root, top.resolve())
    text = hook_text("." if data == "." else Path(data).as_posix(), python or sys.executable)
    hooks = hooks_dir(root)
    hook = hooks / "pre-commit"
    current = hook.read_text("utf-8", errors="replace") if hook.exists() else None
    target = hook if current is None or HOOK_MARK in current else hooks / OTHER_HOOK
    shown = os.path.relpath(target, root)  # relative to the data folder
    existing = target.read_text("utf-8", errors="replace") if target.exists() else None
    if existing != text:
        hooks.mkdir(parents=True, exist_ok=True)
        atomic_write(target, text.encode("utf-8"))
        changes.append(f"pre-commit hook {shown} ({'updated' if existing is not None else 'installed'})")
        if target != hook:
            changes.append(
                f"note: your own pre-commit hook {os.path.relpath(hook, root)} was kept, not replaced; to run pipetrack's "
                f'check too, add this line to it: "$(dirname "$0")/{OTHER_HOOK}" || exit 1'
            )
    if not os.access(target, os.X_OK):
        target.chmod(target.stat().st_mode | 0o111)
        if existing == text:
            changes.append(f"pre-commit hook {shown} (made executable)")
    return changes


# --- who am I ---------------------------------------------------------------------


def git_email(root: Path) -> str | None:
    try:
        proc = subprocess.run(
            ["git", "config", "--get", "user.email"], cwd=root, capture_output=True, text=True, check=False
        )
    except (FileNotFoundError, NotADirectoryError):
        return None
    email = proc.stdout.strip()
    return email or None


def default_owner(settings: Any, root: Path, email: str | None = None) -> str | None:
    """The owner of a new contact: settings ``owner``; else the git ``user.email``
    looked up in settings ``owners`` (the whole address, then its local part);
    else the email's local part as an id (``li.na@acme.com`` → ``li-na``)."""
    from pipetrack.domain.ids import slugify

    if getattr(settings, "owner", None):
        return settings.owner
    email = email if email is not None else git_email(root)
    if not email:
        return None
    local = email.split("@", 1)[0]
    owners = {str(k).strip().casefold(): v for k, v in (getattr(settings, "owners", None) or {}).items()}
    for key in (email.casefold(), local.casefold()):
        if key in owners:
            return owners[key]
    slug = slugify(local)
    return slug or None
