// Orders placed and decided per second over the last minutes, drawn with uPlot (from its WebJar,
// loaded by index.html as the global `uPlot`), and the placed -> decided latency as text. Both
// count what this page sees on the live stream, with its own clock: the stream carries no times.

import { byId, formatMs } from './dom.js';
import { RateWindow, latencySummary, recentRate } from './model.js';

const WINDOW_SECONDS = 180;
const LATENCIES_KEPT = 200;
const HEIGHT = 180;

export class RateChart {
  constructor() {
    this.rates = new RateWindow(WINDOW_SECONDS);
    this.latencies = [];
    this.container = byId('rate-chart');
    this.summary = byId('rates');
    this.latency = byId('latency');
    this.plot = this.createPlot();
  }

  /** Counts what one order change showed: a placement, a decision and its latency. */
  record({ placed, decided }, latencyMs, now) {
    if (placed) {
      this.rates.count('placed', now);
    }
    if (decided) {
      this.rates.count('decided', now);
    }
    if (latencyMs !== null) {
      this.latencies.push(latencyMs);
      this.latencies.splice(0, this.latencies.length - LATENCIES_KEPT);
    }
  }

  /** Redraws every second, so the time axis moves on a quiet stream too. */
  start() {
    this.draw();
    setInterval(() => this.draw(), 1000);
  }

  draw() {
    const data = this.rates.series(Date.now());
    this.plot?.setData(data);
    const placed = recentRate(data[1], 10).toFixed(1);
    const decided = recentRate(data[2], 10).toFixed(1);
    this.summary.textContent = `Last 10 s: ${placed} placed/s, ${decided} decided/s.`;
    const { count, p50, p95 } = latencySummary(this.latencies);
    this.latency.textContent = count
      ? `Placed → decided: median ${formatMs(p50)}, p95 ${formatMs(p95)}` +
        ` (last ${count} decisions seen).`
      : 'Placed → decided: no decision seen yet.';
  }

  createPlot() {
    const UPlot = globalThis.uPlot;
    if (typeof UPlot !== 'function') {
      this.container.textContent =
        'The chart library (uPlot) did not load; the figures below still count.';
      return null;
    }
    const plot = new UPlot(
      {
        width: this.container.clientWidth || 600,
        height: HEIGHT,
        scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, max)] } },
        axes: [{}, { label: 'orders/s' }],
        legend: { show: false }, // The figure's caption says which line is which.
        series: [
          {},
          // Told apart by the line's style as well as its colour.
          { label: 'placed/s', stroke: '#1d4ed8', width: 2 },
          { label: 'decided/s', stroke: '#047857', width: 2, dash: [6, 4] },
        ],
      },
      this.rates.series(Date.now()),
      this.container,
    );
    new ResizeObserver(() => {
      plot.setSize({ width: this.container.clientWidth, height: HEIGHT });
    }).observe(this.container);
    return plot;
  }
}
