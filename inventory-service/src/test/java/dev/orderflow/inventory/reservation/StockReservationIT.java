package dev.orderflow.inventory.reservation;

/** The saga scenarios on the embedded Kafka broker and MongoDB server. */
class StockReservationIT extends StockReservationScenarios {}
