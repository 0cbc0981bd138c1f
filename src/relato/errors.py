"""relato's exceptions: each carries a stable code and a one-line message naming the item."""

from __future__ import annotations


class RelatoError(Exception):
    """Base of every error relato raises on purpose; anything else is a bug."""

    code = "error"

    def __init__(self, message: str, item: str | None = None) -> None:
        self.message = message
        self.item = item
        super().__init__(self.one_line())

    def __reduce__(self):
        # errors cross process boundaries (parallel workers): rebuild from message and item
        return (self.__class__, (self.message, self.item))

    def one_line(self) -> str:
        where = f"{self.item}: " if self.item else ""
        return f"{where}{self.message} [{self.code}]"


class InputError(RelatoError):
    """The input cannot be read as an article (empty, binary, malformed)."""

    code = "bad-input"


class EmptyInput(InputError):
    code = "empty"


class BinaryInput(InputError):
    code = "binary"


class InvalidJSON(InputError):
    code = "invalid-json"


class InvalidArticle(InputError):
    code = "invalid-article"


class NotAnArticle(InputError):
    """An item that is no article and is passed over (a WARC image, a redirect)."""

    code = "skipped"


class InternalError(RelatoError):
    """An unexpected failure while extracting one article (a bug), kept to that article."""

    code = "internal"


class UnsupportedLanguage(RelatoError):
    code = "unsupported-language"


class ModelNotFound(RelatoError):
    code = "model-not-found"


class SettingsError(RelatoError):
    code = "settings"


class NoWords(InputError):
    """A text with nothing to read: only numbers, links or symbols."""

    code = "no-words"
