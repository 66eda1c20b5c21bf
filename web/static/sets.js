// The comparison sets on the map page: links to those the reader may see, and for
// planners a button that starts a new (draft) set.
export function createSets({ state, t, $, getJson }) {
  let sets = [];

  async function load() {
    try {
      sets = (await getJson('/api/comparisons')).comparisons;
    } catch (_) {
      sets = [];
    }
    render();
  }

  function render() {
    const list = $('comparison-list');
    list.innerHTML = '';
    for (const s of sets) {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = `/comparisons/${s.id}`;
      a.textContent = s.title;
      const small = document.createElement('small');
      small.textContent = ` ${s.members} · ${t('setVisibility')[s.visibility]}${s.decision_reference ? ` · ${s.decision_reference}` : ''}`;
      li.append(a, small);
      list.append(li);
    }
    const s = state.session;
    const mayCreate = s && (s.role === 'admin' || (s.role === 'planner' && s.municipalities?.length));
    $('new-comparison').hidden = !mayCreate;
  }

  $('new-comparison').addEventListener('click', async () => {
    const s = state.session;
    const municipality = s.municipalities?.[0] || state.municipalities?.features?.[0]?.id;
    const res = await fetch('/api/comparisons', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token },
      body: JSON.stringify({ municipality, title: t('newSetTitle'), visibility: 'draft', members: [] }),
    });
    if (res.ok) location.href = `/comparisons/${(await res.json()).id}`;
  });

  return { load, render };
}
