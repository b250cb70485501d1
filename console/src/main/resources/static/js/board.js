// The live board: every order seen on the stream since the page opened, its state, the reason of a
// rejection, and counters per state. Rows are updated in place (never rebuilt), so a button that
// has the keyboard focus keeps it while orders move.

import { byId, coalesce, el, formatTime, statusBadge } from './dom.js';
import {
  STATUSES,
  StatusCounts,
  foldOrderChange,
  foldOrderView,
  isCancellable,
  isFinal,
  ordersToForget,
  rejectionReason,
} from './model.js';

/**
 * Orders remembered whole (for their rows, reloads and the sweep of quiet ones); past it the
 * oldest are forgotten, FORGET_BATCH at a time so that the sort is rare. The counters keep only
 * a state per order, for many more (StatusCounts). The board shows the newest SHOWN.
 */
const REMEMBERED = 5000;
const FORGET_BATCH = 500;
const COUNTED = 200000;
const SHOWN = 50;

export class Board {
  /** @param actions `open(orderId)` (its story), `cancel(orderId)` */
  constructor(actions) {
    this.actions = actions;
    this.orders = new Map();
    this.counts = new StatusCounts(COUNTED);
    this.rows = new Map(); // orderId -> <tr>, newest first in the table
    this.tbody = byId('board-rows');
    this.empty = byId('board-empty');
    // Counting every order is cheap, but not at every event of a busy stream.
    this.renderCounters = coalesce(() => this.countNow(), 200);
  }

  /** Folds an `order` event in; answers the order before and after, for the chart. */
  applyChange(change, now) {
    const before = this.orders.get(change.orderId);
    const after = foldOrderChange(before, change, now);
    this.store(after);
    return { before, after };
  }

  /** Folds a reloaded view (GET /api/orders/{id}) in. */
  applyView(view, now) {
    this.store(foldOrderView(this.orders.get(view.orderId), view, now));
  }

  /** Orders not decided yet whose last news is older than `ms`: their news may have been missed. */
  quietOpenOrders(now, ms) {
    return [...this.orders.values()].filter(
      (order) => order.status !== null && !isFinal(order.status) && now - order.updatedAt > ms,
    );
  }

  /** Orders not final yet: after a reset, reload their views. */
  openOrders() {
    return [...this.orders.values()].filter((order) => !isFinal(order.status));
  }

  store(order) {
    this.orders.set(order.orderId, order);
    this.counts.record(order.orderId, order.status);
    if (this.orders.size > REMEMBERED) {
      const keep = REMEMBERED - FORGET_BATCH;
      ordersToForget(this.orders.values(), keep).forEach((id) => this.orders.delete(id));
    }
    this.renderRow(order);
    this.renderCounters();
  }

  renderRow(order) {
    if (order.status === null) {
      return; // Only a timeline so far: no order to show until its OrderPlaced.
    }
    let row = this.rows.get(order.orderId);
    if (!row) {
      row = this.newRow(order.orderId);
      this.tbody.prepend(row);
      this.rows.set(order.orderId, row);
      this.dropOldestRow();
      this.empty.hidden = true;
    }
    fillRow(row, order);
  }

  newRow(orderId) {
    const open = el('button', {
      type: 'button',
      class: 'link',
      dataset: { action: 'open' },
      'aria-label': `Open the story of order ${orderId}`,
      title: orderId,
      // The start of the id tells orders apart on the board; the story shows it whole.
      text: orderId.length > 12 ? `${orderId.slice(0, 8)}…` : orderId,
      onclick: () => this.actions.open(orderId),
    });
    const cancel = el('button', {
      type: 'button',
      dataset: { action: 'cancel' },
      'aria-label': `Cancel order ${orderId}`,
      text: 'Cancel',
      onclick: () => this.actions.cancel(orderId),
    });
    return el(
      'tr',
      { dataset: { orderId } },
      el('th', { scope: 'row', class: 'order-id' }, open),
      el('td', { dataset: { cell: 'customer' } }),
      el('td', { dataset: { cell: 'status' } }),
      el('td', { dataset: { cell: 'reason' } }),
      el('td', { dataset: { cell: 'last-event' } }),
      el('td', { dataset: { cell: 'updated' } }),
      el('td', { class: 'actions' }, cancel),
    );
  }

  dropOldestRow() {
    while (this.rows.size > SHOWN) {
      const oldest = this.tbody.lastElementChild;
      this.rows.delete(oldest.dataset.orderId);
      oldest.remove();
    }
  }

  countNow() {
    const counts = this.counts.snapshot();
    for (const status of STATUSES) {
      byId(`count-${status.toLowerCase()}`).textContent = String(counts[status]);
    }
  }
}

function fillRow(row, order) {
  row.dataset.status = order.status;
  const cell = (name) => row.querySelector(`[data-cell="${name}"]`);
  cell('customer').textContent = order.customerId ?? '—';
  cell('status').replaceChildren(statusBadge(order.status));
  cell('reason').textContent = reasonText(order);
  cell('last-event').textContent = order.lastCause ?? '—';
  cell('updated').textContent = formatTime(order.updatedAt);
  row.querySelector('[data-action="cancel"]').hidden = !isCancellable(order.status);
}

function reasonText(order) {
  if (order.status !== 'REJECTED') {
    return '';
  }
  return rejectionReason(order.status, order.reason) ?? 'looking it up…';
}
