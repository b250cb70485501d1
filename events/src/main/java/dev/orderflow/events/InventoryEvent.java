package dev.orderflow.events;

/**
 * Events of inventory-service, published to {@link Topics#INVENTORY_EVENTS}: those of its two
 * aggregates, a reservation ({@link ReservationEvent}, keyed by order id: they belong to the
 * order's saga) and a sku's stock ({@link StockEvent}, keyed by sku).
 */
public sealed interface InventoryEvent extends DomainEvent permits ReservationEvent, StockEvent {}
