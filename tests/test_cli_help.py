"""`--help` is documentation a coordinator can act on: every command has an example, and the
lists of commands are read whole on an 80-column terminal."""

import pytest
from click.testing import CliRunner

from kalendarium.cli import cli


def commands(group=cli, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name)
        if hasattr(command, "commands"):
            yield from commands(command, (*prefix, name))


def help_of(*args) -> str:
    result = CliRunner().invoke(cli, [*args, "--help"], terminal_width=80)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("command", [c for c in commands() if c != ("sources",)], ids=" ".join)
def test_every_command_s_help_has_an_example(command):
    assert "Example" in help_of(*command)


@pytest.mark.parametrize("group", [(), ("sources",)], ids=["kalendarium", "sources"])
def test_the_lists_of_commands_are_not_cut_off(group):
    # click cut the one-line summaries at the terminal's width: "Serve the demo sites, harvest them, and serve the..."
    listing = help_of(*group).split("Commands:\n", 1)[1]
    assert "..." not in listing
    assert all(len(line) <= 80 for line in help_of(*group).splitlines())


def test_the_main_help_points_to_the_coordinator_s_commands():
    text = help_of()
    assert "kalendarium sources --help" in text and "kalendarium sources status" in text
    assert "kalendarium demo " in text
