// Labels from /api/config, in the reader's language: code lists, the fields of an area (the
// server's field table) and the groups of the editor's form.

export function codeLabel(config, lang, list, code, unknown) {
  const entry = config?.codes?.[list]?.[code];
  return entry ? entry[lang] : (code ?? unknown);
}

export function field(config, name) {
  return config?.fields?.find((f) => f.name === name);
}

export function fieldLabel(config, lang, name) {
  return field(config, name)?.labels[lang];
}

export function groupLabel(config, lang, id) {
  return config?.field_groups?.find((g) => g.id === id)?.labels[lang] ?? id;
}

// The utilities an area may have in place (the fields with the utility code list).
export function utilities(config) {
  return (config?.fields || []).filter((f) => f.codes === 'utility').map((f) => f.name);
}
