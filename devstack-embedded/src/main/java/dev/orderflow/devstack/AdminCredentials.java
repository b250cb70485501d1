package dev.orderflow.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The admin of the services a stack runs (HTTP Basic on {@code /api/admin/**} and on the health
 * details). There is no default password: {@code ADMIN_USER} and {@code ADMIN_PASSWORD} from the
 * environment when set, otherwise user {@code admin} and a password generated on the stack's first
 * start, kept in {@code <dataDir>/admin-password} (readable by its owner only, kept by {@code
 * --fresh}).
 *
 * @param user the admin's user name
 * @param password the admin's password
 * @param generated whether this start generated the password: {@code ./devstack} prints it then
 */
public record AdminCredentials(String user, String password, boolean generated) {

  static final String USER_VARIABLE = "ADMIN_USER";
  static final String PASSWORD_VARIABLE = "ADMIN_PASSWORD";
  static final String DEFAULT_USER = "admin";

  /**
   * The shared defaults the services refuse to start with (the platform's {@code AdminProperties}),
   * refused here before anything starts.
   */
  static final Set<String> SHARED_DEFAULTS =
      Set.of("admin", "administrator", "password", "changeme", "secret", "orderflow", "123456");

  private static final SecureRandom RANDOM = new SecureRandom();

  @Override
  public String toString() {
    return "AdminCredentials[user=" + user + ", password=<hidden>]";
  }

  /** The {@code Authorization} header's value: {@code Basic <base64 of user:password>}. */
  public String basicAuthorization() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The credentials a stack with {@code options} uses, the password generated and written down if
   * it has none yet.
   *
   * @throws DevstackException if {@code ADMIN_PASSWORD} is one the services would refuse
   */
  static AdminCredentials ensure(DevstackOptions options, Map<String, String> environment) {
    var user = user(environment);
    var given = environment.get(PASSWORD_VARIABLE);
    if (given != null && !given.isEmpty()) {
      return new AdminCredentials(user, checked(user, given), false);
    }
    var file = options.adminPasswordFile();
    if (Files.isRegularFile(file)) {
      return new AdminCredentials(user, read(file), false);
    }
    var password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(18));
    try {
      Files.createDirectories(file.getParent());
      write(file, password);
      return new AdminCredentials(user, password, true);
    } catch (FileAlreadyExistsException e) {
      // Another start wrote it first.
      return new AdminCredentials(user, read(file), false);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the admin password to " + file, e);
    }
  }

  /**
   * The credentials of a stack already started, for the commands that call its admin API ({@code
   * ./devstack dlt}).
   *
   * @throws DevstackException if there are none: the stack never started
   */
  static AdminCredentials of(DevstackOptions options, Map<String, String> environment) {
    var user = user(environment);
    var given = environment.get(PASSWORD_VARIABLE);
    if (given != null && !given.isEmpty()) {
      return new AdminCredentials(user, given, false);
    }
    var file = options.adminPasswordFile();
    if (!Files.isRegularFile(file)) {
      throw new DevstackException(
          "No admin password in " + file + ": start ./devstack first, or set ADMIN_PASSWORD");
    }
    return new AdminCredentials(user, read(file), false);
  }

  private static String user(Map<String, String> environment) {
    var user = environment.get(USER_VARIABLE);
    return user == null || user.isBlank() ? DEFAULT_USER : user;
  }

  private static String checked(String user, String password) {
    if (SHARED_DEFAULTS.contains(password.toLowerCase(Locale.ROOT))
        || password.equalsIgnoreCase(user)) {
      throw new DevstackException(
          "ADMIN_PASSWORD is a shared default anyone would guess, and the services refuse it:"
              + " choose your own, or unset it to have ./devstack generate one");
    }
    return password;
  }

  private static byte[] bytes(int count) {
    var bytes = new byte[count];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static void write(Path file, String password) throws IOException {
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    }
    Files.writeString(file, password + "\n");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the admin password from " + file, e);
    }
  }
}
