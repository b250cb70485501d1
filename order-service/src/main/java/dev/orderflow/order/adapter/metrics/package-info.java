/**
 * The saga's business metrics, counted from what order-service stores (Micrometer, scraped by
 * Prometheus).
 */
package dev.orderflow.order.adapter.metrics;
