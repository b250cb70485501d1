package dev.orderflow.platform.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdminPropertiesTest {

  @ParameterizedTest
  @ValueSource(strings = {"admin", "Admin", "password", "changeme", "ops-team"})
  void a_shared_default_or_the_user_name_stops_the_service(String password) {
    assertThatThrownBy(() -> new AdminProperties("ops-team", password))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ADMIN_PASSWORD is a shared default");
  }

  @Test
  void any_other_password_is_honoured_as_it_is() {
    assertThat(new AdminProperties("admin", "s3cret").configured()).isTrue();
  }

  @Test
  void no_password_leaves_the_admin_api_closed_rather_than_stopping_the_service() {
    assertThat(new AdminProperties("", "").configured()).isFalse();
  }

  @Test
  void a_password_of_any_length_is_taken_and_checked_whole() {
    var configuration = new AdminSecurityConfiguration();
    var encoder = configuration.adminPasswordEncoder();
    // 300 bytes: bcrypt, the usual choice, refuses anything over 72.
    var password = "ü".repeat(100) + "x".repeat(100);
    var admin = new AdminProperties("ops", password);

    var stored = configuration.adminUsers(admin, encoder).loadUserByUsername("ops").getPassword();

    assertThat(encoder.matches(password, stored)).isTrue();
    assertThat(encoder.matches(password.substring(0, 72), stored)).isFalse();
    assertThat(encoder.matches(password + "y", stored)).isFalse();
  }
}
