// Company settings: name, who is notified, invitation expiry, default role and permissions (PATCH with If-Match).

import { api } from '../api.js';
import { checkedValues, field, h, outlet, permissionBoxes, roleSelect, run, section } from '../dom.js';

const NOTIFY = [
  ['every_join', 'Every join and request'],
  ['requests_only', 'Only join requests'],
  ['none', 'Nothing'],
];

export function tab(companyId, company) {
  return h(
    'div',
    { class: 'tab' },
    section('General', () => company, (data) => settingsForm(companyId, data)),
  );
}

function settingsForm(companyId, company) {
  const settings = company.settings || {};
  let version = company.version;
  const name = h('input', { type: 'text', value: company.name, required: true, maxlength: 100 });
  const notify = h(
    'select',
    {},
    NOTIFY.map(([value, label]) => h('option', { value, selected: settings.notify === value }, label)),
  );
  const expiry = h('input', { type: 'number', min: 1, max: 30, value: String(settings.invitationExpiryDays ?? 7) });
  const role = roleSelect(settings.defaultRole);
  const permissions = permissionBoxes('Default permissions for invitations', settings.defaultPermissions || []);
  const save = h('button', { type: 'submit' }, 'Save settings');
  const result = outlet();
  const form = h(
    'form',
    { class: 'card' },
    field('Company name', name),
    field('Email the admins about', notify),
    field('Invitations expire after (days)', expiry),
    field('Default role for invitations', role),
    permissions,
    h('div', { class: 'actions' }, save),
    result,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(save, result, async () => {
      const { data } = await api('PATCH', `/companies/${encodeURIComponent(companyId)}/settings`, {
        ifMatch: version,
        body: {
          name: name.value.trim(),
          notify: notify.value,
          invitationExpiryDays: Number(expiry.value),
          defaultRole: role.value,
          defaultPermissions: checkedValues(permissions),
        },
      });
      version = data.version;
      return 'Settings saved.';
    });
  });
  return form;
}
