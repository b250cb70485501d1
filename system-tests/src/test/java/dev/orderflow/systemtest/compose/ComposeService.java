package dev.orderflow.systemtest.compose;

import static dev.orderflow.systemtest.compose.ComposeFile.asList;
import static dev.orderflow.systemtest.compose.ComposeFile.asMap;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/** One service of a compose file, after interpolation, with its settings in the forms we check. */
record ComposeService(String name, Map<String, Object> definition) {

  /** The web console's module, built like the services, but needing neither Kafka nor MongoDB. */
  static final String CONSOLE = "console";

  private static final Pattern MEMORY = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([bkmg]?)b?");

  /** A port published on the host; {@code hostPort} is empty when Docker picks a free one. */
  record PublishedPort(String hostIp, String hostPort, int containerPort) {

    boolean fixedOnHost() {
      return !hostPort.isEmpty();
    }
  }

  /** A volume of the service: a bind mount of a host path, or a named volume. */
  record Mount(String source, String target, boolean bind) {}

  String image() {
    return (String) definition.get("image");
  }

  boolean isBuilt() {
    return definition.containsKey("build");
  }

  String buildContext() {
    var build = definition.get("build");
    return build instanceof String context
        ? context
        : (String) asMap(build).getOrDefault("context", ".");
  }

  String dockerfile() {
    return (String) asMap(definition.get("build")).getOrDefault("dockerfile", "Dockerfile");
  }

  Map<String, String> buildArgs() {
    return keyValues(asMap(definition.get("build")).get("args"));
  }

  /**
   * The Maven module an orderflow service image is built from (build argument SERVICE), or null.
   */
  String module() {
    return buildArgs().get("SERVICE");
  }

  /**
   * One of the four orderflow services or the console: an application built from the repository's
   * Dockerfile.
   */
  boolean isOrderflowService() {
    return isBuilt() && module() != null;
  }

  /** One of the four services of the saga, which work on Kafka and MongoDB; not the console. */
  boolean isSagaService() {
    return isOrderflowService() && !CONSOLE.equals(module());
  }

  /** The HTTP port an orderflow service listens on: SERVER_PORT, else the image's SERVICE_PORT. */
  OptionalInt httpPort() {
    var port = environment().getOrDefault("SERVER_PORT", buildArgs().get("SERVICE_PORT"));
    return port == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(port.trim()));
  }

  Map<String, String> environment() {
    return keyValues(definition.get("environment"));
  }

  List<String> profiles() {
    return asList(definition.get("profiles")).stream().map(String::valueOf).toList();
  }

  String containerName() {
    return (String) definition.get("container_name");
  }

  /** mem_limit, else deploy.resources.limits.memory, in bytes. */
  OptionalLong memoryLimitBytes() {
    Object limit = definition.get("mem_limit");
    if (limit == null) {
      limit =
          asMap(asMap(asMap(definition.get("deploy")).get("resources")).get("limits"))
              .get("memory");
    }
    return limit == null ? OptionalLong.empty() : OptionalLong.of(bytes(String.valueOf(limit)));
  }

  /** The health check's command, CMD-SHELL form for a plain string; empty when there is none. */
  List<String> healthcheckTest() {
    var healthcheck = asMap(definition.get("healthcheck"));
    if (Boolean.TRUE.equals(healthcheck.get("disable"))) {
      return List.of();
    }
    Object test = healthcheck.get("test");
    if (test instanceof String shell) {
      return List.of("CMD-SHELL", shell);
    }
    return asList(test).stream().map(String::valueOf).toList();
  }

  /** Services this one depends on, with the condition it waits for. */
  Map<String, String> dependsOn() {
    var conditions = new LinkedHashMap<String, String>();
    Object dependsOn = definition.get("depends_on");
    if (dependsOn instanceof List<?> names) {
      names.forEach(name -> conditions.put(String.valueOf(name), "service_started"));
    } else {
      asMap(dependsOn)
          .forEach((name, settings) ->
              conditions.put(
                  name,
                  String.valueOf(asMap(settings).getOrDefault("condition", "service_started"))));
    }
    return conditions;
  }

  List<PublishedPort> ports() {
    var ports = new ArrayList<PublishedPort>();
    for (Object port : asList(definition.get("ports"))) {
      if (port instanceof Map<?, ?> longSyntax) {
        var settings = asMap(longSyntax);
        ports.add(
            new PublishedPort(
                String.valueOf(settings.getOrDefault("host_ip", "")),
                settings.get("published") == null ? "" : String.valueOf(settings.get("published")),
                Integer.parseInt(String.valueOf(settings.get("target")))));
      } else {
        ports.add(shortSyntaxPort(String.valueOf(port)));
      }
    }
    return ports;
  }

  List<Mount> mounts() {
    var mounts = new ArrayList<Mount>();
    for (Object volume : asList(definition.get("volumes"))) {
      if (volume instanceof Map<?, ?> longSyntax) {
        var settings = asMap(longSyntax);
        mounts.add(
            new Mount(
                String.valueOf(settings.get("source")),
                String.valueOf(settings.get("target")),
                "bind".equals(settings.get("type"))));
      } else {
        String[] parts = String.valueOf(volume).split(":");
        String source = parts[0];
        boolean bind = source.startsWith(".") || source.startsWith("/") || source.startsWith("~");
        mounts.add(new Mount(source, parts.length > 1 ? parts[1] : source, bind));
      }
    }
    return mounts;
  }

  /** The command as a list of arguments. */
  List<String> command() {
    Object command = definition.get("command");
    if (command instanceof String line) {
      return List.of(line.trim().split("\\s+"));
    }
    return asList(command).stream().map(String::valueOf).toList();
  }

  private static PublishedPort shortSyntaxPort(String port) {
    String withoutProtocol = port.contains("/") ? port.substring(0, port.indexOf('/')) : port;
    String[] parts = withoutProtocol.split(":", -1);
    return switch (parts.length) {
      case 1 -> new PublishedPort("", "", Integer.parseInt(parts[0]));
      case 2 -> new PublishedPort("", parts[0], Integer.parseInt(parts[1]));
      case 3 -> new PublishedPort(parts[0], parts[1], Integer.parseInt(parts[2]));
      default -> throw new IllegalArgumentException("Cannot read the port " + port);
    };
  }

  /** Compose's byte values: a number of bytes, or one with the unit b, k, m or g (kb, mb, gb). */
  static long bytes(String value) {
    var matcher = MEMORY.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new IllegalArgumentException("Not a byte value: " + value);
    }
    long unit =
        switch (matcher.group(2)) {
          case "k" -> 1L << 10;
          case "m" -> 1L << 20;
          case "g" -> 1L << 30;
          default -> 1L;
        };
    return new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(unit)).longValue();
  }

  /** A mapping, or a list of KEY=VALUE, as compose accepts for environment and build args. */
  private static Map<String, String> keyValues(Object value) {
    var result = new LinkedHashMap<String, String>();
    if (value instanceof List<?> entries) {
      for (Object entry : entries) {
        String text = String.valueOf(entry);
        int equals = text.indexOf('=');
        result.put(
            equals < 0 ? text : text.substring(0, equals),
            equals < 0 ? "" : text.substring(equals + 1));
      }
    } else {
      asMap(value)
          .forEach((key, item) -> result.put(key, item == null ? "" : String.valueOf(item)));
    }
    return result;
  }
}
