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
 *
 * 3. Near words. A short phrase outside the vocabulary (开厂, 起房子) shares its object with an
 *    everyday word or a title (办厂, 盖房子) and differs only in the everyday verb: when no
 *    everyday word matches, words and titles are compared with such verbs made equal and by
 *    the characters they share, so the phrase still leads to the right topic or guide.
 *
 * 4. Function words. 什么, 怎么, 要, 办理 … are the search language's stop words (see
 *    scripts/townpowers/site/search.py): never indexed, dropped from a query. A query of
 *    function words alone finds nothing, and nothing found is answered with the topics and the
 *    reader's town's service centre (phone as a tel: link), not Sphinx's stock sentence about
 *    spelling and categories.
 *
 * 5. Snippets. Under a result of a guide, topic, town or law: one line from the catalog saying
 *    what that page is about (window.TownpowersSearch.summaries); under any other page its
 *    first paragraph of prose containing a query word (else its first), never the need box's
 *    metadata, the breadcrumb, notes or tables.
 */
(function () {
  "use strict";
  const HAN = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$/u;
  const LONGEST = 12;
  /* Filler a person types around what they want (我想……怎么办): never a page's topic. */
  const FILLER = /(我想|我要|想要|需要|怎么办|怎么样|怎么|怎样|如何|哪里|哪儿|在哪|去哪|什么|办理|手续|要求|流程|一下|请问|可以|能不能|要办|吗|呢|呀|吧|啊|的|了)/gu;
  /* Everyday verbs that say “do / set up / get”: 开厂 and 办厂, 起房子 and 盖房子 mean the same. */
  const VERB = /[开办建盖起搞做弄修申领批]/gu;
  const NEAR = 6; // a near word, per unit of its weight, at full overlap
  /* An offence is named by what was done without the permit (无证卖鞭炮, 私自立广告牌): such a
     query leads on from the permit's guide to the penalties and orders enforcing its law
     (window.TownpowersSearch.guards), the one the query's word names (罚, 拆, 停) first. */
  const VIOLATION = /(无证|没.{0,3}证|没批|未批|未经|私自|擅自|偷偷|非法|违法|违规|违章|违建|乱|骗|罚|拆|停工|停建)/u;
  /* Characters that pad a phrase (建个厂子, 家里要……) and name nothing: not compared. */
  const PADDING = /[个子点些儿一要家里就把了]/gu;
  const CUES = [[/罚/u, "处罚"], [/拆/u, "拆除"], [/停/u, "停止"]];
  const GUARD = 30;
  const CUE = 15;

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

  /* page -> score from words and titles near the query (see 3. above), when no word matched. */
  function nearScores(text, idx) {
    const scores = new Map();
    const content = [...new Set(text.replace(VERB, "").replace(PADDING, ""))];
    if (!content.length || text.length < 2) return scores;
    const verbless = text.replace(VERB, "V");
    const add = (candidate, page, weight) => {
      const shared = content.filter((c) => candidate.includes(c)).length;
      if (!shared || shared / content.length < 0.5) return;
      const own = candidate.replace(VERB, "").replace(PADDING, "").length;
      let unit = (NEAR * shared) / Math.max(content.length, own);
      if (candidate.replace(VERB, "V").includes(verbless)) unit *= 2; // same object, another verb
      scores.set(page, Math.max(scores.get(page) || 0, unit * weight));
    };
    for (const [word, pages] of Object.entries(window.TownpowersVocabulary || {})) {
      for (const [page, weight] of pages) add(word, page, weight);
    }
    idx.titles.forEach((title, file) => {
      const docname = idx.docnames[file];
      if (kindBonus(docname) >= 10) add(titleForms(title)[1], docname, 2);
    });
    return scores;
  }

  /* The files holding a search term (whole, or inside a longer term when it has 3+ letters),
     in the text or a title: what Sphinx looks up for each term. */
  function filesOf(idx, word) {
    const files = new Set();
    const add = (found) => {
      if (found === undefined) return;
      for (const f of Array.isArray(found) ? found : [found]) files.add(f);
    };
    for (const table of [idx.terms, idx.titleterms]) {
      if (Object.prototype.hasOwnProperty.call(table, word)) add(table[word]);
      else if (word.length > 2) {
        for (const term of Object.keys(table)) if (term.includes(word)) add(table[term]);
      }
    }
    return files;
  }

  /* Sphinx keeps a page that holds only the query's terms of three or more letters, so 农村 in
     农村盖房子 matched every page with 农村 (most Chinese words have two characters): a page
     found through the index must hold every term of the query. */
  function holdsAll(idx, terms) {
    const sets = [...(terms || [])].map((word) => filesOf(idx, word));
    return (docname) => {
      const file = idx.docnames.indexOf(docname);
      return sets.every((files) => files.has(file));
    };
  }

  /* The scores with the enforcement pages of every scored guide added above it (see VIOLATION). */
  function violationScores(query, words, idx) {
    const guards = (window.TownpowersSearch || {}).guards || {};
    const out = new Map(words);
    const cues = CUES.filter(([cue]) => cue.test(query)).map(([, inTitle]) => inTitle);
    if (!words.size && cues.length) {
      // nothing else named: the penalties and orders whose title says what the query asks for
      idx.titles.forEach((title, file) => {
        const docname = idx.docnames[file];
        if (kindBonus(docname) >= 10 && cues.some((c) => title.includes(c))) out.set(docname, CUE);
      });
    }
    for (const [page, score] of words) {
      const linked = guards[page] || [];
      const strongest = linked.length ? linked[0][1] : 1;
      for (const [enforcing, strength] of linked) {
        const file = idx.docnames.indexOf(enforcing);
        const title = file >= 0 ? idx.titles[file] : "";
        const cue = cues.some((c) => title.includes(c)) ? CUE : 0;
        const value = score + (GUARD * strength) / strongest + cue;
        out.set(enforcing, Math.max(out.get(enforcing) || 0, value));
      }
    }
    return out;
  }

  function rerank(query, results, terms) {
    const idx = index();
    if (!idx) return results;
    const holds = holdsAll(idx, terms);
    results = results.filter((r) => r[6] !== "text" || holds(r[0]));
    const text = core(query);
    let words = vocabularyScores(text);
    if (!words.size) words = nearScores(text, idx);
    if (VIOLATION.test(query)) words = violationScores(query, words, idx);
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

  /* --- what a result shows, what an empty search offers (4. and 5. above) ----------------- */

  function data() {
    return window.TownpowersSearch || { summaries: {}, topics: [], towns: "" };
  }

  function root() {
    return document.documentElement.dataset.content_root || "";
  }

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  /* Prose of a page: paragraphs and list items outside need boxes, notes, tables, navigation. */
  const NOT_PROSE = [
    ".headerlink", "script", "style", ".need_container", ".admonition", ".bd-breadcrumbs",
    ".town-view", "table", "nav", ".toctree-wrapper", "h1", "h2", "h3", "h4", "h5", "h6",
  ].join(",");

  function summary(htmlText, keywords) {
    const page = /DOCUMENTATION_OPTIONS\.pagename = '([^']*)'/.exec(htmlText);
    const known = page ? data().summaries[page[1]] : undefined;
    let text = known;
    if (text === undefined) {
      const doc = new DOMParser().parseFromString(htmlText, "text/html");
      const main = doc.querySelector('[role="main"] .bd-article') || doc.querySelector('[role="main"]');
      if (!main) return el("p", "", "context");
      main.querySelectorAll(NOT_PROSE).forEach((n) => n.remove());
      const prose = [...main.querySelectorAll("p, li")]
        .map((n) => n.textContent.replace(/\s+/g, " ").trim())
        .filter((t) => t.length > 1);
      if (!prose.length) return el("p", "", "context");
      const lower = [...keywords].map((k) => k.toLowerCase());
      const hit = prose.find((t) => lower.some((k) => t.toLowerCase().includes(k)));
      text = hit || prose[0];
      if (hit) {
        const at = Math.max(0, ...lower.map((k) => hit.toLowerCase().indexOf(k)));
        const start = Math.max(0, at - 60);
        text = (start ? "……" : "") + hit.substr(start, 200);
      }
    }
    if (text.length > 240) text = text.substr(0, 240) + "……";
    return el("p", text, "context");
  }

  /* Nothing found: the topics, and where to ask (the reader's town, or every town's page). */
  function emptyAnswer(query) {
    const out = document.getElementById("search-results");
    if (!out || out.querySelector(".search-empty")) return;
    if (Search.status) {
      Search.status.textContent = "没有找到与“" + query.trim() + "”有关的页面。可以换个说法，或者按要办的事查找：";
    }
    const box = el("div", null, "search-empty");
    const list = box.appendChild(el("p", null, "search-empty-topics"));
    data().topics.forEach(([title, page], i) => {
      if (i) list.append("　");
      const a = list.appendChild(el("a", title));
      a.href = root() + page + (DOCUMENTATION_OPTIONS.LINK_SUFFIX || ".html");
    });
    const ask = box.appendChild(el("p", null, "search-empty-ask"));
    out.appendChild(box);
    const everyTown = () => {
      ask.append("也可以打电话问所在镇的便民服务中心：各镇的地址和电话见");
      const a = ask.appendChild(el("a", "一镇一单"));
      a.href = root() + data().towns + (DOCUMENTATION_OPTIONS.LINK_SUFFIX || ".html");
      ask.append("。");
    };
    if (!window.TownView || !window.TownView.current) return everyTown();
    window.TownView.current((town) => {
      if (!town || !town.centre) return everyTown();
      const c = town.centre;
      ask.append("也可以打电话问" + c.name + "：");
      const tel = ask.appendChild(el("a", c.phone));
      tel.href = "tel:" + c.phone.replace(/[^0-9+]/g, "");
      ask.append("（" + c.hours + "；地址：" + c.address + "）。");
    });
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
      const ranked = (query, ...rest) => rerank(query, perform(query, ...rest), rest[0]);
      ranked.zhRanked = true;
      Search._performSearch = ranked;
    }
    if (typeof Search !== "undefined" && !Search.makeSearchSummary.zhSummary) {
      const made = (htmlText, keywords) => summary(htmlText, keywords);
      made.zhSummary = true;
      Search.makeSearchSummary = made;
    }
    if (typeof Search !== "undefined" && !Search.query.zhEmpty) {
      const query = Search.query;
      const answered = (q) => {
        query(q);
        if (Search.output && !Search.output.children.length) emptyAnswer(q);
      };
      answered.zhEmpty = true;
      Search.query = answered;
    }
  }

  install();
  document.addEventListener("DOMContentLoaded", install);
})();
