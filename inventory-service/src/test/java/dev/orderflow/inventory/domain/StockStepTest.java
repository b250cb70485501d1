package dev.orderflow.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.inventory.domain.StepOutcome.Overdrawn;
import dev.orderflow.inventory.domain.StepOutcome.Short;
import dev.orderflow.inventory.domain.StepOutcome.Superseded;
import dev.orderflow.inventory.domain.StockStep.Decision.Stop;
import dev.orderflow.inventory.domain.StockStep.Decision.Write;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class StockStepTest {

  static final String ORDER = "o-1";

  /** 10 on hand, 3 of them reserved by other orders. */
  static StockState stock(Map<String, Long> markers) {
    return new StockState(10, 3, 7, 5, markers);
  }

  static StockState unmarked() {
    return stock(Map.of());
  }

  @Nested
  class Reserving {

    @Test
    void units_available_are_reserved_and_marked_with_the_attempt() {
      assertThat(StockStep.reserve(ORDER, 1, 7).decide(unmarked()))
          .isEqualTo(new Write(-7, true, StepOutcome.DONE));
    }

    @Test
    void more_than_is_available_is_short_and_writes_nothing() {
      assertThat(StockStep.reserve(ORDER, 1, 8).decide(unmarked()))
          .isEqualTo(new Stop(new Short(7)));
    }

    @Test
    void a_sku_never_stocked_has_nothing_available() {
      assertThat(StockStep.reserve(ORDER, 1, 1).decide(null)).isEqualTo(new Stop(new Short(0)));
    }

    @Test
    void a_step_found_marked_by_its_own_attempt_is_done_already() {
      var step = StockStep.reserve(ORDER, 2, 3);

      assertThat(step.decide(stock(Map.of(step.marker(), 2L))))
          .isEqualTo(new Stop(StepOutcome.DONE));
    }

    @Test
    void a_step_marked_by_an_older_attempt_is_taken_over_without_moving_units() {
      var step = StockStep.reserve(ORDER, 3, 3);

      assertThat(step.decide(stock(Map.of(step.marker(), 1L))))
          .isEqualTo(new Write(0, true, StepOutcome.DONE));
    }

    @Test
    void a_step_marked_by_a_newer_attempt_means_this_attempt_lost() {
      var step = StockStep.reserve(ORDER, 1, 3);

      assertThat(step.decide(stock(Map.of(step.marker(), 4L))))
          .isEqualTo(new Stop(new Superseded(4)));
    }

    @Test
    void the_marker_of_another_order_changes_nothing() {
      var other = StockStep.reserve("o-2", 1, 3);

      assertThat(StockStep.reserve(ORDER, 1, 3).decide(stock(Map.of(other.marker(), 1L))))
          .isEqualTo(new Write(-3, true, StepOutcome.DONE));
    }
  }

  @Nested
  class TakingBack {

    @Test
    void an_attempt_takes_back_its_own_reservation_and_removes_the_marker() {
      var step = StockStep.unreserve(ORDER, 2, 3);

      assertThat(step.decide(stock(Map.of(step.marker(), 2L))))
          .isEqualTo(new Write(3, false, StepOutcome.DONE));
    }

    @Test
    void a_reservation_another_attempt_took_over_is_not_taken_back() {
      var step = StockStep.unreserve(ORDER, 2, 3);

      assertThat(step.decide(stock(Map.of(step.marker(), 3L))))
          .isEqualTo(new Stop(StepOutcome.NOT_MINE));
      assertThat(step.decide(unmarked())).isEqualTo(new Stop(StepOutcome.NOT_MINE));
    }

    @Test
    void a_release_is_taken_back_only_while_the_units_are_still_available() {
      var step = StockStep.unrelease(ORDER, 2, 8);

      assertThat(step.decide(stock(Map.of(step.marker(), 2L)))).isEqualTo(new Stop(new Short(7)));
      assertThat(StockStep.unrelease(ORDER, 2, 7).decide(stock(Map.of(step.marker(), 2L))))
          .isEqualTo(new Write(-7, false, StepOutcome.DONE));
    }
  }

  @Nested
  class Releasing {

    @Test
    void reserved_units_become_available_again_and_the_release_is_marked() {
      assertThat(StockStep.release(ORDER, 4, 3).decide(unmarked()))
          .isEqualTo(new Write(3, true, StepOutcome.DONE));
    }

    @Test
    void a_release_found_marked_by_its_own_attempt_is_done_already() {
      var step = StockStep.release(ORDER, 4, 3);

      assertThat(step.decide(stock(Map.of(step.marker(), 4L))))
          .isEqualTo(new Stop(StepOutcome.DONE));
    }

    @Test
    void a_release_and_a_reservation_of_the_same_order_have_their_own_markers() {
      var reserve = StockStep.reserve(ORDER, 1, 3);

      assertThat(StockStep.release(ORDER, 4, 3).decide(stock(Map.of(reserve.marker(), 1L))))
          .isEqualTo(new Write(3, true, StepOutcome.DONE));
    }

    @Test
    void releasing_more_than_is_reserved_writes_nothing() {
      assertThat(StockStep.release(ORDER, 1, 4).decide(unmarked()))
          .isEqualTo(new Stop(new Overdrawn(3)));
    }
  }

  @Test
  void order_ids_are_escaped_into_a_single_field_name() {
    assertThat(StockStep.reserve("a.b$c%d", 1, 1).marker()).isEqualTo("reserve:a%2Eb%24c%25d");
  }
}
