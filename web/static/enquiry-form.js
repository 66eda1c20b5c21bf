// "Ta kontakt om dette området": the datasheet's contact form. Sends the enquiry to the
// area's municipality (`POST /api/areas/{id}/enquiries`); a problem is shown next to its
// field, the thanks when it is stored. Not printed.
import { api } from './lib/http.js';

const TEXT = {
  nb: {
    title: 'Ta kontakt om dette området', lead: 'Henvendelsen går til kommunen, som svarer på e-post.',
    name: 'Navn', company: 'Firma', email: 'E-post', need: 'Behov (f.eks. 20 daa lager, 2 MW, fra 2027)',
    message: 'Melding', send: 'Send', required: '(må fylles ut)',
  },
  en: {
    title: 'Get in touch about this area', lead: 'The enquiry goes to the municipality, which answers by e-mail.',
    name: 'Name', company: 'Company', email: 'E-mail', need: 'Need (e.g. 20 daa warehouse, 2 MW, from 2027)',
    message: 'Message', send: 'Send', required: '(required)',
  },
};

const FIELDS = [
  ['name', 'text', true, 200], ['company', 'text', false, 200], ['email', 'email', true, 200],
  ['need', 'text', false, 500], ['message', 'textarea', true, 5000],
];

export function renderEnquiryForm(box, areaId, lang) {
  const w = TEXT[lang] || TEXT.nb;
  box.innerHTML = '';
  const h = document.createElement('h2');
  h.id = 'enquiry-title';
  h.textContent = w.title;
  const lead = document.createElement('p');
  lead.textContent = w.lead;
  const form = document.createElement('form');
  form.id = 'enquiry-form';
  form.noValidate = true;
  for (const [name, type, required, max] of FIELDS) {
    const label = document.createElement('label');
    label.textContent = `${w[name]}${required ? ` ${w.required}` : ''}`;
    const input = document.createElement(type === 'textarea' ? 'textarea' : 'input');
    if (type !== 'textarea') input.type = type;
    input.name = name;
    input.maxLength = max;
    input.required = required;
    if (type === 'textarea') input.rows = 4;
    const problem = document.createElement('span');
    problem.className = 'field-problem';
    problem.id = `enquiry-${name}-problem`;
    input.setAttribute('aria-describedby', problem.id);
    label.append(input, problem);
    form.append(label);
  }
  const send = document.createElement('button');
  send.type = 'submit';
  send.textContent = w.send;
  const status = document.createElement('p');
  status.id = 'enquiry-status';
  status.setAttribute('role', 'status');
  form.append(send, status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    for (const p of form.querySelectorAll('.field-problem')) p.textContent = '';
    const body = Object.fromEntries(FIELDS.map(([n]) => [n, form.elements[n].value]));
    try {
      const { body: answer } = await api(`/api/areas/${areaId}/enquiries`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
      });
      status.textContent = answer.message[lang] || answer.message.nb;
      form.reset();
    } catch (err) {
      const issues = err.body?.issues || [];
      for (const i of issues) {
        const p = form.querySelector(`#enquiry-${i.field}-problem`);
        if (p) p.textContent = `${i.message} – ${i.accepted}`;
      }
      status.textContent = err.message;
    }
  });
  box.append(h, lead, form);
}
