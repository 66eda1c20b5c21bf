// UI text: Norwegian bokmål first, English second.
export const TEXT = {
  nb: {
    title: 'Arealbank', subtitle: 'Næringsareal i Lillehammer-regionen',
    demo: 'Eksempeldata: områdene på kartet er oppdiktet for demonstrasjon og er ikke reelle tilbud.',
    basemapDown: 'Bakgrunnskartet kunne ikke lastes. Områder og kommunegrenser vises likevel.',
    municipality: 'Kommune', all: 'Alle', kind: 'Type', other: 'English',
    count: (n) => `${n} områder`, loading: 'Laster …', loadFailed: 'Kunne ikke hente områder: ',
    gross: 'Bruttoareal', available: 'Ledig areal', readiness: 'Byggeklarhet', availability: 'Tilgjengelighet',
    availableFrom: 'Ledig fra', planStatus: 'Planstatus', planType: 'Plantype', landUse: 'Arealformål',
    landControl: 'Eierform', contact: 'Kontakt', reference: 'Referanse', close: 'Lukk', demoTag: 'Eksempeldata',
    unknown: 'ukjent', legend: 'Forklaring', municipalities: 'Kommunegrenser', description: 'Beskrivelse',
    price: 'Pris', perM2: 'kr/m²', map: 'Kart',
    login: 'Logg inn', logout: 'Logg ut', username: 'Brukernavn', password: 'Passord',
    loginFailed: 'Innlogging feilet: ', unpublished: 'Ikke publisert', history: 'Historikk',
    roles: { admin: 'administrator', planner: 'planlegger', viewer: 'leser' },
    actions: { create: 'opprettet', update: 'endret', end: 'avsluttet', restore: 'gjenopprettet' },
  },
  en: {
    title: 'Arealbank', subtitle: 'Business land in the Lillehammer region',
    demo: 'Demo data: the areas on this map are invented for demonstration and are not real offers.',
    basemapDown: 'The background map could not be loaded. Areas and municipality boundaries are still shown.',
    municipality: 'Municipality', all: 'All', kind: 'Kind', other: 'Norsk',
    count: (n) => `${n} areas`, loading: 'Loading …', loadFailed: 'Could not load areas: ',
    gross: 'Gross area', available: 'Available area', readiness: 'Readiness', availability: 'Availability',
    availableFrom: 'Available from', planStatus: 'Plan status', planType: 'Plan type', landUse: 'Land-use purpose',
    landControl: 'Land control', contact: 'Contact', reference: 'Reference', close: 'Close', demoTag: 'Demo data',
    unknown: 'unknown', legend: 'Legend', municipalities: 'Municipality boundaries', description: 'Description',
    price: 'Price', perM2: 'NOK/m²', map: 'Map',
    login: 'Sign in', logout: 'Sign out', username: 'Username', password: 'Password',
    loginFailed: 'Sign-in failed: ', unpublished: 'Not published', history: 'History',
    roles: { admin: 'administrator', planner: 'planner', viewer: 'viewer' },
    actions: { create: 'created', update: 'changed', end: 'ended', restore: 'restored' },
  },
};

// Number formatting per language: 12 345,6 (nb) and 12,345.6 (en).
export function number(lang, value, digits = 0) {
  return new Intl.NumberFormat(lang === 'nb' ? 'nb-NO' : 'en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
}
