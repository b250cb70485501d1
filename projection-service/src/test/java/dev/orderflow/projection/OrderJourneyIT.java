package dev.orderflow.projection;

/** {@link OrderJourneyScenario} on the embedded Kafka broker and MongoDB server. */
class OrderJourneyIT extends ProjectionServiceIntegrationTest implements OrderJourneyScenario {}
