"""Per-language knowledge as data files, one folder per language (see README.md)."""

from relato.lang.base import LangData, load_lang

__all__ = ["LangData", "load_lang"]
