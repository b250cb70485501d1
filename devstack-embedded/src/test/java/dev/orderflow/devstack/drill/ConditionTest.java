package dev.orderflow.devstack.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionTest {

  @Test
  void a_comparison_passes_when_a_series_satisfies_it() {
    assertThat(Condition.parse("== 1").holds(List.of(1.0))).isTrue();
    assertThat(Condition.parse("==1").holds(List.of(0.0))).isFalse();
    assertThat(Condition.parse("!= 0").holds(List.of(0.0, 3.0))).isTrue();
    assertThat(Condition.parse("> 100").holds(List.of(100.0))).isFalse();
    assertThat(Condition.parse(">= 100").holds(List.of(100.0))).isTrue();
    assertThat(Condition.parse("< 0.5").holds(List.of(0.25))).isTrue();
    assertThat(Condition.parse("<= -1").holds(List.of(-1.0))).isTrue();
    assertThat(Condition.parse("> 1e3").holds(List.of(1001.0))).isTrue();
  }

  @Test
  void a_comparison_fails_on_no_series_and_on_nan() {
    assertThat(Condition.parse("== 0").holds(List.of())).isFalse();
    assertThat(Condition.parse("!= 0").holds(List.of(Double.NaN))).isFalse();
  }

  @Test
  void absent_and_present_look_at_the_series_only() {
    assertThat(Condition.parse("absent").holds(List.of())).isTrue();
    assertThat(Condition.parse("absent").holds(List.of(0.0))).isFalse();
    assertThat(Condition.parse(" Present ").holds(List.of(0.0))).isTrue();
    assertThat(Condition.parse("present").holds(List.of())).isFalse();
  }

  @Test
  void anything_else_is_refused_naming_what_is_allowed() {
    for (var bad : List.of("", "1", "=> 1", "== one", "> 1 or < 2", "=== 1", "missing")) {
      assertThatThrownBy(() -> Condition.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("== != > >= < <=")
          .hasMessageContaining("absent or present");
    }
  }

  @Test
  void a_condition_prints_as_written() {
    assertThat(Condition.parse(">=5")).hasToString(">= 5");
    assertThat(Condition.parse("absent")).hasToString("absent");
  }
}
