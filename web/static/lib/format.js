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

// A licence as people name it: "CC BY-NC-SA 4.0", "CC0 1.0", "NLOD 2.0"; else the text given.
export function licenceName(licence) {
  if (!licence) return null;
  const cc = /creativecommons\.org\/licenses\/([a-z-]+)\/([\d.]+)/i.exec(licence);
  if (cc) return `CC ${cc[1].toUpperCase()} ${cc[2]}`;
  const zero = /creativecommons\.org\/publicdomain\/zero\/([\d.]+)/i.exec(licence);
  if (zero) return `CC0 ${zero[1]}`;
  const nlod = /data\.norge\.no\/nlod\/[a-z]*\/?([\d.]+)?/i.exec(licence);
  if (nlod) return `NLOD${nlod[1] ? ` ${nlod[1]}` : ''}`;
  return licence;
}

// "Elvia, CC BY 4.0": who holds the figures and under which licence; null when neither is known.
export function licenceLine(holder, licence) {
  const parts = [holder, licenceName(licence)].filter(Boolean);
  return parts.length ? parts.join(', ') : null;
}

// How long ago an area's facts were confirmed, in words: "bekreftet 2026-10-01 (for 2
// måneder siden)"; `null` → never confirmed. `dueAfterDays` marks it as overdue.
export function confirmedAge(lang, date, dueAfterDays) {
  const nb = lang === 'nb';
  if (!date) return { text: nb ? 'aldri bekreftet' : 'never confirmed', due: true };
  const days = Math.floor((Date.now() - Date.parse(`${date}T00:00:00Z`)) / 86_400_000);
  let ago;
  if (days <= 0) ago = nb ? 'i dag' : 'today';
  else if (days < 45) ago = nb ? `for ${days} dager siden` : `${days} days ago`;
  else {
    const months = Math.round(days / 30.44);
    ago = nb ? `for ${months} måneder siden` : `${months} months ago`;
  }
  return { text: `${nb ? 'bekreftet' : 'confirmed'} ${date} (${ago})`, due: dueAfterDays != null && days > dueAfterDays };
}
