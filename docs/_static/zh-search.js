/*
 * Chinese compound queries for Sphinx search.
 *
 * Sphinx indexes Chinese with jieba, but splits a *query* only on non-letters, so 规划许可 or
 * 建设用地规划许可 stays one term and matches nothing unless that exact word was indexed. This
 * script wraps splitQuery: a run of Han characters that is not itself an index term is cut by
 * forward maximum matching against the index's own terms (the words jieba produced for the
 * pages), and characters that form no indexed word are dropped, as the indexer drops them too.
 */
(function () {
  "use strict";
  const HAN = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$/u;
  const LONGEST = 12;

  function known(word) {
    const index = typeof Search !== "undefined" ? Search._index : null;
    if (!index) return false;
    return Object.prototype.hasOwnProperty.call(index.terms, word) ||
      Object.prototype.hasOwnProperty.call(index.titleterms, word);
  }

  function segment(run) {
    const words = [];
    let i = 0;
    while (i < run.length) {
      let length = Math.min(LONGEST, run.length - i);
      while (length > 1 && !known(run.substr(i, length))) length -= 1;
      const word = run.substr(i, length);
      if (length > 1 || known(word)) words.push(word);
      i += length;
    }
    return words.length ? words : [run];
  }

  function install() {
    if (typeof splitQuery === "undefined" || splitQuery.zhSegmented) return;
    const base = splitQuery;
    const wrapped = (query) =>
      base(query).flatMap((term) => (HAN.test(term) && !known(term) ? segment(term) : [term]));
    wrapped.zhSegmented = true;
    splitQuery = wrapped; // eslint-disable-line no-global-assign
  }

  install();
  document.addEventListener("DOMContentLoaded", install);
})();
