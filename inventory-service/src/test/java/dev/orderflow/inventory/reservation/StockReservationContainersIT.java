package dev.orderflow.inventory.reservation;

import dev.orderflow.devstack.ContainerImages;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The saga scenarios on the real Kafka and MongoDB images that {@code docker compose} runs: the
 * compare-and-set filters and the escaped marker fields on a real {@code mongod}. Skipped where
 * there is no Docker engine; the embedded variant covers the same ground there.
 */
@Testcontainers(disabledWithoutDocker = true)
class StockReservationContainersIT extends StockReservationScenarios {

  @Container @ServiceConnection
  static final KafkaContainer kafka = new KafkaContainer(ContainerImages.KAFKA);

  @Container @ServiceConnection
  static final MongoDBContainer mongo = new MongoDBContainer(ContainerImages.MONGO);
}
