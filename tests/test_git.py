"""A team on one git repository: real git in temp folders (setup, hook, merges, owner)."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import DataFolder
from pipetrack.domain.models import Settings
from pipetrack.storage import gitsetup

# The driver runs this checkout's code, whatever `pipetrack` is on PATH.
DRIVER = f"{shlex.quote(sys.executable)} -m pipetrack"
MINIMAL_PATH = "/usr/bin:/bin"

pytestmark = pytest.mark.skipif(
    subprocess.run(["git", "--version"], capture_output=True).returncode != 0, reason="git is not installed"
)


def git(cwd: Path, *args: str, path: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if path is not None:
        env["PATH"] = path
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env, check=False)


def ok(cwd: Path, *args: str) -> str:
    proc = git(cwd, *args)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


@pytest.fixture
def git_env(tmp_path, monkeypatch):
    """No global or system git config leaks in; each repo sets its own identity."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    # the hook's and the driver's pipetrack judge the data as of the tests' day, not the clock's
    monkeypatch.setenv("PIPETRACK_TODAY", "2026-11-23")
    for var in (
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_CONFIG_GLOBAL",
        "GIT_CONFIG",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_EMAIL",
        "EMAIL",
    ):
        monkeypatch.delenv(var, raising=False)
    return home


def make_repo(top: Path, email: str = "li.na@acme.cn") -> None:
    top.mkdir(parents=True, exist_ok=True)
    ok(top, "init", "-q", "-b", "main")
    ok(top, "config", "user.name", "Li Na")
    ok(top, "config", "user.email", email)
    ok(top, "config", "commit.gpgsign", "false")


CONTACT = """\
    # Met at the trade fair; prefers WeChat.
    name: 王经理
    account: acme
    owner: li-na
    created: 2026-10-20
    stage: 25%
    first_meeting: 2026-11-01
    criteria:
      right_person: true
    history:
      - {date: 2026-10-20, stage: opportunity}
      - {date: 2026-11-02, stage: 25%}
    activities:
      - {date: 2026-10-25, kind: call, outcome: meeting-set}
      - {date: 2026-11-02, kind: meeting}
    """


@pytest.fixture
def team(git_env, tmp_path, monkeypatch) -> DataFolder:
    """A data folder at the top of a repository set up for pipetrack, with one commit."""
    root = tmp_path / "team"
    make_repo(root)
    folder = DataFolder(root)
    folder.account("acme", "name: Acme\n")
    folder.contact("wang", CONTACT)
    assert gitsetup.setup(root, program=DRIVER) != []
    ok(root, "add", "-A")
    ok(root, "commit", "-q", "-m", "base")
    monkeypatch.chdir(root)
    return folder


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")


# --- merges ---------------------------------------------------------------------


def test_two_branches_logging_activities_and_changing_different_fields_merge_cleanly(team):
    wang = team.root / "contacts" / "wang.yaml"
    ok(team.root, "checkout", "-q", "-b", "wang-wei")
    assert team.run("log", "wang", "call", "--outcome", "connected", "--date", "2026-11-05").exit_code == 0
    replace(wang, "owner: li-na\n", "owner: li-na\ntitle: Owner   # from his card\n")
    ok(team.root, "commit", "-q", "-am", "call and title")
    ok(team.root, "checkout", "-q", "main")
    assert team.run("log", "wang", "meeting", "--date", "2026-11-03", "--note", "at his shop").exit_code == 0
    assert team.run("log", "wang", "call", "--date", "2026-11-10", "--outcome", "no-answer").exit_code == 0
    replace(wang, "  right_person: true\n", "  right_person: true\n  budget: 1500\n")
    ok(team.root, "commit", "-q", "-am", "meeting, call and budget")

    merged = git(team.root, "merge", "--no-edit", "wang-wei")

    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert "CONFLICT" not in merged.stdout + merged.stderr
    assert ok(team.root, "status", "--porcelain") == ""
    assert wang.read_text("utf-8") == textwrap.dedent("""\
        # Met at the trade fair; prefers WeChat.
        name: 王经理
        account: acme
        owner: li-na
        title: Owner   # from his card
        created: 2026-10-20
        stage: 25%
        first_meeting: 2026-11-01
        criteria:
          right_person: true
          budget: 1500
        history:
          - {date: 2026-10-20, stage: opportunity}
          - {date: 2026-11-02, stage: 25%}
        activities:
          - {date: 2026-10-25, kind: call, outcome: meeting-set}
          - {date: 2026-11-02, kind: meeting}
          - {date: 2026-11-03, kind: meeting, note: at his shop}
          - {date: 2026-11-05, kind: call, outcome: connected}
          - {date: 2026-11-10, kind: call, outcome: no-answer}
        """)
    check = team.run("check", today="2026-11-12")
    assert (check.exit_code, check.stdout) == (0, "")
    assert check.stderr == "2 files checked: 0 error(s), 0 warning(s)\n"


def test_a_stage_set_differently_on_both_sides_conflicts_and_check_points_at_it(team):
    wang = team.root / "contacts" / "wang.yaml"
    ok(team.root, "checkout", "-q", "-b", "wang-wei")
    assert team.run("move", "wang", "lost", "--date", "2026-11-12", "--reason", "no budget").exit_code == 0
    ok(team.root, "commit", "-q", "-am", "lost")
    ok(team.root, "checkout", "-q", "main")
    assert team.run("log", "wang", "call", "--date", "2026-11-09", "--outcome", "connected").exit_code == 0
    replace(wang, "\nstage: 25%\n", "\nstage: opportunity\n")
    ok(team.root, "commit", "-q", "-am", "back to opportunity")

    merged = git(team.root, "merge", "--no-edit", "wang-wei")

    assert merged.returncode == 1
    assert "CONFLICT (content): Merge conflict in contacts/wang.yaml" in merged.stdout
    assert (
        "CONFLICT (pipetrack): contacts/wang.yaml:6: stage: opportunity (ours) vs lost (theirs); "
        "edit the file, then git add it"
    ) in merged.stdout + merged.stderr
    assert ok(team.root, "diff", "--name-only", "--diff-filter=U") == "contacts/wang.yaml\n"
    assert wang.read_text("utf-8") == textwrap.dedent("""\
        # Met at the trade fair; prefers WeChat.
        name: 王经理
        account: acme
        owner: li-na
        created: 2026-10-20
        <<<<<<< ours
        stage: opportunity
        =======
        stage: lost
        >>>>>>> theirs
        first_meeting: 2026-11-01
        criteria:
          right_person: true
        history:
          - {date: 2026-10-20, stage: opportunity}
          - {date: 2026-11-02, stage: 25%}
          - {date: 2026-11-12, stage: lost}
        activities:
          - {date: 2026-10-25, kind: call, outcome: meeting-set}
          - {date: 2026-11-02, kind: meeting}
          - {date: 2026-11-09, kind: call, outcome: connected}
        lost_reason: no budget
        """)

    check = team.run("check", today="2026-11-12")
    assert check.exit_code == 1
    assert check.stdout == "contacts/wang.yaml:6: unresolved git merge conflict in contacts/wang.yaml:6\n"
    show = team.run("show", "wang", today="2026-11-12")
    assert show.exit_code == 2
    assert (
        show.stderr == "error: contacts/wang.yaml:6: unresolved git merge conflict in contacts/wang.yaml:6\n"
    )
    assert "Traceback" not in show.stderr and "YAML" not in show.stderr

    # Resolved by hand (theirs wins), the merge commits through the hook.
    replace(wang, "<<<<<<< ours\nstage: opportunity\n=======\nstage: lost\n>>>>>>> theirs\n", "stage: lost\n")
    ok(team.root, "add", "contacts/wang.yaml")
    committed = git(team.root, "commit", "--no-edit")
    assert committed.returncode == 0, committed.stdout + committed.stderr
    assert team.run("check", today="2026-11-12").exit_code == 0


# --- the pre-commit hook ------------------------------------------------------------


@pytest.mark.parametrize("data", [".", "sales"])
def test_the_hook_blocks_an_invalid_contact_and_lets_a_valid_one_through(git_env, tmp_path, data):
    top = tmp_path / "repo"
    make_repo(top)
    root = top / data
    folder = DataFolder(root)
    gitsetup.setup(root, program=DRIVER)
    (top / "README").write_text("team pipeline\n")
    ok(top, "add", "-A")
    ok(top, "commit", "-q", "-m", "start")

    folder.contact("bad", "name: Bad\nstage: fifty\n")
    ok(top, "add", "-A")
    blocked = git(top, "commit", "-m", "add bad", path=MINIMAL_PATH)  # the hook finds pipetrack anyway
    assert blocked.returncode == 1
    assert (
        "contacts/bad.yaml:2: stage: 'fifty' is not a stage (opportunity, first-meeting, 25%, 50%, 90%, "
        "closed, lost)\n"
    ) in blocked.stderr  # git sends hook output to stderr
    assert "1 files checked: 1 error(s), 0 warning(s)" in blocked.stderr
    assert ok(top, "rev-list", "--count", "HEAD") == "1\n"

    # Only the staged files are checked: the invalid draft, unstaged, does not block a valid contact.
    ok(top, "reset", "-q")
    folder.contact("li", "name: 李总\nstage: opportunity\n")
    ok(top, "add", str(Path(data) / "contacts" / "li.yaml"))
    passed = git(top, "commit", "-m", "add li", path=MINIMAL_PATH)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "1 files checked: 0 error(s), 0 warning(s)" in passed.stderr
    assert ok(top, "rev-list", "--count", "HEAD") == "2\n"

    # A commit with no data file in it does not run the check at all.
    (top / "README").write_text("team pipeline, weekly\n")
    ok(top, "add", "README")
    other = git(top, "commit", "-m", "readme", path=MINIMAL_PATH)
    assert (other.returncode, "files checked" in other.stderr) == (0, False)


# Names git quotes in its ordinary output (core.quotePath): Chinese, accents, tab,
# newline, quote, backslash. The hook must check each of them, not skip it.
QUOTED_NAMES = ["王", "wáng", "a\tb", "a\nb", 'a"b', "a\\b"]


@pytest.mark.parametrize(
    "stem", QUOTED_NAMES, ids=["chinese", "accent", "tab", "newline", "quote", "backslash"]
)
def test_the_hook_blocks_a_broken_file_whatever_its_name(team, stem):
    path = team.root / "contacts" / f"{stem}.yaml"
    path.write_text("name: Bad\nstage: fifty\n", "utf-8")
    ok(team.root, "add", "-A")

    blocked = git(team.root, "commit", "-m", "add a broken contact")

    assert blocked.returncode == 1, blocked.stdout + blocked.stderr
    assert f"contacts/{stem}.yaml: file name {stem!r} is not a valid id" in blocked.stderr
    assert "1 files checked: 1 error(s), 0 warning(s)" in blocked.stderr
    assert ok(team.root, "rev-list", "--count", "HEAD") == "1\n"


def test_the_hook_judges_what_is_staged_not_what_is_on_disk(team):
    wang = team.root / "contacts" / "wang.yaml"
    good = wang.read_text("utf-8")
    # a broken version staged, the fixed one left unstaged: the broken one would be committed
    replace(wang, "stage: 25%\n", "stage: fifty\n")
    ok(team.root, "add", "contacts/wang.yaml")
    wang.write_text(good, "utf-8")
    blocked = git(team.root, "commit", "-m", "broken staged")
    assert blocked.returncode == 1, blocked.stdout + blocked.stderr
    assert "contacts/wang.yaml:6: stage: 'fifty' is not a stage" in blocked.stderr

    # staged, then deleted from disk: still committed, so still checked
    wang.unlink()
    gone = git(team.root, "commit", "-m", "broken staged, deleted on disk")
    assert gone.returncode == 1, gone.stdout + gone.stderr
    assert "contacts/wang.yaml:6: stage: 'fifty' is not a stage" in gone.stderr

    # the other way round: a valid version staged, a broken draft on disk, commits
    (team.root / "contacts" / "li.yaml").write_text("name: Li\nstage: opportunity\n", "utf-8")
    ok(team.root, "checkout", "HEAD", "--", "contacts/wang.yaml")
    ok(team.root, "add", "contacts/li.yaml")
    replace(team.root / "contacts" / "li.yaml", "opportunity", "fifty")
    passed = git(team.root, "commit", "-m", "li")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "1 files checked: 0 error(s), 0 warning(s)" in passed.stderr
    assert ok(team.root, "rev-list", "--count", "HEAD") == "2\n"
    # nothing of the staged copy is left in the git folder
    assert [p.name for p in (team.root / ".git").iterdir() if p.name.startswith("pipetrack-")] == []


def test_the_hooks_staged_copy_left_by_a_killed_run_is_removed_by_the_next(team):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    stale = team.root / ".git" / f"{gitsetup.STAGED_PREFIX}{dead.stdout.strip()}-x1"
    (stale / "contacts").mkdir(parents=True)
    mine = team.root / ".git" / f"{gitsetup.STAGED_PREFIX}{os.getpid()}-x2"  # a live process's: kept
    mine.mkdir()
    assert team.run("check-staged").exit_code == 0
    assert (stale.exists(), mine.exists()) == (False, True)


def test_git_setup_removes_the_temp_files_a_killed_git_setup_left(team):
    hooks = team.root / ".git" / "hooks"
    left = [
        hooks / ".pre-commit.k1ll3d.tmp",
        team.root / "..gitattributes.x9.tmp",
        team.root / "..gitignore.y.tmp",
    ]
    for path in left:
        path.write_text("half a file")
    mine = hooks / ".pre-commit.sample.bak"  # not ours: kept
    mine.write_text("keep me")
    assert gitsetup.setup(team.root, program=DRIVER) == []
    assert [p.exists() for p in left] == [False, False, False]
    assert mine.read_text() == "keep me"


def test_a_contact_kept_as_yml_merges_field_by_field(team):
    ok(team.root, "mv", "contacts/wang.yaml", "contacts/wang.yml")
    ok(team.root, "commit", "-q", "-m", "as .yml")
    ok(team.root, "checkout", "-q", "-b", "wang-wei")
    assert team.run("log", "wang", "call", "--outcome", "connected", "--date", "2026-11-05").exit_code == 0
    ok(team.root, "commit", "-q", "-am", "a call")
    ok(team.root, "checkout", "-q", "main")
    assert team.run("log", "wang", "visit", "--date", "2026-11-06").exit_code == 0
    ok(team.root, "commit", "-q", "-am", "a visit")

    merged = git(team.root, "merge", "-q", "--no-edit", "wang-wei")

    assert merged.returncode == 0, merged.stdout + merged.stderr
    text = (team.root / "contacts" / "wang.yml").read_text("utf-8")
    assert "<<<<<<<" not in text
    assert text.count("{date: 2026-11-05, kind: call, outcome: connected}") == 1
    assert text.count("{date: 2026-11-06, kind: visit}") == 1


def test_git_setup_covers_projects_when_the_folder_has_them_and_adds_only_missing_lines(git_env, tmp_path):
    root = tmp_path / "team"
    make_repo(root)
    DataFolder(root)
    (root / ".gitattributes").write_text("*.png binary\naccounts/*.yaml merge=pipetrack\n")
    (root / "projects").mkdir()
    assert ".gitattributes (updated)" in gitsetup.setup(root, program=DRIVER)
    lines = (root / ".gitattributes").read_text().splitlines()
    assert lines[:2] == ["*.png binary", "accounts/*.yaml merge=pipetrack"]
    assert sorted(lines[3:]) == sorted(
        f"{k}/*.{e} merge=pipetrack"
        for k in ("accounts", "contacts", "projects")
        for e in ("yaml", "yml")
        if (k, e) != ("accounts", "yaml")
    )
    assert ok(root, "check-attr", "merge", "projects/p.yml").endswith("merge: pipetrack\n")


def test_a_deleted_contact_does_not_trip_the_hook(team):
    ok(team.root, "rm", "-q", "contacts/wang.yaml")
    gone = git(team.root, "commit", "-m", "drop wang")
    assert gone.returncode == 0, gone.stdout + gone.stderr


# --- git-setup ---------------------------------------------------------------------------


def _setup_state(root: Path) -> dict[str, bytes]:
    files = [
        root / ".gitattributes",
        root / ".gitignore",
        root / ".git" / "config",
        root / ".git" / "hooks" / "pre-commit",
    ]
    return {str(p): p.read_bytes() for p in files}


def test_git_setup_twice_changes_nothing_the_second_time(git_env, tmp_path, monkeypatch):
    root = tmp_path / "team"
    make_repo(root)
    folder = DataFolder(root)
    monkeypatch.chdir(root)
    hook = root / ".git" / "hooks" / "pre-commit"

    first = folder.run("git-setup", "--program", DRIVER)

    assert first.exit_code == 0, first.stderr
    assert first.stdout == (
        "set up: .gitattributes (created)\n"
        "set up: .gitignore (created)\n"
        "set up: git config merge.pipetrack.name\n"
        "set up: git config merge.pipetrack.driver\n"
        "set up: pre-commit hook .git/hooks/pre-commit (installed)\n"
    )
    assert (root / ".gitattributes").read_text() == (
        "# pipetrack: merge contact and account files field by field (see `pipetrack git-setup`)\n"
        "accounts/*.yaml merge=pipetrack\naccounts/*.yml merge=pipetrack\n"
        "contacts/*.yaml merge=pipetrack\ncontacts/*.yml merge=pipetrack\n"
    )
    assert (root / ".gitignore").read_text().endswith(".pipetrack-cache\n.pipetrack.lock\n")
    assert ok(root, "config", "merge.pipetrack.driver") == f"{DRIVER} merge-file %O %A %B %P\n"
    assert ok(root, "check-attr", "merge", "contacts/x.yaml", "accounts/y.yml", "pipetrack.yaml") == (
        "contacts/x.yaml: merge: pipetrack\naccounts/y.yml: merge: pipetrack\npipetrack.yaml: merge: "
        "unspecified\n"
    )
    assert os.access(hook, os.X_OK)
    before = _setup_state(root)

    second = folder.run("git-setup", "--program", DRIVER)

    assert (second.exit_code, second.stderr) == (0, "")
    assert second.stdout == f"{root} is set up for git already; nothing changed\n"
    assert _setup_state(root) == before


def test_git_setup_keeps_lines_a_user_already_has_and_inits_a_repository(git_env, tmp_path):
    root = tmp_path / "solo"
    DataFolder(root)
    (root / ".gitignore").write_text("*.bak\n.pipetrack-cache\n")
    changes = gitsetup.setup(root, program=DRIVER)
    assert changes[0] == "git repository (git init)"
    assert ".gitignore (updated)" in changes
    # the user's lines stay; what is missing (the lock file) is added under pipetrack's comment
    assert (root / ".gitignore").read_text() == (
        "*.bak\n.pipetrack-cache\n# pipetrack's local cache and write lock: rebuilt and re-made, "
        "never commit them\n.pipetrack.lock\n"
    )
    assert (root / ".git").is_dir()
    assert gitsetup.setup(root, program=DRIVER) == []


def test_git_ignores_a_link_named_like_the_cache_and_the_lock_file(git_env, tmp_path):
    """`.pipetrack-cache/` (with the slash) ignores only a folder: a teammate could
    commit a link of that name, which every clone would then write its cache through."""
    root = tmp_path / "solo"
    DataFolder(root)
    gitsetup.setup(root, program=DRIVER)
    os.symlink(tmp_path, root / ".pipetrack-cache")
    (root / ".pipetrack.lock").write_text("")
    assert ok(root, "status", "--porcelain", "--untracked-files=all").splitlines() == [
        "?? .gitattributes",
        "?? .gitignore",
        "?? pipetrack.yaml",
    ]


def test_git_setup_never_replaces_a_hook_of_your_own(git_env, tmp_path, monkeypatch):
    root = tmp_path / "team"
    make_repo(root)
    folder = DataFolder(root)
    monkeypatch.chdir(root)
    hooks = root / ".git" / "hooks"
    mine = "#!/bin/sh\necho 'my own checks'\n"
    (hooks / "pre-commit").write_text(mine)

    first = folder.run("git-setup", "--program", DRIVER)

    assert first.exit_code == 0
    assert (hooks / "pre-commit").read_text() == mine
    assert "set up: pre-commit hook .git/hooks/pre-commit-pipetrack (installed)\n" in first.stdout
    assert "warning: your own pre-commit hook" in first.stderr
    assert "was kept, not replaced" in first.stderr
    assert '"$(dirname "$0")/pre-commit-pipetrack" || exit 1' in first.stderr.replace("\n", "")
    assert (
        (hooks / "pre-commit-pipetrack")
        .read_text()
        .startswith("#!/bin/sh\n# installed by `pipetrack git-setup`")
    )

    second = folder.run("git-setup", "--program", DRIVER)
    assert second.stdout.endswith("nothing changed\n")
    assert (hooks / "pre-commit").read_text() == mine


def test_git_setup_replaces_its_own_older_hook_and_says_so(team):
    hook = team.root / ".git" / "hooks" / "pre-commit"
    hook.write_text(hook.read_text().replace(sys.executable, "/old/venv/bin/python"))
    assert gitsetup.setup(team.root, program=DRIVER) == ["pre-commit hook .git/hooks/pre-commit (updated)"]
    assert sys.executable in hook.read_text()


def test_git_setup_outside_a_data_folder_is_a_clear_error(git_env, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from pipetrack.cli.main import app

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["git-setup"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no pipetrack folder here")


# --- owner identity ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "email", "owner"),
    [
        ({"owner": "li-na"}, "wang.wei@acme.cn", "li-na"),  # settings `owner` first
        ({"owners": {"Wang.Wei@acme.cn": "wang-wei"}}, "wang.wei@ACME.cn", "wang-wei"),  # the whole address
        ({"owners": {"zhang": "zhang-san"}}, "zhang@acme.cn", "zhang-san"),  # its local part
        ({"owners": {"zhang": "zhang-san"}}, "Li.Na@acme.cn", "li-na"),  # else the local part as an id
        ({}, "chen_jing+crm@acme.cn", "chen-jing-crm"),
        ({}, None, None),  # no git identity, no setting
    ],
)
def test_default_owner(settings, email, owner, git_env, tmp_path):
    assert gitsetup.default_owner(Settings.model_validate(settings), tmp_path, email=email) == owner


def test_default_owner_reads_the_repositorys_git_email(git_env, tmp_path):
    top = tmp_path / "repo"
    make_repo(top, email="Wang.Wei@acme.cn")
    assert gitsetup.default_owner(Settings(), top) == "wang-wei"
    assert gitsetup.default_owner(Settings.model_validate({"owners": {"wang.wei": "ww"}}), top) == "ww"
    lonely = tmp_path / "no-identity"
    lonely.mkdir()
    assert gitsetup.default_owner(Settings(), lonely) is None
