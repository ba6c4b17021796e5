"""The weekly action sheet's opportunity row: one owner's sheet lists every opportunity
contact; a whole team's shows the count and the first twelve (--all lists them all)."""

from __future__ import annotations


def test_opportunity_row_lists_every_contact_of_the_owner(folder):
    for owner in ("li-na", "wang"):
        for i in range(15):
            folder.contact(
                f"{owner}-{i:02d}", f"name: {owner[0].upper()}{i:02d}\nowner: {owner}\nstage: opportunity\n"
            )
    mine = folder.run("pipeline", "--owner", "li-na").stdout
    assert all(f"L{i:02d}" in mine for i in range(15)) and "+3 more" not in mine
    team = folder.run("pipeline").stdout
    assert "+18 more" in team and "30" in team
    assert sum(f"{c}{i:02d}" in team for c in "LW" for i in range(15)) == 12
    every = folder.run("pipeline", "--all").stdout
    assert all(f"{c}{i:02d}" in every for c in "LW" for i in range(15))
