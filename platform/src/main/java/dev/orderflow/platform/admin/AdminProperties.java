package dev.orderflow.platform.admin;

import java.util.Locale;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call {@code /api/admin/**} and see the health endpoint's details. Taken from {@code
 * ADMIN_USER} and {@code ADMIN_PASSWORD} (see {@code orderflow-defaults.properties}); when either
 * is empty, every admin request is refused. A password so much software ships with that it is the
 * first one guessed ({@code admin}, {@code password}, {@code changeme}, ..., or the user name:
 * {@code admin}/{@code admin}) stops the service from starting: better no admin API than one open
 * to the network with it. Any other password is honoured as it is.
 */
@ConfigurationProperties("orderflow.admin")
public record AdminProperties(@DefaultValue("") String user, @DefaultValue("") String password) {

  /** Passwords shipped as defaults by so much software that they are the first ones guessed. */
  static final Set<String> SHARED_DEFAULTS =
      Set.of("admin", "administrator", "password", "changeme", "secret", "orderflow", "123456");

  public AdminProperties {
    if (!password.isEmpty()
        && (SHARED_DEFAULTS.contains(password.toLowerCase(Locale.ROOT))
            || password.equalsIgnoreCase(user))) {
      throw new IllegalArgumentException(
          "ADMIN_PASSWORD is a shared default anyone would guess: choose your own"
              + " (e.g. openssl rand -base64 18)");
    }
  }

  boolean configured() {
    return !user.isBlank() && !password.isBlank();
  }
}
