package dev.orderflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgumentsTest {

  private static Arguments parse(String... arguments) {
    return Arguments.parse(List.of(arguments), Set.of("fresh"), Set.of("port", "data"));
  }

  @Test
  void flags_values_and_positionals_are_told_apart() {
    var arguments = parse("kafka", "--fresh", "--port", "9092", "--data=/tmp/k");

    assertThat(arguments.positionals()).containsExactly("kafka");
    assertThat(arguments.flag("fresh")).isTrue();
    assertThat(arguments.intValue("port", 1)).isEqualTo(9092);
    assertThat(arguments.value("data")).contains("/tmp/k");
  }

  @Test
  void an_absent_value_falls_back() {
    var arguments = parse();

    assertThat(arguments.flag("fresh")).isFalse();
    assertThat(arguments.intValue("port", 27017)).isEqualTo(27017);
    assertThat(arguments.value("data")).isEmpty();
  }

  @Test
  void an_unknown_option_is_an_error() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> parse("--frsh"))
        .withMessageContaining("--frsh");
  }

  @Test
  void a_value_option_without_its_value_is_an_error() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> parse("--port"))
        .withMessageContaining("--port needs a value");
  }

  @Test
  void a_number_option_with_a_word_is_an_error() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> parse("--port", "ninety").intValue("port", 0))
        .withMessageContaining("ninety");
  }
}
