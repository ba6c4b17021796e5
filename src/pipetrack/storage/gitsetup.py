"""A data folder in a git repository shared by a team: the merge driver, the
pre-commit hook, the ignore file, and who "I" am (the default owner).

``setup`` is idempotent: every step first looks at what is there and changes
only what differs, and says what it changed. A pre-commit hook that is not
ours is never replaced: ours is written beside it and the user is told how to
call it.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipetrack.domain.errors import UsageError
from pipetrack.storage import fs

DRIVER_NAME = "pipetrack field-aware merge of contact and account files"
ATTRIBUTES_HEAD = "# pipetrack: merge contact and account files field by field (see `pipetrack git-setup`)"
#: Both extensions: a contact kept as <id>.yml merges like one kept as <id>.yaml.
ATTRIBUTE_LINES = tuple(
    f"{kind}/*.{ext} merge=pipetrack" for kind in ("accounts", "contacts") for ext in ("yaml", "yml")
)
#: The folders whose files are data (projects/ only where a folder has one).
DATA_FOLDERS = ("accounts", "contacts", "projects")
#: The staged copy `check-staged` makes lives in the git folder as <prefix><pid>-<random>.
STAGED_PREFIX = "pipetrack-staged-"
HOOK_MARK = "# installed by `pipetrack git-setup`"
OTHER_HOOK = "pre-commit-pipetrack"

HOOK_TEMPLATE = """\
#!/bin/sh
{mark}: checks the contact and account files as they are staged.
# Run `pipetrack git-setup` again to update it; skip it once with `git commit --no-verify`.
data={data}
python={python}

top=$(git rev-parse --show-toplevel) || exit 1
cd "$top/$data" || exit 1
if [ -x "$python" ] && "$python" -c 'import pipetrack' 2>/dev/null; then
    exec "$python" -m pipetrack --data . check-staged
elif command -v pipetrack >/dev/null 2>&1; then
    exec pipetrack --data . check-staged
fi
echo "pipetrack: cannot run pipetrack (tried $python and PATH); commit with --no-verify to skip the check" >&2
exit 1
"""


def default_program() -> str:
    """How git should run pipetrack: by name, found on the user's PATH."""
    return "pipetrack"


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


def _ensure_lines(path: Path, head: str, wanted: tuple[str, ...], label: str) -> list[str]:
    """fs.ensure_lines, as the change it made (none, or one line naming ``label``)."""
    done = fs.ensure_lines(path, head, wanted)
    return [f"{label} ({done})"] if done else []


def attribute_lines(root: Path) -> tuple[str, ...]:
    """The .gitattributes lines a data folder needs: both extensions, and
    projects/ when the folder has one."""
    extra: tuple[str, ...] = ()
    if (root / "projects").is_dir():
        extra = tuple(f"projects/*.{ext} merge=pipetrack" for ext in ("yaml", "yml"))
    return ATTRIBUTE_LINES + extra


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
    from pipetrack.storage.store import Store

    root = Path(root).resolve()
    top, changes = find_repo(root, create=init_repo)
    with Store(root).lock():
        return changes + _setup(root, top, program, python)


def _setup(root: Path, top: Path, program: str | None, python: str | None) -> list[str]:
    from pipetrack.storage.fs import atomic_write, remove_stale_temps
    from pipetrack.storage.store import GITIGNORE

    hooks = hooks_dir(root)
    hook = hooks / "pre-commit"
    for path in (root / ".gitattributes", root / ".gitignore", hook, hooks / OTHER_HOOK):
        remove_stale_temps(path)  # what a killed git-setup left (we hold the lock: none is in use)
    changes = []

    changes += _ensure_lines(
        root / ".gitattributes", ATTRIBUTES_HEAD, attribute_lines(root), ".gitattributes"
    )
    ignore_head, *ignore_lines = GITIGNORE.splitlines()
    changes += _ensure_lines(root / ".gitignore", ignore_head, tuple(ignore_lines), ".gitignore")

    driver = f"{program or default_program()} merge-file %O %A %B %P"
    for key, value in (("merge.pipetrack.name", DRIVER_NAME), ("merge.pipetrack.driver", driver)):
        current = git(root, "config", "--local", "--get", key, check=False).stdout.rstrip("\n")
        if current != value:
            git(root, "config", "--local", key, value)
            changes.append(f"git config {key}")

    data = os.path.relpath(root, top.resolve())
    text = hook_text("." if data == "." else Path(data).as_posix(), python or sys.executable)
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
                f"note: your own pre-commit hook {os.path.relpath(hook, root)} was kept, not replaced; "
                "to run pipetrack's "
                f'check too, add this line to it: "$(dirname "$0")/{OTHER_HOOK}" || exit 1'
            )
    if not os.access(target, os.X_OK):
        target.chmod(target.stat().st_mode | 0o111)
        if existing == text:
            changes.append(f"pre-commit hook {shown} (made executable)")
    return changes


# --- the staged files, as staged -------------------------------------------------


def _git_bytes(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """git's raw output (names are bytes: NUL-separated, never quoted)."""
    try:
        proc = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("git is not installed (or not on PATH)") from None
    if proc.returncode != 0:
        why = proc.stderr.decode("utf-8", "replace").strip()
        raise UsageError(f"git {' '.join(args[:2])} failed: {why}")
    return proc.stdout


def _data_specs(root: Path) -> list[str]:
    from pipetrack.storage.store import SETTINGS_FILE

    folders = [f for f in DATA_FOLDERS if f != "projects" or (root / f).is_dir()]
    return [f"{f}/*.{ext}" for f in folders for ext in ("yaml", "yml")] + [SETTINGS_FILE]


def staged_names(root: Path) -> list[str]:
    """The data files added, copied, modified or renamed in the index, relative
    to ``root``: read NUL-separated, so a Chinese, accented or otherwise quoted
    name is the name itself."""
    out = _git_bytes(
        root,
        "diff",
        "--cached",
        "-z",
        "--name-only",
        "--diff-filter=ACMR",
        "--relative",
        "--",
        *_data_specs(root),
    )
    return [os.fsdecode(name) for name in out.split(b"\0") if name]


def remove_stale_copies(git_dir: Path) -> None:
    """Remove staged copies whose ``check-staged`` died (killed before cleaning up)."""
    import shutil

    with contextlib.suppress(OSError):
        for entry in os.scandir(git_dir):
            if not entry.name.startswith(STAGED_PREFIX) or not entry.is_dir(follow_symlinks=False):
                continue
            pid = entry.name.removeprefix(STAGED_PREFIX).split("-", 1)[0]
            if pid.isdigit() and not fs.pid_alive(int(pid)):
                shutil.rmtree(entry.path, ignore_errors=True)


@contextlib.contextmanager
def staged_copy(root: Path) -> Iterator[tuple[Path, list[str]]]:
    """The data folder as it is in the index (what a commit will hold), written
    to a temp folder in the git folder, and the staged data files' names.

    The working tree does not count: a broken version staged with a fixed copy
    unstaged, or staged and then deleted from disk, is what gets checked.
    """
    import shutil
    import tempfile

    from pipetrack.storage.store import SETTINGS_FILE

    root = Path(root).resolve()
    git_dir = Path(_git_bytes(root, "rev-parse", "--absolute-git-dir").decode().strip())
    top = Path(os.fsdecode(_git_bytes(root, "rev-parse", "--show-toplevel").rstrip(b"\n")))
    remove_stale_copies(git_dir)
    names = staged_names(root)
    listing = _git_bytes(root, "ls-files", "-z", "--", *_data_specs(root))
    tmp = Path(tempfile.mkdtemp(prefix=f"{STAGED_PREFIX}{os.getpid()}-", dir=git_dir))
    try:
        # checkout-index writes <prefix><path from the top>, links as links, as git would check them out
        _git_bytes(root, "checkout-index", "-z", "--stdin", f"--prefix={tmp}{os.sep}", stdin=listing)
        copy = tmp / os.path.relpath(root, top.resolve())
        for sub in DATA_FOLDERS[:2]:
            (copy / sub).mkdir(parents=True, exist_ok=True)
        settings = copy / SETTINGS_FILE
        if not os.path.lexists(settings) and (root / SETTINGS_FILE).is_file():
            shutil.copyfile(
                root / SETTINGS_FILE, settings
            )  # not in git: the commit is judged by the one on disk
        yield copy, names
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


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
