package dev.orderflow.systemtest.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * .env.example documents every knob of docker-compose.yml, nothing else, and shows the values that
 * apply without a .env, so that copying it changes nothing until the user edits it.
 */
class EnvExampleTest {

  private final ComposeFile compose = ComposeFile.load();
  private final EnvExample example = EnvExample.load();

  @Test
  void every_variable_compose_reads_is_documented() {
    assertThat(example.mentioned()).containsAll(compose.variablesUsed());
  }

  @Test
  void every_documented_variable_is_read_by_compose() {
    assertThat(example.mentioned())
        .filteredOn(variable -> !variable.startsWith("COMPOSE_"))
        .isSubsetOf(compose.variablesUsed());
  }

  @Test
  void the_values_shown_are_the_defaults_of_compose() {
    var text = Repository.read(Repository.composeFile());
    example
        .values()
        .forEach((variable, value) -> {
          if (text.contains("${" + variable + ":?")) {
            assertThat(value).as(variable + " has no default, so none is shown").isEmpty();
            return;
          }
          var defaults =
              Pattern.compile("\\$\\{" + variable + ":-([^}]*)}")
                  .matcher(text)
                  .results()
                  .map(match -> match.group(1))
                  .distinct()
                  .toList();
          assertThat(defaults).as(variable).containsExactly(value);
        });
  }

  @Test
  void credentials_in_env_stay_out_of_git() {
    assertThat(Repository.read(".gitignore").lines()).contains(".env");
  }
}
