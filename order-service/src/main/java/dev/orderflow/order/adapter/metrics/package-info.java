/**
 * The saga's business metrics, counted from what order-service stores (Micrometer, scraped by
 * Prometheus).
 */
@NullMarked
package dev.orderflow.order.adapter.metrics;

import org.jspecify.annotations.NullMarked;
