/*
 * Chinese search for this knowledge base: compound queries, everyday words, guides first.
 *
 * 1. Compound queries. Sphinx indexes Chinese with jieba but splits a *query* only on
 *    non-letters, so 规划许可 or 建设用地规划许可 stays one term and matches nothing unless that
 *    exact word was indexed. splitQuery is wrapped: a run of Han characters that is not itself
 *    an index term is cut by forward maximum matching against the index's own terms, and
 *    characters that form no indexed word are dropped, as the indexer drops them too.
 *
 * 2. Ranking for the people the powers serve. Sphinx scores a page by where a word occurs
 *    (title or text), so 宅基地 ranks twenty per-town lists level with its service guide, and
 *    盖房子 finds nothing. The results are re-ranked, one entry per page:
 *    - everyday words (catalog/topics.yaml, published as _static/search-vocab.js on the search
 *      page) lead to the guide of the power they name, and a topic's words to the topic;
 *      a page they name is added even when the index holds none of the query's words;
 *    - a page whose title begins with the query (the first characters of a power's name)
 *      comes first, even if the index holds none of its words; one whose title contains it next;
 *    - service guides and topics rank above indexes, laws above per-town and per-department
 *      lists (those repeat every power's name).
 *    Sphinx's own score still separates pages the rules above leave level.
 */
(function () {
  "use strict";
  const HAN = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$/u;
  const LONGEST = 12;
  /* Filler a person types around what they want (我想……怎么办): never a page's topic. */
  const FILLER = /(我想|我要|想要|需要|怎么办|怎么|如何|哪里|在哪|去哪|什么|办理|手续|要求|流程|一下|请问|可以|吗|呢|呀|的)/gu;

  /* Page kinds by where the page sits (docname prefix), best first. */
  const KIND = [
    [/^generated\/powers\/(?!index$)/, 12],
    [/^generated\/topics\/(?!index$)/, 10],
    [/^generated\/laws\/(?!index$)/, 2],
    [/^generated\/(towns|districts|departments|progress)\//, -12],
  ];
  const TITLE_PREFIX = 40;
  const TITLE_CONTAINS = 20;
  const WORD_FULL = 10; // an everyday word inside the query, per unit of the word's weight
  const WORD_PART = 4; // the query inside an everyday word (盖房 -> 盖房子)

  function index() {
    return typeof Search !== "undefined" ? Search._index : null;
  }

  function known(word) {
    const idx = index();
    if (!idx) return false;
    return Object.prototype.hasOwnProperty.call(idx.terms, word) ||
      Object.prototype.hasOwnProperty.call(idx.titleterms, word);
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

  /* The query as a person meant it: letters and Han characters only, filler removed. */
  function core(query) {
    const text = query.replace(/[^\p{Letter}\p{Number}]+/gu, "").toLowerCase();
    const stripped = text.replace(FILLER, "");
    return stripped.length >= 2 ? stripped : text;
  }

  /* A title as letters only, with and without its parenthesised gloss: 居住证申领（受理） reads
     居住证申领受理 and 居住证申领, and a query may begin either. */
  function titleForms(title) {
    const letters = (text) => text.replace(/[^\p{Letter}\p{Number}]+/gu, "").toLowerCase();
    return [letters(title), letters(title.replace(/（[^）]*）/g, ""))];
  }

  function kindBonus(docname) {
    for (const [pattern, bonus] of KIND) if (pattern.test(docname)) return bonus;
    return 0;
  }

  /* page -> score from the everyday words the query contains (or is part of). */
  function vocabularyScores(text) {
    const scores = new Map();
    const vocabulary = window.TownpowersVocabulary || {};
    for (const [word, pages] of Object.entries(vocabulary)) {
      let unit = 0;
      // a word that is only part of a longer query says less about it (but at least half)
      if (text.includes(word)) {
        unit = (WORD_FULL + word.length) * Math.max(0.5, word.length / text.length);
      } else if (text.length >= 2 && word.includes(text)) {
        unit = WORD_PART;
      }
      if (!unit) continue;
      for (const [page, weight] of pages) {
        scores.set(page, Math.max(scores.get(page) || 0, unit * weight));
      }
    }
    return scores;
  }

  function rerank(query, results) {
    const idx = index();
    if (!idx) return results;
    const text = core(query);
    const words = vocabularyScores(text);
    const best = new Map();
    const consider = (result, extra) => {
      const [docname, title] = result;
      const fileIndex = idx.docnames.indexOf(docname);
      const pageTitle = fileIndex >= 0 ? idx.titles[fileIndex] : title;
      const forms = titleForms(pageTitle);
      let score = result[4] + extra + kindBonus(docname) + (words.get(docname) || 0);
      if (text.length >= 2 && forms.some((f) => f.startsWith(text))) score += TITLE_PREFIX;
      else if (text.length >= 2 && forms.some((f) => f.includes(text))) score += TITLE_CONTAINS;
      const ranked = result.slice();
      ranked[4] = score;
      const seen = best.get(docname);
      if (!seen || seen[4] < score) best.set(docname, ranked);
    };
    for (const result of results) consider(result, 0);
    // pages the everyday words name, and pages whose title begins with the query (the first
    // characters of a name), even when the index holds none of the query's words
    const named = new Set(words.keys());
    if (text.length >= 2) {
      idx.titles.forEach((title, file) => {
        if (titleForms(title).some((f) => f.startsWith(text))) named.add(idx.docnames[file]);
      });
    }
    for (const page of named) {
      if (best.has(page)) continue;
      const file = idx.docnames.indexOf(page);
      if (file < 0) continue;
      consider([page, idx.titles[file], "", null, 0, idx.filenames[file], "text"], 0);
    }
    // ascending, as Sphinx hands them to the display (which shows the last one first)
    return [...best.values()].sort((a, b) =>
      a[4] === b[4] ? (a[1] < b[1] ? 1 : a[1] > b[1] ? -1 : 0) : a[4] - b[4],
    );
  }

  function install() {
    if (typeof splitQuery !== "undefined" && !splitQuery.zhSegmented) {
      const base = splitQuery;
      const wrapped = (query) =>
        base(query).flatMap((term) => (HAN.test(term) && !known(term) ? segment(term) : [term]));
      wrapped.zhSegmented = true;
      splitQuery = wrapped; // eslint-disable-line no-global-assign
    }
    if (typeof Search !== "undefined" && !Search._performSearch.zhRanked) {
      const perform = Search._performSearch;
      const ranked = (query, ...rest) => rerank(query, perform(query, ...rest));
      ranked.zhRanked = true;
      Search._performSearch = ranked;
    }
  }

  install();
  document.addEventListener("DOMContentLoaded", install);
})();
