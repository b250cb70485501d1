package dev.orderflow.projection.generation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.projection.CountedMongo;
import dev.orderflow.projection.generation.ControlDocument.Building;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The control documents' store on the in-process MongoDB server: no Kafka, no Spring context. */
class MongoGenerationControlTest {

  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  final CountedMongo mongo = new CountedMongo();
  final MongoGenerationControl control = new MongoGenerationControl(mongo.template());

  @AfterEach
  void close() {
    mongo.close();
  }

  @Test
  void the_first_control_document_is_stored_once() {
    assertThat(control.insert(new ControlDocument(ProjectionName.ORDER, 1, null, 0))).isTrue();
    assertThat(control.insert(new ControlDocument(ProjectionName.ORDER, 2, null, 0))).isFalse();

    assertThat(control.find(ProjectionName.ORDER).orElseThrow().live()).isEqualTo(1);
    assertThat(control.find(ProjectionName.STOCK)).isEmpty();
  }

  @Test
  void a_claim_reads_back_and_a_write_on_a_stale_revision_is_refused() {
    control.insert(new ControlDocument(ProjectionName.STOCK, 3, null, 0));
    var read = control.find(ProjectionName.STOCK).orElseThrow();
    var claim = read.withBuilding(new Building(4, "host/1", T0, T0.plusSeconds(1), 0.5));

    assertThat(control.replace(read, claim)).isTrue();
    assertThat(control.replace(read, read.switchedTo(4))).isFalse();

    var stored = control.find(ProjectionName.STOCK).orElseThrow();
    assertThat(stored.building()).isEqualTo(claim.building());
    assertThat(stored.live()).isEqualTo(3);
    assertThat(stored.revision()).isEqualTo(read.revision() + 1);
  }

  @Test
  void a_control_document_from_before_shapes_were_numbered_is_shape_1_until_a_rebuild_switches() {
    mongo
        .template()
        .getCollection(MongoGenerationControl.COLLECTION)
        .insertOne(new org.bson.Document("_id", "order").append("revision", 1L).append("live", 2));

    var older = control.find(ProjectionName.ORDER).orElseThrow();
    assertThat(older.shape()).isEqualTo(1);
    assertThat(older.outdated()).isTrue();

    assertThat(control.replace(older, older.switchedTo(3))).isTrue();
    var switched = control.find(ProjectionName.ORDER).orElseThrow();
    assertThat(switched.shape()).isEqualTo(ProjectionName.ORDER.shape());
    assertThat(switched.outdated()).isFalse();
  }

  @Test
  void a_withdrawn_pause_is_taken_back_out_of_the_acknowledgements() {
    control.acknowledgePause(ProjectionName.ORDER, "t", List.of("a", "b", "c"));

    control.withdrawPause("t", List.of("b", "c", "unknown"));
    control.withdrawPause("gone", List.of("a"));

    assertThat(control.acknowledgements("t").paused()).containsExactly("a");
    assertThat(control.acknowledgements("gone").paused()).isEmpty();
  }

  @Test
  void a_rebuild_forgets_its_own_acknowledgements_and_older_ones_but_not_a_later_rebuilds() {
    control.openAcknowledgements(ProjectionName.ORDER, 4, "order-g4-crashed");
    control.acknowledgePause(ProjectionName.ORDER, "order-g4-crashed", List.of("a"));
    control.openAcknowledgements(ProjectionName.ORDER, 5, "order-g5");
    control.acknowledgePause(ProjectionName.ORDER, "order-g5", List.of("a"));
    // An instance that acknowledged after its owner forgot the request: no generation.
    control.acknowledgePause(ProjectionName.ORDER, "order-g3-late", List.of("a"));
    control.openAcknowledgements(ProjectionName.ORDER, 6, "order-g6");
    control.acknowledgePause(ProjectionName.ORDER, "order-g6", List.of("a"));
    control.openAcknowledgements(ProjectionName.STOCK, 2, "stock-g2");
    control.acknowledgePause(ProjectionName.STOCK, "stock-g2", List.of("a"));

    control.forgetAcknowledgements(ProjectionName.ORDER, 5);

    assertThat(control.acknowledgements("order-g4-crashed").paused()).isEmpty();
    assertThat(control.acknowledgements("order-g5").paused()).isEmpty();
    assertThat(control.acknowledgements("order-g3-late").paused()).isEmpty();
    assertThat(control.acknowledgements("order-g6").paused()).containsExactly("a");
    assertThat(control.acknowledgements("stock-g2").paused()).containsExactly("a");
  }
}
