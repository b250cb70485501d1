// Placing an order (POST /api/orders of order-service, DESIGN.md's contract): customer, lines and
// an idempotency key, pre-filled with a random UUID and editable. The key stays after a failure,
// so sending the form again cannot place the order twice; it is renewed after a 202, so the next
// order is a new one.

import { byId, el } from './dom.js';
import { call } from './http.js';
import { randomUuid } from './ids.js';

export class PlaceOrderForm {
  /** @param options `open(orderId)` (its story) */
  constructor({ open }) {
    this.open = open;
    this.form = byId('place-order');
    this.lines = byId('order-lines');
    this.key = byId('idempotency-key');
    this.result = byId('place-result');
    this.nextLine = 1;
    this.key.value = randomUuid();
    this.addLine('SKU-1', 1, '9.99');
    byId('new-idempotency-key').addEventListener('click', () => {
      this.key.value = randomUuid();
    });
    byId('add-line').addEventListener('click', () => this.addLine('', 1, '1.00'));
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
  }

  addLine(sku, quantity, unitPrice) {
    const n = this.nextLine++;
    const input = (name, props) =>
      el('input', { id: `line-${name}-${n}`, name, required: true, ...props });
    const label = (name, text) => el('label', { for: `line-${name}-${n}`, text });
    const line = el(
      'div',
      { class: 'line', dataset: { line: String(n) } },
      label('sku', 'SKU'),
      input('sku', {
        value: sku,
        list: 'known-skus',
        pattern: '[A-Za-z0-9][A-Za-z0-9._\\-]{0,63}',
        autocomplete: 'off',
      }),
      label('quantity', 'Quantity'),
      input('quantity', { type: 'number', value: quantity, min: 1, max: 10000, step: 1 }),
      label('unitPrice', 'Unit price'),
      input('unitPrice', {
        type: 'number',
        value: unitPrice,
        min: 0,
        max: '999999999.99',
        step: '0.01',
      }),
      el('button', {
        type: 'button',
        dataset: { action: 'remove-line' },
        'aria-label': `Remove line ${n}`,
        text: 'Remove',
        onclick: () => this.removeLine(line),
      }),
    );
    this.lines.append(line);
  }

  removeLine(line) {
    if (this.lines.querySelectorAll('.line').length > 1) {
      line.remove();
      byId('add-line').focus();
    }
  }

  body() {
    const value = (line, name) => line.querySelector(`[name="${name}"]`).value;
    return {
      customerId: byId('customer-id').value.trim(),
      lines: [...this.lines.querySelectorAll('.line')].map((line) => ({
        sku: value(line, 'sku').trim(),
        quantity: Number(value(line, 'quantity')),
        unitPrice: Number(value(line, 'unitPrice')),
      })),
    };
  }

  async submit() {
    const submit = byId('place-order-submit');
    submit.disabled = true;
    try {
      const response = await call('order', '/api/orders', {
        method: 'POST',
        body: this.body(),
        headers: { 'Idempotency-Key': this.key.value },
      });
      this.accepted(response);
    } catch (error) {
      this.result.dataset.outcome = 'refused';
      this.result.replaceChildren(el('span', { class: 'problem', text: error.message }));
    } finally {
      submit.disabled = false;
    }
  }

  accepted({ status, headers, body }) {
    const replayed = headers.get('Idempotent-Replayed') === 'true';
    this.result.dataset.outcome = 'accepted';
    this.result.dataset.orderId = body.orderId;
    this.result.replaceChildren(
      `${status} Accepted: order `,
      el('button', {
        type: 'button',
        class: 'link',
        text: body.orderId,
        'aria-label': `Open the story of order ${body.orderId}`,
        onclick: () => this.open(body.orderId),
      }),
      ` is ${body.status}`,
      replayed ? ' (a replay: this idempotency key placed it before).' : '.',
    );
    this.key.value = randomUuid();
  }
}
