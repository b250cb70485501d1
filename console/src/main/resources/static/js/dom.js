// Building and formatting the page's elements, without markup strings: every text goes in as
// text (never parsed as HTML), and listeners are attached from code (the CSP forbids inline ones).

/**
 * A new element: `props` are attributes, except `text` (its text), `dataset` (data-* values),
 * `class`, and `on<event>` (a listener). A value of null, undefined or false leaves the attribute
 * out; true sets it empty (`disabled`, `hidden`).
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2), value);
    } else if (value === null || value === undefined || value === false) {
      continue;
    } else if (key === 'text') {
      node.textContent = value;
    } else if (key === 'class') {
      node.className = value;
    } else {
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }
  node.append(...children.flat().filter((child) => child !== null && child !== undefined));
  return node;
}

/** A table's header row: one column header per name. */
function headerRow(...names) {
  return el(
    'tr',
    {},
    names.map((name) => el('th', { scope: 'col', text: name })),
  );
}

/**
 * A table with a caption and one header per column, in a box that scrolls sideways: a narrow
 * screen scrolls the table, not the page. `props` go to the table (id, class, dataset).
 */
export function dataTable(props, caption, headers, rows) {
  return el(
    'div',
    { class: 'table-scroll' },
    el(
      'table',
      props,
      el('caption', { text: caption }),
      el('thead', {}, headerRow(...headers)),
      el('tbody', {}, rows),
    ),
  );
}

export function byId(id) {
  const node = document.getElementById(id);
  if (!node) {
    throw new Error(`The page has no #${id}`);
  }
  return node;
}

/**
 * `work`, run `ms` after the first of a burst of calls, once for the whole burst: a busy stream
 * redraws a counter a few times a second, not at every event, and never waits for a quiet moment.
 */
export function coalesce(work, ms) {
  let timer = null;
  return () => {
    if (timer === null) {
      timer = setTimeout(() => {
        timer = null;
        work();
      }, ms);
    }
  };
}

/**
 * `task` (async) run one at a time: a call while it runs does not start another beside it, but
 * asks for one more run after it (several such calls, one run), and gets that run's promise. A
 * poll or a button pressed again while its requests are still out so never piles requests up.
 */
export function oneAtATime(task) {
  let running = null;
  let next = null;
  const start = () => {
    running = Promise.resolve()
      .then(task)
      .finally(() => {
        running = null;
      });
    return running;
  };
  return () => {
    if (running === null) {
      return start();
    }
    if (next === null) {
      const again = () => {
        next = null;
        return start();
      };
      next = running.then(again, again);
    }
    return next;
  };
}

/** `task` (async) skipped while it runs: for a timer's poll, where the next tick comes anyway. */
export function skipWhileRunning(task) {
  let running = false;
  return async () => {
    if (running) {
      return;
    }
    running = true;
    try {
      await task();
    } finally {
      running = false;
    }
  };
}

export function formatTime(value) {
  if (value === null || value === undefined) {
    return '—';
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toLocaleTimeString();
}

export function formatDateTime(value) {
  if (value === null || value === undefined) {
    return '—';
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toLocaleString();
}

export function formatMs(ms) {
  if (ms === null || ms === undefined) {
    return '—';
  }
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export function formatMoney(amount) {
  return amount === null || amount === undefined ? '—' : Number(amount).toFixed(2);
}

/** Text, and a symbol for it, so that a state never shows by colour alone. */
const STATUS_SYMBOLS = { PENDING: '…', CONFIRMED: '✓', REJECTED: '✗', CANCELLED: '⊘' };

export function statusBadge(status) {
  const text = status ?? 'UNKNOWN';
  return el(
    'span',
    { class: 'badge', dataset: { status: text } },
    el('span', { 'aria-hidden': 'true', text: STATUS_SYMBOLS[text] ?? '?' }),
    ` ${text}`,
  );
}
