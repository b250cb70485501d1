// Stock levels per sku from projection-service's stock read model (GET /api/stock), kept current by
// the live stream's `stock` events. A sku whose levels just changed is marked for a moment.

import { byId, el } from './dom.js';
import { call } from './http.js';
import { foldStock } from './model.js';

export class StockTable {
  constructor() {
    this.levels = new Map(); // sku -> {sku, onHand, reserved, available, version}
    this.tbody = byId('stock-rows');
    this.message = byId('stock-message');
    this.skus = byId('known-skus');
  }

  /** Loads every sku's levels; a service that does not answer is said in the table's place. */
  async load() {
    try {
      const { body } = await call('projection', '/api/stock?size=1000&sort=sku,asc');
      this.levels = new Map(body.map((row) => [row.sku, { ...row, version: null }]));
      this.message.textContent = body.length
        ? ''
        : 'No stock yet: set some with inventory-service (PUT /api/stock/{sku}).';
      this.render();
    } catch (error) {
      this.message.textContent = `Stock not loaded: ${error.message}`;
    }
  }

  apply(change) {
    const before = this.levels.get(change.sku);
    const after = foldStock(before, change);
    if (after === before) {
      return;
    }
    this.levels.set(change.sku, after);
    if (!before) {
      this.render();
    } else {
      this.fill(this.tbody.querySelector(`tr[data-sku="${CSS.escape(change.sku)}"]`), after);
    }
    this.flash(change.sku);
  }

  render() {
    const skus = [...this.levels.keys()].sort();
    this.tbody.replaceChildren(...skus.map((sku) => this.row(this.levels.get(sku))));
    this.skus.replaceChildren(...skus.map((sku) => el('option', { value: sku })));
  }

  row(level) {
    const row = el(
      'tr',
      { dataset: { sku: level.sku } },
      el('th', { scope: 'row', text: level.sku }),
      el('td', { class: 'number', dataset: { cell: 'onHand' } }),
      el('td', { class: 'number', dataset: { cell: 'reserved' } }),
      el('td', { class: 'number', dataset: { cell: 'available' } }),
    );
    this.fill(row, level);
    return row;
  }

  fill(row, level) {
    if (!row) {
      return;
    }
    row.dataset.available = String(level.available);
    row.querySelector('[data-cell="onHand"]').textContent = String(level.onHand);
    row.querySelector('[data-cell="reserved"]').textContent = String(level.reserved);
    // "none left" in words, not only in the cell's colour.
    row.querySelector('[data-cell="available"]').textContent =
      level.available > 0 ? String(level.available) : `${level.available} (none left)`;
  }

  flash(sku) {
    const row = this.tbody.querySelector(`tr[data-sku="${CSS.escape(sku)}"]`);
    if (row) {
      row.classList.remove('changed');
      void row.offsetWidth; // Restarts the CSS animation of a row changed again.
      row.classList.add('changed');
    }
  }
}
