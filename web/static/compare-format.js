// Shared by the comparison page and its report: texts, and how each criterion's value
// is written (units, unknowns, conflict daa alongside the share).
import { number } from './lib/format.js';

// One colour per alternative, in set order: the table's letters and the maps' outlines.
export const COLOURS = ['#1b7f3b', '#c05f00', '#6a3fb5', '#12355b', '#a33', '#0a7d8c', '#7a5c00', '#555'];

export const WORDS = {
  nb: {
    criterion: 'Kriterium', weight: 'Vekt', direction: 'Retning', up: 'mer er bedre', down: 'mindre er bedre',
    score: 'Poengsum (0–100)', rank: 'Rangering', unknown: 'ukjent', best: 'best', worst: 'svakest',
    points: 'poeng', decision: 'Vedtak', report: 'Rapport for møtet (utskrift / PDF)', csv: 'Tabellen som CSV',
    share: 'Lenke med disse vektene', copy: 'Kopier', copied: 'Kopiert', reset: 'Tilbake til lagrede vekter',
    save: 'Lagre vektene i settet', saved: 'Vektene er lagret.', own: 'Du prøver egne vekter – de lagrede er uendret.',
    why: (first, second) => `Hvorfor ${first} er rangert foran ${second}:`, whyOne: (first) => `Hvorfor ${first} er rangert først:`,
    sensitivity: 'Følsomhet', method: 'Metode', sources: 'Datakilder', demo: 'Eksempeldata: alternativene og flere av tallene er oppdiktet for demonstrasjon.',
    info: { kind: 'Type', plan: 'Planstatus', land: 'Grunneier', future: 'Strøm etter tiltak', note: 'Merknad', municipality: 'Kommune' },
    visibility: { draft: 'Utkast (bare planleggere)', viewers: 'Synlig for innloggede', public: 'Offentlig' },
    hidden: (n) => `${n} alternativ(er) i settet er ikke publisert og vises ikke her.`,
    map: 'Kart over alternativene', date: 'Dato', weightsTitle: 'Vekter og poeng', contribution: 'Bidrag til poengsummen',
    edit: 'Rediger settet', title: 'Tittel', description: 'Beskrivelse', reference: 'Vedtaksreferanse', visibilityLabel: 'Synlighet',
    members: 'Alternativer (i rekkefølge)', add: 'Legg til område', remove: 'Fjern', moveUp: '↑', moveDown: '↓', saveSet: 'Lagre settet',
    stale: 'Noen andre har endret settet. Last inn på nytt.', failed: 'Kunne ikke lagre: ', back: '← Til kartet', datasheet: 'Prospektark',
    savedWeight: 'Lagret vekt', triedWeight: 'Prøvd vekt', printed: 'Skrevet ut', printPdf: 'Skriv ut / lagre som PDF', backToSet: '← Til sammenligningen', ranking: 'Rangering',
  },
  en: {
    criterion: 'Criterion', weight: 'Weight', direction: 'Direction', up: 'more is better', down: 'less is better',
    score: 'Score (0–100)', rank: 'Rank', unknown: 'unknown', best: 'best', worst: 'weakest',
    points: 'points', decision: 'Decision', report: 'Report for the meeting (print / PDF)', csv: 'The table as CSV',
    share: 'Link with these weights', copy: 'Copy', copied: 'Copied', reset: 'Back to the saved weights',
    save: 'Save these weights in the set', saved: 'The weights are saved.', own: 'You are trying your own weights – the saved ones are unchanged.',
    why: (first, second) => `Why ${first} ranks above ${second}:`, whyOne: (first) => `Why ${first} ranks first:`,
    sensitivity: 'Sensitivity', method: 'Method', sources: 'Data sources', demo: 'Demo data: the alternatives and several figures are invented for demonstration.',
    info: { kind: 'Kind', plan: 'Plan status', land: 'Land control', future: 'Power after measures', note: 'Note', municipality: 'Municipality' },
    visibility: { draft: 'Draft (planners only)', viewers: 'Visible when signed in', public: 'Public' },
    hidden: (n) => `${n} alternative(s) in the set are not published and not shown here.`,
    map: 'Map of the alternatives', date: 'Date', weightsTitle: 'Weights and scores', contribution: 'Contribution to the score',
    edit: 'Edit the set', title: 'Title', description: 'Description', reference: 'Decision reference', visibilityLabel: 'Visibility',
    members: 'Alternatives (in order)', add: 'Add area', remove: 'Remove', moveUp: '↑', moveDown: '↓', saveSet: 'Save the set',
    stale: 'Someone else changed the set. Reload.', failed: 'Could not save: ', back: '← To the map', datasheet: 'Datasheet',
    savedWeight: 'Saved weight', triedWeight: 'Tried weight', printed: 'Printed', printPdf: 'Print / save as PDF', backToSet: '← To the comparison', ranking: 'Ranking',
  },
};

// The method in plain words (the API's `method` is the bokmål original).
export const METHOD_EN = 'Each criterion is scaled within the set: the best alternative gets 1, the weakest 0, and the others '
  + 'by where they lie between (for distances, conflicts and price lower is better; for area, readiness, power and utilities '
  + 'higher is better). If all are equal, all get 1. A missing value counts as 0 and is shown as "unknown". Each scaled value '
  + 'is multiplied by its weight and the sum divided by the sum of the weights: the score (0–100) is a weighted mean. The '
  + 'contribution of every criterion is shown, so one can see why an alternative ranks first, and for each pair of neighbours '
  + 'in the ranking both where the upper one is better and where it is weaker. Sensitivity is checked by moving one weight at a '
  + 'time by ±20 % and seeing whether the ranking changes; the margin in points between places and the smallest change of one '
  + 'weight that gives another alternative first place are shown too.';

const DAA = { farmland: 'farmland_daa', nature: 'nature_daa', flood: 'flood_daa', heritage: 'heritage_daa' };

// The value of criterion `c` for alternative `a`, written for people.
export function cell(lang, c, a, i, label = (_, code) => code) {
  const w = WORDS[lang];
  const v = c.values[i];
  const f = a.facts;
  if (v == null) return w.unknown;
  switch (c.code) {
    case 'size': return `${number(lang, v, 1)} daa`;
    case 'readiness': return `${number(lang, v)} (${label('readiness', f.readiness)})`;
    case 'power': return `${range(lang, f.power, f.power_max)} MW${f.substation_name ? ` (${f.substation_name})` : ''}`;
    case 'future_power': return `${range(lang, f.future_power, f.future_power_max)} MW${f.expected_year ? ` (${f.expected_year})` : ''}`;
    case 'public_land': return v ? (lang === 'nb' ? 'ja' : 'yes') : (lang === 'nb' ? 'nei' : 'no');
    case 'price': return `${number(lang, v)} kr/m²`;
    case 'utilities': return `${number(lang, v)} / 5`;
    default:
      if (DAA[c.code]) return `${number(lang, v, 1)} % (${number(lang, f[DAA[c.code]], 1)} daa)`;
      return `${number(lang, v, 1)} ${c.unit}`;
  }
}

function range(lang, lo, hi) {
  if (hi == null || hi === lo) return number(lang, lo, 1);
  return `${number(lang, lo, 1)}–${number(lang, hi, 1)}`;
}
