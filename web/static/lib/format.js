// Numbers and units as a Norwegian (nb) or English reader writes them.

// 12 345,6 (nb) and 12,345.6 (en).
export function number(lang, value, digits = 0) {
  return new Intl.NumberFormat(lang === 'nb' ? 'nb-NO' : 'en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
}

// An area in decares with its square metres: "12,3 daa (12 300 m²)"; null when unknown.
export function daa(lang, m2) {
  return m2 == null ? null : `${number(lang, m2 / 1000, 1)} daa (${number(lang, m2)} m²)`;
}

// A distance in kilometres: "1,7 km"; null when unknown.
export function km(lang, m) {
  return m == null ? null : `${number(lang, m / 1000, 1)} km`;
}
