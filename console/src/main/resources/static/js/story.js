// One order's story: its view in projection-service (state, lines, timeline of events across the
// services, the trace id of the request that placed it), its emails from notification-service,
// and a link to its trace in Jaeger when the console knows Jaeger's address. Opened from the board or by typing an id; redrawn when the stream announces a change of
// the order.

import {
  byId,
  coalesce,
  dataTable,
  el,
  formatDateTime,
  formatMoney,
  formatMs,
  statusBadge,
} from './dom.js';
import { call } from './http.js';
import { isCancellable, rejectionReason, storySteps } from './model.js';

export class OrderStory {
  /** @param options `settings()` ({jaegerUrl}), `cancel(orderId)` */
  constructor({ settings, cancel }) {
    this.settings = settings;
    this.cancel = cancel;
    this.orderId = null;
    this.section = byId('order-story');
    this.body = byId('story-body');
    this.input = byId('story-order-id');
    this.reloadSoon = coalesce(() => this.load(), 300);
    byId('story-lookup').addEventListener('submit', (event) => {
      event.preventDefault();
      const orderId = this.input.value.trim();
      if (orderId) {
        this.open(orderId);
      }
    });
  }

  /** Shows `orderId`'s story and moves the focus to it. */
  async open(orderId) {
    this.orderId = orderId;
    this.input.value = orderId;
    this.section.dataset.orderId = orderId;
    this.section.scrollIntoView({ block: 'start' });
    await this.load();
    byId('story-title').focus();
  }

  /** The stream announced a change of `orderId`: redraw if it is the open one. */
  changed(orderId) {
    if (this.orderId !== null && orderId === this.orderId) {
      this.reloadSoon();
    }
  }

  /** Redraws the open story, if any (after the stream could not resume). */
  reload() {
    if (this.orderId !== null) {
      this.reloadSoon();
    }
  }

  async load() {
    const orderId = this.orderId;
    const id = encodeURIComponent(orderId);
    const [view, emails] = await Promise.allSettled([
      call('projection', `/api/orders/${id}`),
      call('notification', `/api/notifications?orderId=${id}`),
    ]);
    if (orderId !== this.orderId) {
      return; // Another order was opened meanwhile.
    }
    this.section.dataset.status = view.status === 'fulfilled' ? view.value.body.status : 'unknown';
    const hadFocus = this.body.contains(document.activeElement);
    this.body.replaceChildren(
      el('h3', { id: 'story-title', tabindex: '-1', text: `Order ${orderId}` }),
      view.status === 'fulfilled' ? this.summary(view.value.body) : this.missing(view.reason),
      view.status === 'fulfilled' ? this.trace(view.value.body.traceId) : '',
      view.status === 'fulfilled' ? lines(view.value.body) : '',
      view.status === 'fulfilled' ? timeline(view.value.body) : '',
      emails.status === 'fulfilled'
        ? emailTable(emails.value.body)
        : el('p', { class: 'problem', text: `Emails not loaded: ${emails.reason.message}` }),
    );
    if (hadFocus) {
      byId('story-title').focus(); // Redrawn under the keyboard's focus (its Cancel button, say).
    }
  }

  missing(error) {
    const text =
      error.status === 404
        ? 'Not in the read model (yet): projection-service shows an order a moment after it is' +
          ' placed. This story is redrawn when the stream announces it.'
        : `Order not loaded: ${error.message}`;
    return el('p', { class: 'problem', id: 'story-problem', text });
  }

  summary(view) {
    const reason = rejectionReason(view.status, view.reason);
    const cancel = el('button', {
      type: 'button',
      id: 'story-cancel',
      text: 'Cancel this order',
      hidden: !isCancellable(view.status),
      onclick: () => this.cancel(view.orderId),
    });
    return el(
      'div',
      { class: 'story-summary' },
      el(
        'dl',
        {},
        term('Status', statusBadge(view.status)),
        reason ? term('Rejected because', reason) : '',
        term('Customer', view.customerId),
        term('Total', formatMoney(view.total)),
        term('Placed', formatDateTime(view.placedAt)),
        term('Last change', formatDateTime(view.updatedAt)),
        term('Version', String(view.version)),
      ),
      cancel,
    );
  }

  /**
   * The trace of the request that placed the order (projection-service keeps it from the
   * OrderPlaced record's traceparent), linked to Jaeger when the console is configured with its
   * address.
   */
  trace(traceId) {
    if (!traceId) {
      return el('p', {
        id: 'story-trace',
        class: 'note',
        text: 'Trace: none recorded (the request that placed this order carried no trace).',
      });
    }
    const jaegerUrl = this.settings().jaegerUrl;
    const id = jaegerUrl
      ? el('a', {
          href: `${jaegerUrl}/trace/${traceId}`,
          target: '_blank',
          rel: 'noopener',
          text: traceId,
        })
      : el('code', { text: traceId });
    return el(
      'p',
      { id: 'story-trace', dataset: { traceId } },
      'Trace: ',
      id,
      jaegerUrl ? '' : ' (no Jaeger configured for the console)',
    );
  }
}

function term(name, value) {
  return [el('dt', { text: name }), el('dd', {}, value)];
}

function lines(view) {
  const rows = view.lines.map((line) =>
    el(
      'tr',
      {},
      el('th', { scope: 'row', text: line.sku }),
      el('td', { class: 'number', text: String(line.quantity) }),
      el('td', { class: 'number', text: formatMoney(line.unitPrice) }),
    ),
  );
  return dataTable({ id: 'story-lines' }, 'Lines', ['SKU', 'Quantity', 'Unit price'], rows);
}

function timeline(view) {
  const rows = storySteps(view).map((step) =>
    el(
      'tr',
      { dataset: { eventType: step.type, source: step.source } },
      el('th', { scope: 'row', text: step.type }),
      el('td', { text: step.source }),
      el('td', { text: formatDateTime(step.at) }),
      el('td', { class: 'number', text: `+${formatMs(step.sinceStartMs)}` }),
    ),
  );
  return dataTable(
    { id: 'story-timeline' },
    'Timeline across the services (event times, oldest first)',
    ['Event', 'Source', 'At', 'Since the first'],
    rows,
  );
}

function emailTable(emails) {
  if (!emails.length) {
    return el('p', { id: 'story-emails', text: 'Emails: none (yet).' });
  }
  const rows = emails.map((email) =>
    el(
      'tr',
      { dataset: { kind: email.kind, status: email.status } },
      el('th', { scope: 'row', text: email.kind }),
      el('td', { text: email.status }),
      el('td', { text: formatDateTime(email.sentAt) }),
    ),
  );
  return dataTable(
    { id: 'story-emails' },
    'Emails (notification-service)',
    ['Kind', 'Status', 'Sent at'],
    rows,
  );
}
