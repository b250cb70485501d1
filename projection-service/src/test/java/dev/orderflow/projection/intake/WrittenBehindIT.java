package dev.orderflow.projection.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.platform.outbox.KafkaOutboxPublisher;
import dev.orderflow.projection.ProjectionServiceIntegrationTest;
import dev.orderflow.projection.generation.Generations;
import dev.orderflow.projection.generation.LiveProjections;
import dev.orderflow.projection.generation.ProjectionName;
import dev.orderflow.projection.order.domain.OrderHistories;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The live listener writes order views behind and commits a record's offset only once its view is
 * stored, also when no record follows it (the container's idle events).
 */
class WrittenBehindIT extends ProjectionServiceIntegrationTest {

  @Autowired KafkaOffsets offsets;
  @Autowired MongoTemplate mongo;
  @Autowired Generations generations;
  @Autowired LiveProjections live;

  @Test
  void a_records_offset_is_committed_once_its_view_is_stored_never_before() throws Exception {
    var orderId = UUID.randomUUID().toString();
    var placed = OrderHistories.placed(orderId);
    var sent =
        kafka
            .send(KafkaOutboxPublisher.recordOf("test", orderId, placed, json.write(placed)))
            .get()
            .getRecordMetadata();
    var partition = new TopicPartition(sent.topic(), sent.partition());
    var views =
        mongo.getCollection(
            ProjectionName.collection("order_views", generations.live(ProjectionName.ORDER)));
    var storedWhenCommitted = new AtomicBoolean();

    await("the record's offset committed")
        .atMost(PROJECTED)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> {
          var committed = offsets.committedOf(Set.of(partition)).getOrDefault(partition, 0L);
          // Read after the commit: stored before it, the view must be there.
          storedWhenCommitted.set(views.countDocuments(new Document("_id", orderId)) == 1);
          return committed > sent.offset();
        });

    assertThat(storedWhenCommitted).as("the view stored when its offset was committed").isTrue();
    assertThat(live.allFlushed()).isTrue();
    awaitOrderView(orderId, "the order readable", view -> true);
  }
}
