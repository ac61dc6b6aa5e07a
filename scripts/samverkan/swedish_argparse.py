"""argparse speaking Swedish: usage errors exit 2 with a Swedish message."""

from __future__ import annotations

import argparse
import sys

# argparse looks its messages up through gettext at call time.
_MESSAGES = {
    "usage: ": "användning: ",
    "options": "flaggor",
    "positional arguments": "argument",
    "show this help message and exit": "visa den här hjälpen och avsluta",
    "show program's version number and exit": "visa versionen och avsluta",
    "the following arguments are required: %s": "följande argument krävs: %s",
    "unrecognized arguments: %s": "okända argument: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ogiltigt val: %(value)r (välj bland %(choices)s)",
    "argument %(argument_name)s: %(message)s": "argumentet %(argument_name)s: %(message)s",
    "expected one argument": "ett värde behövs",
    "invalid %(type)s value: %(value)r": "ogiltigt värde: %(value)r",
}
_original = argparse._  # type: ignore[attr-defined]


def _swedish(message: str) -> str:
    return _MESSAGES.get(message, _original(message))


argparse._ = _swedish  # type: ignore[attr-defined]


# One language for flags: the Swedish name is the one shown; the English name
# the tool had before stays accepted (scripts, CI), but is not shown in --help.
ALIASES = {
    "--from": "--från",
    "--to": "--till",
    "--root": "--rot",
    "--today": "--idag",
    "--strict": "--strikt",
    "--base": "--bas",
    "--head": "--topp",
}
HIDDEN = frozenset(ALIASES)


class _Formatter(argparse.HelpFormatter):
    """Leaves the old English names out of the help."""

    def _format_action_invocation(self, action: argparse.Action) -> str:
        shown = [o for o in action.option_strings if o not in HIDDEN]
        if not action.option_strings or shown == action.option_strings:
            return super()._format_action_invocation(action)
        original = action.option_strings
        action.option_strings = shown
        try:
            return super()._format_action_invocation(action)
        finally:
            action.option_strings = original


class SwedishArgumentParser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def add_argument(self, *names, **kwargs):  # type: ignore[override]
        """``--root`` becomes ``--rot`` (shown) with ``--root`` still accepted."""
        if any(n in ALIASES for n in names):
            if "dest" not in kwargs:
                first = next(n for n in names if n.startswith("--"))
                kwargs["dest"] = first[2:].replace("-", "_")
            swedish = [ALIASES[n] for n in names if n in ALIASES]
            names = (*swedish, *names)
        return super().add_argument(*names, **kwargs)

    def error(self, message: str):  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fel: {message}\n")
