package dev.orderflow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Locks the wire format: each event type, built from fixed data, must serialise to exactly its
 * committed {@code approved/<Type>.approved.json}, and that file must read back to the same event.
 * A change that breaks a snapshot breaks every consumer that has not been redeployed: add a field
 * or a new type instead. To approve a new type, copy {@code target/received/<Type>.received.json}
 * to the approved folder after reviewing it.
 */
class WireFormatTest {

  private static final Path APPROVED = Path.of("src/test/resources/approved");
  private static final Path RECEIVED = Path.of("target/received");
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  static Stream<DomainEvent> events() {
    return EventFixtures.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void event_serialises_to_its_approved_snapshot(DomainEvent event) throws IOException {
    var received = JSON.writeValueAsString(event);
    var approved = APPROVED.resolve(event.type() + ".approved.json");
    if (!Files.exists(approved)) {
      Files.createDirectories(RECEIVED);
      Files.writeString(RECEIVED.resolve(event.type() + ".received.json"), received + "\n");
      fail(
          "No approved snapshot for %s; review target/received and copy it to %s",
          event.type(), APPROVED);
    }
    assertThat(JSON.readTree(received)).isEqualTo(JSON.readTree(Files.readString(approved)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void approved_snapshot_reads_back_to_the_same_event(DomainEvent event) throws IOException {
    var approved = Files.readString(APPROVED.resolve(event.type() + ".approved.json"));

    assertThat(JSON.readValue(approved, DomainEvent.class)).isEqualTo(event);
  }

  @Test
  void every_event_type_has_a_fixture() {
    assertThat(EventFixtures.all())
        .extracting(Object::getClass)
        .containsExactlyInAnyOrderElementsOf(EventTypes.all());
  }

  @Test
  void a_reader_ignores_fields_it_does_not_know() {
    var fromNewerWriter =
        """
        {"type":"OrderConfirmed","orderId":"o-1","version":2,"occurredAt":"2026-03-14T09:26:53.589Z",
         "confirmedBy":"a field added by a newer writer"}
        """;

    assertThat(JSON.readValue(fromNewerWriter, DomainEvent.class))
        .isEqualTo(new OrderEvent.OrderConfirmed("o-1", 2, EventFixtures.AT));
  }

  @Test
  void a_terminal_event_without_its_placement_is_written_without_one_as_before_it_was_added()
      throws IOException {
    var before =
        new OrderEvent.OrderCancelled(
            "o-1", 3, EventFixtures.AT, CancellationReason.CUSTOMER_REQUEST);

    var written = JSON.readTree(JSON.writeValueAsString(before));

    assertThat(written.has("placement")).isFalse();
    assertThat(JSON.readValue(written.toString(), DomainEvent.class)).isEqualTo(before);
  }

  @Test
  void a_placement_repeats_what_its_order_placed() {
    var placed = (OrderEvent.OrderPlaced) EventFixtures.all().getFirst();

    assertThat(placed.placement()).isEqualTo(EventFixtures.PLACEMENT);
  }

  @Test
  void wire_names_are_unique_and_never_java_class_names() {
    assertThat(EventTypes.all())
        .extracting(EventTypes::nameOf)
        .doesNotHaveDuplicates()
        .allSatisfy(name -> assertThat(name).doesNotContain("."));
  }
}
