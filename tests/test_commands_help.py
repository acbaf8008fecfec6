"""Every dondoc command documents itself with an example (STYLE.md habit 11)."""

from __future__ import annotations

import pytest
from django.core.management import get_commands, load_command_class

OUR_COMMANDS = sorted(name for name, app in get_commands().items() if app.startswith("dondoc."))


def test_our_commands_are_found() -> None:
    assert {"demo", "load_units"} <= set(OUR_COMMANDS)


@pytest.mark.parametrize("name", OUR_COMMANDS)
def test_help_has_an_example(name: str) -> None:
    command = load_command_class(get_commands()[name], name)
    assert "Ví dụ:" in command.help
    assert f"dondoc {name}" in command.help
