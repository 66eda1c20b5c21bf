// Signing in and out: the account line in the header, the sign-in form (also at /login),
// and what the map does once the session changes.
import { api } from './lib/http.js';

export function createAccount({ state, t, $, editor, transfer, datasets, signedIn, signedOut }) {
  async function refresh() {
    try {
      state.session = (await api('/api/session')).body;
    } catch (_) {
      state.session = null;
    }
    render();
  }

  function render() {
    const s = state.session;
    $('who').textContent = s ? `${s.username} (${t('roles')[s.role] || s.role})` : '';
    $('login-open').hidden = Boolean(s);
    $('logout').hidden = !s;
    $('new-area').hidden = !editor.mayCreate();
    transfer.render();
    datasets.render();
    if (s) $('login').hidden = true;
  }

  $('new-area').addEventListener('click', () => {
    if (!editor.active()) editor.start(null);
  });
  $('login-open').addEventListener('click', () => { $('login').hidden = !$('login').hidden; });
  $('login').addEventListener('submit', async (e) => {
    e.preventDefault();
    const form = new FormData(e.target);
    try {
      await api('/api/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: form.get('username'), password: form.get('password') }),
      });
    } catch (err) {
      $('login-error').textContent = t('loginFailed') + err.message;
      return;
    }
    $('login-error').textContent = '';
    e.target.reset();
    if (location.pathname === '/login') history.replaceState(null, '', '/');
    await refresh();
    await signedIn();
  });
  $('logout').addEventListener('click', async () => {
    if (editor.active()) editor.cancel();
    await fetch('/api/logout', { method: 'POST', credentials: 'same-origin' });
    state.session = null;
    render();
    await signedOut();
  });

  return { refresh, render };
}
