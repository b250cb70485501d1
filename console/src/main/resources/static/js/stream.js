// The live stream: projection-service's Server-Sent Events (GET /api/stream) through the console.
//
// Events: `order` {orderId, customerId, status, version, reason, traceId, cause}, `stock` {sku, onHand, reserved,
// available, version}, and `reset` when the server no longer remembers what came after the id the
// client resumes from. Each event's id is its offset in the changes topic, the same on every
// projection instance.
//
// Two ways to lose the connection:
// - the connection drops (the server ends a stream after 10 minutes, an instance stops): the
//   browser reconnects by itself (readyState CONNECTING), sending Last-Event-ID, and the server
//   replays what was missed, or sends `reset`;
// - the answer is not a stream (503 while projection-service is away or starting, 429 when full):
//   the browser gives up (readyState CLOSED). This page then reconnects with a growing delay, but
//   a new EventSource cannot send Last-Event-ID, so after such a reconnect it reloads its views as
//   after a `reset`.

const STREAM_URL = 'services/projection/api/stream';
const FIRST_RETRY_MS = 1000;
const LONGEST_RETRY_MS = 30000;

export class LiveStream {
  /**
   * @param handlers `onOrder(change)`, `onStock(change)`, `onReset(why)` (reload the views),
   *     `onState(state)` with state `connecting`, `live` or `reconnecting`
   */
  constructor(handlers) {
    this.handlers = handlers;
    this.source = null;
    this.retryMs = FIRST_RETRY_MS;
    this.resyncOnOpen = false;
  }

  start() {
    this.connect();
  }

  connect() {
    const source = new EventSource(STREAM_URL);
    this.source = source;
    this.handlers.onState('connecting');
    source.onopen = () => this.opened();
    source.onerror = () => this.failed(source);
    source.addEventListener('order', (event) => this.deliver(event, this.handlers.onOrder));
    source.addEventListener('stock', (event) => this.deliver(event, this.handlers.onStock));
    source.addEventListener('reset', () =>
      this.handlers.onReset('the stream no longer knows what was missed'),
    );
  }

  opened() {
    this.retryMs = FIRST_RETRY_MS;
    this.handlers.onState('live');
    if (this.resyncOnOpen) {
      this.resyncOnOpen = false;
      this.handlers.onReset('reconnected without resuming');
    }
  }

  failed(source) {
    this.handlers.onState('reconnecting');
    if (source.readyState !== EventSource.CLOSED) {
      return; // The browser is reconnecting, with Last-Event-ID.
    }
    source.close();
    this.resyncOnOpen = true;
    setTimeout(() => this.connect(), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, LONGEST_RETRY_MS);
  }

  deliver(event, handler) {
    let data;
    try {
      data = JSON.parse(event.data);
    } catch {
      return; // Not JSON: nothing this page can show.
    }
    handler(data);
  }
}
