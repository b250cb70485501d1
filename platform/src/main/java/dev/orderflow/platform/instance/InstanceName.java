package dev.orderflow.platform.instance;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * This process's name among the instances of its service: {@code orderflow.instance.name} when set,
 * else its host name and port, so two instances on one machine differ by port, two containers by
 * host name, and an instance restarted in place keeps its name. The host name is {@code HOSTNAME}
 * when the environment has it (a container's), else the one the system resolves (a shell does not
 * export {@code HOSTNAME}); the port is {@code server.port}, or the one the web server bound when
 * that is {@code 0}: until then the name is not {@linkplain #resolved() resolved}.
 */
public final class InstanceName {

  private final String host;
  private volatile @Nullable String value;

  /** A name known now. */
  public InstanceName(String value) {
    this(checked(value), value);
  }

  private InstanceName(String host, @Nullable String value) {
    this.host = host;
    this.value = value;
  }

  private static String checked(String value) {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("orderflow.instance.name must not be blank");
    }
    return value;
  }

  /**
   * The name of this process: {@code configured} if not blank, else host and {@code port}; a port
   * of 0 (any free one) is taken later from {@link #portBound}.
   */
  public static InstanceName of(String configured, @Nullable String hostVariable, int port) {
    if (!configured.isBlank()) {
      return new InstanceName(configured.strip());
    }
    var host = hostVariable == null || hostVariable.isBlank() ? localHost() : hostVariable.strip();
    return port == 0 ? new InstanceName(host, null) : new InstanceName(host + ":" + port);
  }

  private static String localHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  /** The web server bound {@code port}: completes a name that waited for it. */
  public void portBound(int port) {
    if (value == null) {
      value = host + ":" + port;
    }
  }

  /** True once the name is known (always, unless it waits for the web server's port). */
  public boolean resolved() {
    return value != null;
  }

  /** The name; before it is resolved, the host with port {@code 0}. */
  public String value() {
    var name = value;
    return name == null ? host + ":0" : name;
  }

  @Override
  public String toString() {
    return value();
  }
}
