// The admin area's tables, drawn from the services' answers: faults with their switches and
// parameters, dead letters with re-drive, read models with rebuild and progress. Each button calls
// back into the AdminArea (`area`), which does the calls and redraws.

import { dataTable, el, formatDateTime, formatTime } from './dom.js';
import { serviceName } from './http.js';

export function problem(service, error) {
  const text = error.serviceDown
    ? `${serviceName(service)} not answering: ${error.message}`
    : `${serviceName(service)}: ${error.message}`;
  const state = error.serviceDown ? 'down' : 'error';
  return el('p', { class: 'problem', dataset: { state }, text });
}

export function faultRow(service, name) {
  return document.querySelector(`tr[data-fault="${CSS.escape(`${service}/${name}`)}"]`);
}

export function faultTable(service, faults, area) {
  return dataTable(
    { class: 'faults', dataset: { service } },
    `Faults of ${serviceName(service)}`,
    // The switch early in the row: on a narrow screen it stays in view, the rest scrolls.
    ['Fault', 'State', 'Switch', 'Parameters', 'Instances'],
    faults.map((fault) => faultRowOf(service, fault, area)),
  );
}

export function faultRowOf(service, fault, area) {
  const id = (parameter) => `fault-${service}-${fault.name}-${parameter}`;
  const parameters = Object.entries(fault.limits ?? {}).map(([name, { min, max }]) =>
    el(
      'div',
      { class: 'parameter' },
      el('label', { for: id(name), text: `${name} (${min}–${max})` }),
      el('input', {
        id: id(name),
        type: 'number',
        min,
        max,
        step: 1,
        value: fault.parameters?.[name] ?? '',
        dataset: { parameter: name },
      }),
    ),
  );
  const toggle = el('button', {
    type: 'button',
    dataset: { action: 'toggle' },
    'aria-pressed': String(fault.enabled),
    'aria-label': `Switch ${fault.enabled ? 'off' : 'on'} ${fault.name} of ${serviceName(service)}`,
    text: fault.enabled ? 'Switch off' : 'Switch on',
    onclick: () => area.switchFault(service, fault, !fault.enabled),
  });
  const apply =
    fault.enabled && parameters.length
      ? el('button', {
          type: 'button',
          dataset: { action: 'apply' },
          text: 'Apply parameters',
          onclick: () => area.switchFault(service, fault, true),
        })
      : null;
  // A symbol and a word as well as a colour: on or off never shows by colour alone.
  const stateText = fault.enabled ? `● On since ${formatTime(fault.since)}` : '○ Off';
  return el(
    'tr',
    { dataset: { fault: `${service}/${fault.name}`, enabled: String(fault.enabled) } },
    el(
      'th',
      { scope: 'row' },
      el('code', { text: fault.name }),
      el('p', { class: 'description', text: fault.description }),
    ),
    el('td', { class: 'switch-state', text: stateText }),
    el('td', { class: 'actions' }, toggle, apply),
    el('td', {}, parameters.length ? parameters : '—'),
    el('td', { text: instancesText(fault.instances) }),
  );
}

export function instancesText(instances) {
  if (!instances) {
    return 'instances unknown (MongoDB not answering)';
  }
  const applied = instances.applied.length ? instances.applied.join(', ') : 'none';
  const pending = instances.pending.length ? `; pending: ${instances.pending.join(', ')}` : '';
  return `applied: ${applied}${pending}`;
}

export function deadLetterTable(service, letters, area) {
  if (!letters.length) {
    const text = `${serviceName(service)}: no dead letters.`;
    return el('p', { dataset: { deadLetters: '0' }, text });
  }
  const dead = letters.filter((letter) => letter.status === 'DEAD').length;
  return el(
    'div',
    {},
    dataTable(
      { class: 'dead-letters', dataset: { service } },
      `Dead letters of ${serviceName(service)} (${dead} not sent back)`,
      ['Record', 'Status', 'Re-drive', 'Cause', 'Topic and key', 'Dead at'],
      letters.map((letter) => deadLetterRow(service, letter, area)),
    ),
    dead
      ? el('button', {
          type: 'button',
          dataset: { action: 'redrive-all', service },
          text: `Re-drive all ${dead} of ${serviceName(service)}`,
          onclick: () => area.redriveAll(service),
        })
      : null,
  );
}

function deadLetterRow(service, letter, area) {
  const redriven = letter.status === 'REDRIVEN';
  const redrive = el('button', {
    type: 'button',
    dataset: { action: 'redrive' },
    disabled: redriven,
    'aria-label': `Re-drive ${letter.id}`,
    text: 'Re-drive',
    onclick: () => area.redrive(service, letter),
  });
  const record = letter.value
    ? el('details', {}, el('summary', { text: 'Record' }), el('pre', { text: letter.value }))
    : null;
  return el(
    'tr',
    { dataset: { deadLetter: `${service}/${letter.id}`, status: letter.status } },
    el('th', { scope: 'row' }, el('code', { text: letter.id })),
    el('td', { text: redriven ? `REDRIVEN ${formatDateTime(letter.redrivenAt)}` : 'DEAD' }),
    el('td', {}, redrive),
    el(
      'td',
      {},
      el('div', { text: letter.exception ?? 'unknown' }),
      el('div', { class: 'note', text: letter.message ?? '' }),
      record,
    ),
    el(
      'td',
      {},
      el('div', { text: letter.topic ?? '—' }),
      el('div', { class: 'note', text: `key ${letter.key ?? '—'}` }),
    ),
    el('td', { text: formatDateTime(letter.deadAt) }),
  );
}

export function projectionTable(projections, area) {
  return dataTable(
    { class: 'projections' },
    'Read models of projection-service',
    ['Read model', 'Generation', 'Status', 'Progress', 'Rebuild'],
    projections.map((projection) => projectionRow(projection, area)),
  );
}

function projectionRow(projection, area) {
  const rebuilding = projection.status === 'REBUILDING';
  const percent = Math.round((projection.progress ?? 0) * 100);
  const label = `progress-${projection.name}`;
  return el(
    'tr',
    {
      dataset: {
        projection: projection.name,
        status: projection.status,
        progress: String(projection.progress ?? 0),
      },
    },
    el('th', { scope: 'row', id: label, text: projection.name }),
    el(
      'td',
      {
        text: rebuilding
          ? `${projection.generation} (building ${projection.rebuildingGeneration})`
          : String(projection.generation),
      },
    ),
    el('td', { text: projection.status }),
    el(
      'td',
      {},
      el('progress', { max: 1, value: projection.progress ?? 0, 'aria-labelledby': label }),
      ` ${rebuilding ? `${percent} %` : 'done'}`,
    ),
    el(
      'td',
      {},
      el('button', {
        type: 'button',
        dataset: { action: 'rebuild' },
        disabled: rebuilding,
        'aria-label': `Rebuild the ${projection.name} read model`,
        text: rebuilding ? 'Rebuilding…' : 'Rebuild',
        onclick: () => area.rebuild(projection.name),
      }),
    ),
  );
}
