package dev.orderflow.projection.rebuild;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

import dev.orderflow.projection.generation.ControlDocument;
import dev.orderflow.projection.generation.ControlDocument.Building;
import dev.orderflow.projection.generation.GenerationControl;
import dev.orderflow.projection.generation.Generations;
import dev.orderflow.projection.generation.ProjectionName;
import dev.orderflow.projection.intake.LiveIntake;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The watch of the control documents, with the store and the listener faked: no Kafka, no Mongo.
 */
class SwitchWatchTest {

  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  static final String TOKEN = "order-g2-abcd1234";

  final Generations generations = mock(Generations.class);
  final GenerationControl control = mock(GenerationControl.class);
  final LiveIntake intake = mock(LiveIntake.class);
  final AtomicLong nanos = new AtomicLong();
  final SwitchWatch watch = new SwitchWatch(generations, intake, nanos::get);

  final ControlDocument pausing =
      new ControlDocument(
          ProjectionName.ORDER, 1, new Building(2, "other/1", T0, T0, 1.0, TOKEN), 7);

  @BeforeEach
  void listener() {
    given(generations.control()).willReturn(control);
    var read = new EnumMap<ProjectionName, ControlDocument>(ProjectionName.class);
    read.put(ProjectionName.ORDER, pausing);
    given(generations.refresh()).willReturn(read);
    given(intake.members()).willReturn(Set.of("member-a"));
    given(intake.standsStill()).willReturn(true);
  }

  @Test
  void a_request_whose_clearing_write_fails_still_stands_and_the_listener_stays_held() {
    watch.watch();
    then(intake).should().hold();
    then(control).should().acknowledgePause(ProjectionName.ORDER, TOKEN, Set.of("member-a"));
    given(intake.held()).willReturn(true);

    nanos.addAndGet(Building.ABANDONED_AFTER.plusSeconds(1).toNanos());
    given(control.replace(any(), any())).willReturn(false);
    watch.watch();

    then(intake).should(never()).release();
    then(control).should(never()).withdrawPause(any(), any());
  }

  @Test
  void fencing_an_abandoned_request_off_withdraws_the_acknowledgement_before_resuming() {
    watch.watch();
    given(intake.held()).willReturn(true);

    nanos.addAndGet(Building.ABANDONED_AFTER.plusSeconds(1).toNanos());
    given(control.replace(eq(pausing), any())).willReturn(true);
    watch.watch();

    var inOrder = org.mockito.Mockito.inOrder(control, intake);
    inOrder.verify(control).withdrawPause(TOKEN, Set.of("member-a"));
    inOrder.verify(intake).release();
  }

  @Test
  void a_listener_not_yet_standing_still_is_not_resumed() {
    given(generations.refresh()).willReturn(new EnumMap<>(ProjectionName.class));
    given(intake.held()).willReturn(true);
    given(intake.standsStill()).willReturn(false);

    watch.watch();

    then(intake).should(never()).release();
  }
}
