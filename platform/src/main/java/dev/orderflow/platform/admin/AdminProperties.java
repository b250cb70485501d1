package dev.orderflow.platform.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call {@code /api/admin/**}. Taken from {@code ADMIN_USER} and {@code ADMIN_PASSWORD} (see
 * {@code orderflow-defaults.properties}); when either is empty, every admin request is refused.
 */
@ConfigurationProperties("orderflow.admin")
public record AdminProperties(@DefaultValue("") String user, @DefaultValue("") String password) {

  boolean configured() {
    return !user.isBlank() && !password.isBlank();
  }
}
