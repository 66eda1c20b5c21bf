// What the comparison page and the report explain beside the table: each pair of
// neighbours in the ranking both ways (where the one ahead is better and where it is
// worse, with points), the sensitivity with its margin and the smallest weight change
// that changes the first place, and the arealregnskap. The numbers come from the API.
import { number } from './lib/format.js';
import { cell } from './compare-format.js';

const TEXT = {
  nb: {
    pair: (a, b, m) => `${a} foran ${b} med ${m} poeng`,
    better: (a) => `${a} er bedre på`, worse: (a) => `${a} er svakere på`,
    nothing: 'ingenting', points: 'poeng', vs: 'mot',
    account: 'Arealregnskap – dekar som hvert alternativ ville ta', kind: 'Arealslag', set: 'Hele settet',
    notMapped: 'ikke kartlagt', demo: 'eksempeldata', source: 'Kilde',
  },
  en: {
    pair: (a, b, m) => `${a} ahead of ${b} by ${m} points`,
    better: (a) => `${a} is better on`, worse: (a) => `${a} is weaker on`,
    nothing: 'nothing', points: 'points', vs: 'vs',
    account: 'Land account – daa each alternative would take', kind: 'Kind of land', set: 'The whole set',
    notMapped: 'not mapped', demo: 'demo data', source: 'Source',
  },
};

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text != null) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

const named = (doc, letter) => {
  const a = doc.alternatives.find((x) => x.letter === letter);
  return `${letter}: ${a.facts.name}`;
};

// Each pair of neighbours in the ranking, both ways, as nodes.
export function pairNodes(doc, lang, label) {
  const t = TEXT[lang];
  const criteria = Object.fromEntries(doc.criteria.map((c) => [c.code, c]));
  const index = Object.fromEntries(doc.alternatives.map((a, i) => [a.letter, i]));
  return (doc.pairs || []).map((p) => {
    const box = el('div', null, 'pair');
    box.dataset.ahead = p.ahead;
    box.dataset.behind = p.behind;
    box.append(el('p', t.pair(named(doc, p.ahead), named(doc, p.behind), number(lang, p.margin, 1)), 'pair-title'));
    const side = (title, list, sign, cls) => {
      const part = el('div', null, cls);
      part.append(el('span', `${title}:`));
      if (!list.length) {
        part.append(el('span', ` ${t.nothing}`));
        return part;
      }
      const ul = el('ul');
      for (const x of list) {
        const c = criteria[x.code];
        const a = doc.alternatives[index[p.ahead]];
        const b = doc.alternatives[index[p.behind]];
        ul.append(el('li', `${sign}${number(lang, x.points, 1)} ${t.points}: ${c.title[lang]} (${cell(lang, c, a, index[p.ahead], label)} ${t.vs} ${cell(lang, c, b, index[p.behind], label)})`));
      }
      part.append(ul);
      return part;
    };
    box.append(side(t.better(p.ahead), p.better, '+', 'better'), side(t.worse(p.ahead), p.worse, '−', 'worse'));
    return box;
  });
}

// The sensitivity: the ±20 % check, the margin, the smallest change of one weight.
export function sensitivityNodes(doc, lang, heading) {
  const s = doc.sensitivity;
  const p = el('p', `${heading}: ${s.text[lang]}${s.margin_text ? ` ${s.margin_text[lang]}` : ''}`);
  const nodes = [p];
  if (s.tipping) nodes.push(el('p', s.tipping.text[lang], 'tipping'));
  if (!s.holds) {
    const ul = el('ul');
    for (const c of s.changes) ul.append(el('li', c.text[lang]));
    nodes.push(ul);
  }
  return nodes;
}

// The arealregnskap as a table: a row per kind of land, a column per alternative and one
// for the whole set; the note says how it was measured.
export function accountNodes(doc, lang) {
  const t = TEXT[lang];
  const acc = doc.land_account;
  if (!acc) return [];
  const table = el('table', null, 'account');
  table.id = 'land-account';
  const caption = el('caption', t.account);
  table.append(caption);
  const head = table.createTHead().insertRow();
  for (const h of [t.kind, ...doc.alternatives.map((a) => a.letter), t.set, t.source]) head.append(el('th', h));
  const body = table.createTBody();
  for (const l of acc.lines) {
    const tr = body.insertRow();
    tr.dataset.code = l.code;
    tr.append(el('th', l.title[lang]));
    const value = (v) => (l.loaded ? number(lang, v, 1) : t.notMapped);
    for (const v of l.daa) tr.append(el('td', value(v), l.loaded ? 'num' : 'unknown'));
    tr.append(el('td', value(l.set_daa), l.loaded ? 'num set' : 'unknown'));
    // an invented layer is named as example data, not by the script that made it
    const source = l.demo ? t.demo : `${l.source ?? ''}${l.as_of ? ` (${l.as_of})` : ''}`;
    tr.append(el('td', l.loaded ? source : '', 'source'));
  }
  return [table, el('p', acc.note[lang], 'account-note')];
}

// The conflict layers that touch any alternative: the arealregnskap's layers with land
// taken, and cultural heritage where an alternative has a share of it.
export function conflictKinds(doc) {
  const kinds = new Set((doc.land_account?.lines || []).filter((l) => l.loaded && l.daa.some((v) => v > 0)).map((l) => l.layer));
  if (doc.alternatives.some((a) => a.facts.heritage > 0)) kinds.add('cultural_heritage');
  return [...kinds];
}
