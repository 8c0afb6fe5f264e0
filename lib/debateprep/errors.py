"""The errors a user can cause, each shown as plain lines, never as a Python traceback."""
from __future__ import annotations


class DebateprepError(Exception):
    """A problem the user can fix: bad data, an unknown id or parameter.

    In a notebook, IPython calls `_render_traceback_` and shows only these lines.
    """

    def lines(self) -> list[str]:
        """The message, one line per problem."""
        return str(self).splitlines()

    def _render_traceback_(self) -> list[str]:
        return [f"{type(self).__name__}: {line}" if i == 0 else line
                for i, line in enumerate(self.lines())]


class DataError(DebateprepError):
    """The data files do not pass validation; holds every problem found."""

    def __init__(self, problems: list) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        head = f"the data has {count} problem{'s' if count != 1 else ''}:"
        super().__init__("\n".join([head, *(str(p) for p in self.problems)]))


class UnknownChoiceError(DebateprepError, ValueError):
    """A parameter or id that is not one of the valid choices."""

    def __init__(self, what: str, value: object, choices: list[str] | tuple[str, ...]) -> None:
        self.what, self.value, self.choices = what, value, list(choices)
        super().__init__(f"unknown {what} '{value}' — valid choices: {', '.join(self.choices)}")


class DataFolderMissing(DebateprepError):
    """No data folder was given and none could be found, or the one given does not exist."""
