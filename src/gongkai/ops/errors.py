"""The one error of backup and restore: a Chinese message for the operator, exit code 2."""

from __future__ import annotations


class BackupError(Exception):
    """A backup could not be written, or an archive could not be restored; nothing was changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
