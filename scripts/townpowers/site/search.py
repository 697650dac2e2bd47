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

And two rules of what the public search holds (docs/guide.md, “搜索”):

* **Function words are not words to look for.** 什么, 怎么, 要, 办理, 手续 … occur on every page:
  a question built around them (“……要办什么”) matched the checker's explanation on every
  guide. They are the Chinese search's stop words: never indexed, and the search page drops
  them from a query (Sphinx's search page skips the language's stop words), so a query of
  function words alone finds nothing and is answered with the topics instead.
* **Pages for the people the site serves.** Maintainers' pages (:data:`UNSEARCHED`: the code's
  structure, benchmarks, publishing, the trace matrix, the check report …) are left out of the
  index, and so is the rule prose repeated on every guide (:data:`RULE_PROSE` sections).
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from pathlib import Path

import jieba
import sphinx.search
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.search.zh import SearchChinese

_MINIFIED = Path(sphinx.search.__file__).parent / "minified-js"
_LONGEST_TERM = 12
#: How many distinct texts the indexer remembers the words of (a few tens of MiB at most).
_CACHED = 200_000

#: Words a question is built around but that name nothing a page is about (kept in step with
#: FILLER in docs/_static/zh-search.js, which strips them for the ranking).
_FUNCTION_TEXT = """
    的 了 吗 呢 吧 啊 呀 么 着 过 和 与 及 或 或者 以及 并 把 被 给 对 在 到 从 向 往 为 让
    我 我们 你 您 他 她 它 咱 自己 这 那 这个 那个 这些 那些 个 些 一个 一些 一下 都 也 还 就 又
    想 想要 要 需要 我想 我要 得 能 能不能 可以 可不可以 会 应该 是 不是 有 没有 怎么 怎么办
    怎样 怎么样 如何 什么 啥 哪 哪里 哪儿 在哪 在哪里 去哪 去哪里 哪个 哪些 为什么 多少 几
    请问 请 办 办理 办什么 要办 做 做什么 弄 搞 手续 需要什么
"""
FUNCTION_WORDS = frozenset(_FUNCTION_TEXT.split())

#: Pages for maintainers, not for the people the site serves: kept out of the search index
#: (docnames, shell patterns). The trace matrix and diagrams, the check report and the rules
#: stay one click away from the reference page, never in a villager's results.
UNSEARCHED = (
    "architecture",
    "benchmarks",
    "bench/*",
    "publishing",
    "sharding",
    "api",
    "checking",
    "trace",
    "generated/check-report",
    "generated/rules",
    "generated/trace/*",
    "*/generated/check-report",
    "*/generated/rules",
    "*/generated/trace/*",
)

#: Section titles of rule prose repeated on every guide (how the checker reads a basis): not
#: what a page is about, so not indexed.
RULE_PROSE = frozenset({"依据授权镇做什么"})


def searchable(docname: str) -> bool:
    """Whether a page belongs in the public search index (see :data:`UNSEARCHED`)."""
    return not any(fnmatchcase(docname, pattern) for pattern in UNSEARCHED)


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Keep maintainers' pages and repeated rule prose out of the index.

    Runs as the page is written, just before Sphinx indexes it: Sphinx leaves out a page whose
    metadata says ``nosearch`` and any element with the class ``no-search``.
    """
    if not searchable(docname):
        app.env.metadata.setdefault(docname, {})["nosearch"] = True
        return
    for section in doctree.findall(nodes.section):
        title = next(iter(section.findall(nodes.title)), None)
        if title is not None and title.astext().strip() in RULE_PROSE:
            section["classes"].append("no-search")


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

    stopwords = frozenset(SearchChinese.stopwords) | FUNCTION_WORDS

    def word_filter(self, stemmed_word: str) -> bool:
        """Sphinx's Chinese filter (two letters or more), and no function word."""
        return super().word_filter(stemmed_word) and stemmed_word not in FUNCTION_WORDS

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
