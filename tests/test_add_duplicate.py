"""`add contact` warns when the person may exist already (same name + account, email or phone)."""

from __future__ import annotations

import pytest


@pytest.fixture
def known(folder):
    folder.account("acme", "name: Acme\n")
    folder.contact(
        "wang-jingli", "name: 王经理\naccount: acme\nphone: +86 139 1234 5678\nemail: wang@acme.example\n"
    )
    return folder


@pytest.mark.parametrize(
    "args, what",
    [
        (["王经理", "--account", "acme"], "the same name and account"),
        (["王总", "--email", "WANG@acme.example"], "the same email"),
        (["Someone", "--phone", "13912345678"], "the same phone"),
    ],
)
def test_add_contact_warns_on_a_likely_duplicate(known, args, what):
    result = known.run("add", "contact", *args)
    assert result.exit_code == 0, result.output
    assert f"warning: wang-jingli has {what} as" in result.stderr


def test_no_warning_for_someone_new(known):
    result = known.run("add", "contact", "王经理", "--phone", "+86 138 0000 1111")
    assert result.exit_code == 0, result.output
    assert "same" not in result.stderr  # same name, but no account: another person as far as we know
