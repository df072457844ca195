"""Line and column numbers for character offsets.

Findings are reported as ``path:line:col`` (1-based, columns counted in
characters, the way editors and Vale count them). Building the line-start
table once per text keeps lookups logarithmic.
"""

from __future__ import annotations

from bisect import bisect_right


class LineIndex:
    def __init__(self, text: str) -> None:
        self._starts = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                self._starts.append(i + 1)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a 0-based character offset."""
        line = bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1
