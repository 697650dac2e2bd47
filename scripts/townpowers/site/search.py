"""Chinese search tuned for this knowledge base.

Two changes to Sphinx's Chinese search language (``html_search_language = "zh"``):

* **Domain compounds inside longer words.** jieba's ``cut_for_search`` adds only the two- and
  three-character sub-words of a long word, so 规划许可 inside 乡村建设规划许可证 was never
  indexed and a search for it missed that page. The indexer here also emits every word of the
  project's user dictionary (``html_search_options["dict"]``) found inside a longer word.
* **A stemmer that exists.** Sphinx 9.0.4's Chinese language reuses the English stemmer but
  emits ``window.Stemmer = ChineseStemmer;``, a name nothing defines, so the search page throws
  and finds nothing (sphinx-doc/sphinx#14229, fixed upstream by #14416 in a release that needs
  Python 3.12). The same stemmer code is emitted here under its real name.
"""

from __future__ import annotations

from pathlib import Path

import jieba
import sphinx.search
from sphinx.search.zh import SearchChinese

_MINIFIED = Path(sphinx.search.__file__).parent / "minified-js"
_LONGEST_TERM = 12
#: How many distinct texts the indexer remembers the words of (a few tens of MiB at most).
_CACHED = 200_000


def stemmer_bug() -> bool:
    """Whether the installed Sphinx emits the undefined ``ChineseStemmer``."""
    return (
        SearchChinese.js_stemmer_rawcode == "english-stemmer.js"
        and SearchChinese.language_name == "Chinese"
        and (_MINIFIED / "english-stemmer.js").is_file()
    )


def _stemmer_code() -> str:
    parts = [
        (_MINIFIED / name).read_text(encoding="utf-8")
        for name in ("base-stemmer.js", "english-stemmer.js")
    ]
    return "\n".join((*parts, "window.Stemmer = EnglishStemmer;"))


def read_terms(path: str | None) -> frozenset[str]:
    """Words of a jieba user dictionary (first field of each line)."""
    if not path or not Path(path).is_file():
        return frozenset()
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return frozenset(w for line in lines if (w := line.split(" ", 1)[0].strip()) and len(w) > 1)


#: Folder a relative ``html_search_options["dict"]`` is read from: the source folder, set by the
#: extension when the build starts. Keeping the configured path relative keeps the
#: configuration, and so Sphinx's ``.buildinfo`` hash, identical wherever a commit is built.
BASE: Path | None = None


def dictionary_path(configured: str | None) -> str | None:
    """The user dictionary's path as jieba must open it."""
    if not configured:
        return configured
    path = Path(configured)
    if not path.is_absolute() and BASE is not None:
        path = BASE / path
    return str(path)


class SearchChineseTerms(SearchChinese):
    """Sphinx's Chinese search, indexing dictionary compounds inside longer words."""

    if stemmer_bug():
        js_stemmer_rawcode = ""  # emit js_stemmer_code, not the broken name derivation
        js_stemmer_code = _stemmer_code()

    def __init__(self, options: dict[str, str]) -> None:
        resolved = dict(options)
        path = dictionary_path(options.get("dict"))
        if path is not None:
            resolved["dict"] = path
        # jieba loads its dictionaries (0.7 s) only when the first page is indexed: a rebuild
        # that re-reads no page never segments anything
        super().__init__({**resolved, "dict": ""})
        self.options = resolved
        self._dictionary = path if path and Path(path).is_file() else None
        self._loaded = False
        self.terms = read_terms(path)
        self._seen: dict[str, tuple[str, ...]] = {}
        self._stems: dict[str, str] = {}

    def split(self, input: str) -> list[str]:
        """jieba's words, plus the dictionary terms found inside longer words.

        Generated pages repeat the same strings (a power's name on every town's list, a mode, a
        status, a district): each distinct text is segmented once and remembered (up to
        :data:`_CACHED` texts), since jieba's segmentation was a sixth of a clean build.
        """
        known = self._seen.get(input)
        if known is not None:
            return list(known)
        words = self._split(input)
        if len(self._seen) < _CACHED:
            self._seen[input] = tuple(words)
        return words

    def stem(self, word: str) -> str:
        """The English stemmer's word (Sphinx remembers stems per page only; here per build)."""
        known = self._stems.get(word)
        if known is None:
            known = super().stem(word)
            if len(self._stems) < _CACHED:
                self._stems[word] = known
        return known

    def _split(self, input: str) -> list[str]:
        if not self._loaded:
            self._loaded = True
            if self._dictionary is not None:
                jieba.load_userdict(self._dictionary)
        words = super().split(input)
        if not self.terms:
            return words
        extra: list[str] = []
        for word in words:
            n = len(word)
            if n <= 3:
                continue
            for size in range(4, min(n - 1, _LONGEST_TERM) + 1):
                for start in range(n - size + 1):
                    part = word[start : start + size]
                    if part in self.terms:
                        extra.append(part)
        return words + extra
