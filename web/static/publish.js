// Publishing as an explicit action: "Publiser" / "Avpubliser" under an area's facts for
// those who may edit it, asked to confirm (saying who will then see it), sent as a merge
// patch of `published` alone (recorded as publish/unpublish in the history) with the
// version shown, and the result said.
export function createPublish({ state, t, loadAreas, select }) {
  function actions(feature, panel, mayEdit) {
    const p = feature.properties;
    if (!mayEdit(p.municipality)) return;
    const w = t('publish');
    const button = document.createElement('button');
    button.type = 'button';
    button.id = 'publish-area';
    button.textContent = p.published ? w.unpublish : w.publish;
    const note = document.createElement('p');
    note.id = 'publish-note';
    note.className = 'publish-note';
    note.setAttribute('role', 'status');
    button.addEventListener('click', async () => {
      const to = !p.published;
      if (!window.confirm(to ? w.askPublish(p.name) : w.askUnpublish(p.name))) return;
      const res = await fetch(`/ogc/collections/areas/items/${feature.id}`, {
        method: 'PATCH', credentials: 'same-origin',
        headers: {
          'Content-Type': 'application/json', 'If-Match': `"${p.version}"`,
          'X-CSRF-Token': state.session?.csrf_token || '',
        },
        body: JSON.stringify({ properties: { published: to } }),
      });
      const body = await res.json().catch(() => ({}));
      if (!res.ok) {
        note.textContent = `${w.failed}${body.detail || res.statusText}`;
        return;
      }
      await loadAreas();
      select(feature.id, false);
      const shown = document.getElementById('publish-note');
      if (shown) shown.textContent = to ? w.published : w.unpublished;
    });
    panel.append(button, note);
  }
  return { actions };
}
