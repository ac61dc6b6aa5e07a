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


class SwedishArgumentParser(argparse.ArgumentParser):
    def error(self, message: str):  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fel: {message}\n")
