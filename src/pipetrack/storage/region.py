"""Which team folders make a region: several ``--data`` folders, or a ``region.yaml``.

A region file lists the team folders by path (relative to the file), optionally
with a name and a title for the region::

    name: South China            # optional: the report's title
    teams:
      - ../team-a                # a path: the team is named after its folder
      - path: /srv/sales/team-b  # or a path with a name
        name: team-b

The teams' folders are only read: a region report writes nothing into them
(their own record cache aside, as any report run there would).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pipetrack.domain.errors import DataError, UsageError

REGION_FILE = "region.yaml"
SETTINGS_FILE = "pipetrack.yaml"


@dataclass(frozen=True)
class Team:
    name: str
    root: Path


@dataclass(frozen=True)
class Region:
    name: str | None
    teams: list[Team]


def _region_file(path: Path) -> Path | None:
    """``path`` as a region file: the file itself, or a folder holding region.yaml and no settings."""
    if path.is_file():
        return path
    if path.is_dir() and not (path / SETTINGS_FILE).is_file() and (path / REGION_FILE).is_file():
        return path / REGION_FILE
    return None


def load_region_file(path: Path, shown: str) -> Region:
    """The region a region file lists; ``shown`` is how the file is named in messages."""
    from pipetrack.storage.yamlio import load_mapping

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(
            f"--data: cannot read {shown}: {exc.strerror}", "region_unreadable", path=shown, why=exc.strerror
        ) from None
    doc = load_mapping(data, shown)
    name = doc.get("name")
    if name is not None and not isinstance(name, str):
        raise DataError(shown, None, "name: expected text (the region's name)", code="load.region_name")
    listed = doc.get("teams")
    if not isinstance(listed, list) or not listed:
        raise DataError(
            shown,
            None,
            "teams: expected a list of team folders (paths, or path: and name:)",
            code="load.region_teams",
        )
    teams = []
    for i, entry in enumerate(listed, 1):
        if isinstance(entry, dict):
            folder, team_name = entry.get("path"), entry.get("name")
        else:
            folder, team_name = entry, None
        if not isinstance(folder, str) or not folder.strip():
            raise DataError(
                shown, None, f"teams: entry {i} has no path (a folder, text)", code="load.region_no_path", n=i
            )
        if team_name is not None and (not isinstance(team_name, str) or not team_name.strip()):
            raise DataError(
                shown, None, f"teams: entry {i}: name: expected text", code="load.region_team_name", n=i
            )
        root = path.parent / Path(folder).expanduser()
        called = team_name.strip() if team_name else Path(os.path.normpath(root)).name
        teams.append(Team(called, root.resolve()))
    return Region(name, teams)


def region_of(folders: tuple[str, ...], cwd: Path) -> Region | None:
    """The region named by the ``--data`` values, or None when they name one data folder."""
    if not folders:
        return None
    if len(folders) == 1:
        given = cwd / Path(folders[0]).expanduser()
        found = _region_file(given)
        if found is None:
            return None
        region = load_region_file(
            found, folders[0] if found == given else str(Path(folders[0]) / REGION_FILE)
        )
    else:
        teams = []
        for folder in folders:
            root = cwd / Path(folder).expanduser()
            if _region_file(root) is not None:
                raise UsageError(
                    f"--data: {folder} is a region file: give it alone, or list its team folders",
                    "region_file_alone",
                    path=str(folder),
                )
            # named as given (a link keeps its own name), told apart by where it leads
            teams.append(Team(Path(os.path.normpath(root)).name, root.resolve()))
        region = Region(None, teams)
    _check(region)
    return region


def _check(region: Region) -> None:
    seen: dict[str, Team] = {}
    roots: set[Path] = set()
    for team in region.teams:
        if team.root in roots:
            raise UsageError(
                f"--data: the team folder {team.root} is given twice", "region_twice", path=str(team.root)
            )
        roots.add(team.root)
        if team.name in seen:
            raise UsageError(
                f"--data: two teams are named {team.name!r} ({seen[team.name].root}, {team.root}): "
                "name them in a region.yaml (teams: - path: ... name: ...)",
                "region_same_name",
                name=team.name,
                first=str(seen[team.name].root),
                second=str(team.root),
            )
        seen[team.name] = team
        if "/" in team.name:
            raise UsageError(
                f"--data: a team name may not hold '/': {team.name!r}", "region_slash", name=team.name
            )
