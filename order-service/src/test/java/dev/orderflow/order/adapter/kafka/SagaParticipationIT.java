package dev.orderflow.order.adapter.kafka;

/** The saga scenarios on the embedded Kafka broker and MongoDB server. */
class SagaParticipationIT extends SagaParticipationScenarios {}
