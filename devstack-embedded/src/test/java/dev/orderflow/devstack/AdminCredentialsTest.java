package dev.orderflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminCredentialsTest {

  @TempDir Path repo;

  private DevstackOptions options() {
    return DevstackOptions.defaults(repo);
  }

  @Test
  void the_first_start_generates_a_password_only_its_owner_can_read_and_later_starts_reuse_it()
      throws Exception {
    var first = AdminCredentials.ensure(options(), Map.of());
    var second = AdminCredentials.ensure(options(), Map.of());

    assertThat(first.generated()).isTrue();
    assertThat(first.user()).isEqualTo("admin");
    assertThat(first.password()).hasSize(24);
    assertThat(second.generated()).isFalse();
    assertThat(second.password()).isEqualTo(first.password());
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(options().adminPasswordFile())))
        .isEqualTo("rw-------");
    assertThat(first.toString()).doesNotContain(first.password());
  }

  @Test
  void every_checkout_gets_its_own_password() {
    var other = DevstackOptions.defaults(repo.resolve("other"));

    assertThat(AdminCredentials.ensure(options(), Map.of()).password())
        .isNotEqualTo(AdminCredentials.ensure(other, Map.of()).password());
  }

  @Test
  void the_environment_overrides_and_a_guessable_password_is_refused_before_anything_starts() {
    var own =
        AdminCredentials.ensure(
            options(), Map.of("ADMIN_USER", "ops", "ADMIN_PASSWORD", "correct-horse-battery"));

    assertThat(own.user()).isEqualTo("ops");
    assertThat(own.password()).isEqualTo("correct-horse-battery");
    assertThat(own.generated()).isFalse();
    assertThat(options().adminPasswordFile()).doesNotExist();
    assertThatThrownBy(() -> AdminCredentials.ensure(options(), Map.of("ADMIN_PASSWORD", "admin")))
        .isInstanceOf(DevstackException.class)
        .hasMessageContaining("shared default");
    assertThatThrownBy(() ->
            AdminCredentials.ensure(
                options(), Map.of("ADMIN_USER", "ops", "ADMIN_PASSWORD", "OPS")))
        .isInstanceOf(DevstackException.class);
    assertThat(AdminCredentials.ensure(options(), Map.of("ADMIN_PASSWORD", "s3cret")).password())
        .as("any other password is honoured")
        .isEqualTo("s3cret");
  }

  @Test
  void the_commands_read_the_password_of_a_stack_that_started_and_say_so_when_none_did() {
    assertThatThrownBy(() -> AdminCredentials.of(options(), Map.of()))
        .isInstanceOf(DevstackException.class)
        .hasMessageContaining("start ./devstack first");

    var started = AdminCredentials.ensure(options(), Map.of());

    assertThat(AdminCredentials.of(options(), Map.of()).basicAuthorization())
        .isEqualTo(started.basicAuthorization())
        .startsWith("Basic ");
  }
}
