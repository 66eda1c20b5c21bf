// Enquiries for planners: what companies asked about their municipality's areas
// (`GET /api/enquiries`), unhandled first, each marked handled (or not) in one click.
export function createEnquiries({ state, t, $, getJson, select }) {
  let items = [];
  const may = () => state.session && state.session.role !== 'viewer';

  async function load() {
    items = [];
    if (may()) {
      try { items = (await getJson('/api/enquiries')).enquiries; } catch (_) { items = []; }
    }
    render();
  }

  function render() {
    const w = t('enquiries');
    $('enquiries').hidden = !may();
    $('enquiries-title').textContent = w.title(items.filter((e) => !e.handled_at).length);
    const list = $('enquiry-list');
    list.innerHTML = '';
    for (const e of items) {
      const li = document.createElement('li');
      li.dataset.id = e.id;
      li.className = e.handled_at ? 'enquiry handled' : 'enquiry';
      const area = document.createElement('button');
      area.type = 'button';
      area.className = 'link';
      area.textContent = e.area_name;
      area.addEventListener('click', () => select(e.area_id, true));
      const from = document.createElement('div');
      const mail = document.createElement('a');
      mail.href = `mailto:${e.email}`;
      mail.textContent = e.email;
      from.append(`${e.name}${e.company ? `, ${e.company}` : ''} · `, mail, ` · ${e.created_at.slice(0, 10)}`);
      const need = document.createElement('div');
      need.textContent = e.need ? `${w.need}: ${e.need}` : '';
      const message = document.createElement('p');
      message.textContent = e.message;
      const mark = document.createElement('button');
      mark.type = 'button';
      mark.className = 'mark';
      mark.textContent = e.handled_at ? w.reopen : w.handled;
      mark.addEventListener('click', () => setHandled(e.id, !e.handled_at));
      li.append(area, from, need, message, mark);
      list.append(li);
    }
    $('enquiries-empty').hidden = items.length > 0;
  }

  async function setHandled(id, handled) {
    const res = await fetch(`/api/enquiries/${id}/handled`, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': state.session?.csrf_token || '' },
      body: JSON.stringify({ handled }),
    });
    if (res.ok) await load();
  }

  return { load, render };
}
