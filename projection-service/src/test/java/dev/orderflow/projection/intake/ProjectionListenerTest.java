package dev.orderflow.projection.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.events.Topic;
import dev.orderflow.events.Topics;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.annotation.KafkaListener;

class ProjectionListenerTest {

  @Test
  void the_read_side_listens_to_every_topic_of_the_catalogue() throws Exception {
    var listener =
        ProjectionListener.class
            .getDeclaredMethod("on", List.class)
            .getAnnotation(KafkaListener.class);

    assertThat(listener.topics())
        .containsExactlyInAnyOrderElementsOf(Topics.all().stream().map(Topic::name).toList());
  }
}
