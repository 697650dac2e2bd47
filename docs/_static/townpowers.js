/*
 * The site for the people it serves: a town's own view of every service guide, tables that
 * read on a phone, links written out on paper.
 *
 * Town view. Each town has one data file (_static/town-view/<town>.js, generated from the
 * catalog) that hands its facts to TownView.receive: its service centre (便民服务中心), and for
 * every power it holds the mode, status, dates, deciding document and who accepts and decides.
 * A reader's town is the one named in the address (?town=mushi), else the town page they last
 * visited or the town they chose in a picker (remembered in localStorage). Service guides
 * (div.town-view[data-power]) then open with that town's facts; topic pages
 * (div.town-view[data-topic]) say under each step (div.town-step) what applies in that town.
 * Pages stay the same for every town, so the site grows with towns plus powers, not their
 * product. Without JavaScript the pages read as before: every town's mode is in the guide.
 *
 * Everything taken from the data is inserted as text (textContent), never as HTML.
 */
(function () {
  "use strict";
  const KEY = "townpowers.town";
  const ID = /^[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*$/;
  const loaded = {};
  const waiting = {};
  let index = null;
  const indexWaiting = [];

  function root() {
    return document.documentElement.dataset.content_root || "";
  }

  function script(src) {
    const el = document.createElement("script");
    el.src = root() + "_static/town-view/" + src;
    el.onerror = () => {
      const id = src.replace(/\.js$/, "");
      (waiting[id] || []).forEach((done) => done(null));
      delete waiting[id];
      if (id === "index") indexWaiting.splice(0).forEach((done) => done([]));
    };
    document.head.appendChild(el);
  }

  window.TownView = {
    receive(data) {
      loaded[data.id] = data;
      (waiting[data.id] || []).forEach((done) => done(data));
      delete waiting[data.id];
    },
    receiveIndex(towns) {
      index = towns;
      indexWaiting.splice(0).forEach((done) => done(towns));
    },
    /* The reader's town's data, or null (the search page's empty answer names its phone). */
    current(done) {
      const id = chosen();
      if (id) town(id, done);
      else done(null);
    },
  };

  function town(id, done) {
    if (!ID.test(id)) return done(null);
    if (loaded[id]) return done(loaded[id]);
    if (waiting[id]) return waiting[id].push(done);
    waiting[id] = [done];
    script(id + ".js");
  }

  function towns(done) {
    if (index) return done(index);
    indexWaiting.push(done);
    if (indexWaiting.length === 1) script("index.js");
  }

  function storage() {
    try {
      return window.localStorage;
    } catch (e) {
      return null; // storage disabled: the town is not remembered, everything else works
    }
  }

  function chosen() {
    const fromUrl = new URLSearchParams(window.location.search).get("town");
    if (fromUrl && ID.test(fromUrl)) return fromUrl;
    const store = storage();
    const kept = store ? store.getItem(KEY) : null;
    return kept && ID.test(kept) ? kept : null;
  }

  function remember(id) {
    const store = storage();
    if (!store) return;
    if (id) store.setItem(KEY, id);
    else store.removeItem(KEY);
  }

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  /* A copy of a glossary link already on the page (guides and topics link every mode). */
  function termLink(container, word) {
    const scope = document.querySelector(".bd-article") || container;
    for (const a of scope.querySelectorAll("a")) {
      if (a.textContent.trim() === word && a.title) {
        const copy = a.cloneNode(true);
        copy.removeAttribute("data-print-url");
        return copy;
      }
    }
    return el("span", word);
  }

  function picker(current, onChange, label) {
    const wrap = el("div", null, "town-picker");
    const id = "town-picker-" + Math.random().toString(36).slice(2, 8);
    const lab = el("label", label || "您所在的镇：");
    lab.htmlFor = id;
    const select = el("select");
    select.id = id;
    select.appendChild(el("option", "请选择……")).value = "";
    towns((list) => {
      const groups = {};
      for (const t of list) {
        if (!groups[t.district]) {
          groups[t.district] = el("optgroup");
          groups[t.district].label = t.district;
          select.appendChild(groups[t.district]);
        }
        const option = el("option", t.name);
        option.value = t.id;
        if (t.id === current) option.selected = true;
        groups[t.district].appendChild(option);
      }
    });
    select.addEventListener("change", () => onChange(select.value || null));
    wrap.append(lab, select);
    return wrap;
  }

  function row(table, label, value) {
    if (!value) return;
    const tr = table.appendChild(el("tr"));
    tr.appendChild(el("th", label)).scope = "row";
    const td = tr.appendChild(el("td"));
    if (typeof value === "string") td.textContent = value;
    else td.appendChild(value);
  }

  function centreRows(table, data) {
    const c = data.centre;
    if (!c) {
      row(table, "办事地点", data.name + "便民服务中心（地址尚未录入，请向镇人民政府咨询）");
      return;
    }
    row(table, "办事地点", c.name + "：" + c.address);
    row(table, "办公时间", c.hours);
    row(table, "咨询电话", telLink(c.phone));
  }

  /* A phone number a phone can call: tap to dial. */
  function telLink(phone) {
    const a = el("a", phone);
    a.href = "tel:" + phone.replace(/[^0-9+]/g, "");
    return a;
  }

  function centreNote(box, data) {
    const c = data.centre;
    if (c && c.status !== "有来源") {
      box.appendChild(
        el("p", "地址、办公时间和电话为" + c.status + "数据，未经核实；办事前请以镇人民政府公布的为准。", "town-view-note"),
      );
    }
  }

  function townPageLink(data) {
    const a = el("a", data.name + "赋权目录（一镇一单）");
    a.href = root() + data.page;
    a.dataset.printUrl = printable(a.href);
    return a;
  }

  /* The box at the top of a service guide: this town's facts first. */
  function guideBox(container, data) {
    const power = container.dataset.power;
    const grant = data.grants[power];
    const box = el("section", null, "town-box");
    box.setAttribute("aria-label", "在" + data.name + "办理");
    const title = box.appendChild(el("p", null, "town-box-title"));
    title.appendChild(el("strong", "在" + data.name + "办理"));
    const table = el("table", null, "town-box-facts");
    const decider = data.departments[container.dataset.decider] || null;
    if (grant && grant.status === "已实施") {
      const mode = el("span");
      mode.append(termLink(container, grant.mode), "（" + grant.since + "起实施）");
      row(table, "赋权方式", mode);
      centreRows(table, data);
      row(table, "受理", grant.accept);
      const by = grant.mode === "直接下放" ? "；委托部门：" : "：";
      row(table, "决定", grant.decide + (grant.decider && grant.mode !== "法定本级" ? by + grant.decider : ""));
      row(table, "决定文件", grant.document);
    } else {
      const status = grant
        ? data.name + "的这项赋权" + (grant.status === "已收回" ? "已收回" : "尚未实施（" + grant.status + "）")
        : data.name + "没有承接本事项";
      row(table, "情况", status);
      row(table, "到哪里办", data.district + "政务服务大厅（区（市）部门）");
      row(table, "决定", decider);
      centreRows(table, data);
      title.appendChild(document.createTextNode("：到区（市）办理，镇便民服务中心可以咨询"));
    }
    box.appendChild(table);
    centreNote(box, data);
    const tools = box.appendChild(el("p", null, "town-box-tools"));
    tools.append(townPageLink(data), "　");
    tools.appendChild(picker(data.id, (id) => choose(id), "换一个镇："));
    return box;
  }

  /* Under each step of a topic: what applies in this town. */
  function stepLine(step, data, container) {
    const grant = data.grants[step.dataset.power];
    const p = el("p", null, "town-step-line");
    p.appendChild(el("strong", "在" + data.name + "："));
    if (grant && grant.status === "已实施") {
      p.append(grant.where + "办理（", termLink(container, grant.mode), "，" + grant.since + "起）");
    } else {
      const decider = data.departments[step.dataset.decider];
      p.append("到" + data.district + "政务服务大厅办理" + (decider ? "，由" + decider + "决定" : "") + "。");
    }
    keepStatic(step);
    step.replaceChildren(p);
  }

  /* A step's static line counts the modes across all towns: shown while no town is chosen,
     replaced by the chosen town's own line. */
  function keepStatic(step) {
    if (!step.townStatic) step.townStatic = [...step.childNodes];
  }

  function restoreStatic(step) {
    keepStatic(step);
    step.replaceChildren(...step.townStatic);
  }

  function render(id) {
    const containers = document.querySelectorAll(".town-view");
    if (!containers.length) return;
    const show = (data) => {
      for (const container of containers) {
        container.querySelectorAll(".town-box, .town-picker-prompt").forEach((n) => n.remove());
        container.classList.add("js-ready"); // the picker or the box replaces the static hint
        if (!data) {
          const prompt = el("div", null, "town-picker-prompt");
          prompt.appendChild(picker(null, (pick) => choose(pick), "选择您所在的镇，查看在本镇怎么办："));
          container.prepend(prompt);
          document.querySelectorAll(".town-step").forEach(restoreStatic);
          continue;
        }
        if (container.dataset.power) container.prepend(guideBox(container, data));
        if (container.dataset.topic) {
          const box = el("section", null, "town-box");
          box.setAttribute("aria-label", "在" + data.name + "办理");
          const title = box.appendChild(el("p", null, "town-box-title"));
          title.appendChild(el("strong", "在" + data.name + "办理：每一步下面写明本镇的办法"));
          const table = box.appendChild(el("table", null, "town-box-facts"));
          centreRows(table, data);
          centreNote(box, data);
          const tools = box.appendChild(el("p", null, "town-box-tools"));
          tools.append(townPageLink(data), "　");
          tools.appendChild(picker(data.id, (pick) => choose(pick), "换一个镇："));
          container.prepend(box);
          document.querySelectorAll(".town-step").forEach((s) => stepLine(s, data, container));
        }
      }
    };
    if (id) town(id, show);
    else show(null);
  }

  function choose(id) {
    remember(id);
    const url = new URL(window.location.href);
    if (url.searchParams.has("town")) {
      if (id) url.searchParams.set("town", id);
      else url.searchParams.delete("town");
      window.history.replaceState(null, "", url);
    }
    render(id);
  }

  /* The home page's picker goes to the town's page. */
  function homePickers() {
    for (const slot of document.querySelectorAll(".town-picker-home")) {
      slot.replaceChildren(
        picker(chosen(), (id) => {
          if (!id) return;
          remember(id);
          const entry = (index || []).find((t) => t.id === id);
          if (entry) window.location.href = root() + entry.page;
        }, "选择您所在的镇："),
      );
    }
  }

  /* Tables on a phone: each cell of a wide table carries its column's heading, shown beside
     the value when the rows stack (see the phone styles). */
  function labelCells() {
    for (const table of document.querySelectorAll(".bd-article table.table")) {
      const heads = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
      if (heads.length < 3) continue; // two columns (项目、内容) fit a phone as they are
      table.classList.add("stacks");
      for (const tr of table.querySelectorAll("tbody tr")) {
        [...tr.children].forEach((cell, i) => {
          if (heads[i]) cell.dataset.label = heads[i];
          // an empty cell would print its heading with nothing beside it on a phone
          if (!cell.textContent.trim()) cell.classList.add("empty-cell");
        });
      }
    }
  }

  /* A page of this site is named by its address alone: the part after # is an anchor inside
     it, often a traced object's internal id, which means nothing on paper. */
  function printable(href) {
    const url = new URL(href, window.location.href);
    if (url.origin === window.location.origin) url.hash = "";
    return url.href;
  }

  /* On paper a link is useless unless its address is written out (see the print styles). */
  function printUrls() {
    for (const a of document.querySelectorAll(".bd-article a[href]")) {
      const href = a.getAttribute("href");
      if (!href || href.startsWith("#") || href.startsWith("tel:")) continue;
      if (a.classList.contains("headerlink")) continue;
      a.dataset.printUrl = printable(a.href);
    }
  }

  /* The header is taller than the theme assumes when its menu wraps (long Chinese titles), so
     an anchor's heading would land under it: keep the scroll padding at its real height. */
  function headerOffset() {
    const header = document.querySelector(".bd-header");
    if (!header) return;
    const set = () => {
      document.documentElement.style.scrollPaddingTop = header.offsetHeight + 16 + "px";
    };
    set();
    window.addEventListener("resize", set);
    const id = decodeURIComponent(window.location.hash.slice(1));
    const target = id ? document.getElementById(id) : null;
    if (target) target.scrollIntoView();
  }

  /* The theme's sidebar opens a page's children with a bare chevron (<summary> without text):
     a screen reader announced nothing (axe: summary-name). Name it after its page. */
  function nameToggles() {
    for (const summary of document.querySelectorAll("summary")) {
      if (summary.textContent.trim() || summary.getAttribute("aria-label")) continue;
      const item = summary.closest("li");
      const link = item ? item.querySelector(":scope > a") : null;
      const page = link ? link.textContent.trim() : "";
      summary.setAttribute("aria-label", page ? "展开或收起“" + page + "”的下级页面" : "展开或收起下级页面");
    }
  }

  function start() {
    const here = document.querySelector(".town-context[data-town]");
    if (here && ID.test(here.dataset.town)) remember(here.dataset.town);
    homePickers();
    render(chosen());
    labelCells();
    printUrls();
    headerOffset();
    nameToggles();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
