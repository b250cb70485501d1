package dev.orderflow.systemtest.compose;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A compose file as Docker Compose reads it: YAML with anchors and merge keys resolved, then every
 * string value interpolated from an environment ({@code ${VAR}}, {@code ${VAR:-default}}, {@code
 * ${VAR-default}}, {@code ${VAR:?error}}, {@code $VAR}, and {@code $$} for a literal dollar). An
 * empty environment is a fresh clone without {@code .env}: the defaults written in the file apply.
 */
final class ComposeFile {

  private static final Pattern VARIABLE =
      Pattern.compile(
          "\\$(?:(\\$)|\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?}|([A-Za-z_][A-Za-z0-9_]*))");

  private final Map<String, Object> document;
  private final Set<String> variablesUsed;

  private ComposeFile(Map<String, Object> document, Set<String> variablesUsed) {
    this.document = document;
    this.variablesUsed = variablesUsed;
  }

  /**
   * What a user must put in {@code .env} before {@code docker compose up}: the admin password,
   * which has no default.
   */
  static final Map<String, String> REQUIRED = Map.of("ADMIN_PASSWORD", "a-password-of-my-own");

  /**
   * The repository's {@code docker-compose.yml} as a fresh clone sees it once the user has set what
   * is {@link #REQUIRED}.
   */
  static ComposeFile load() {
    return load(Repository.composeFile(), REQUIRED);
  }

  static ComposeFile load(Path file, Map<String, String> environment) {
    return parse(Repository.read(file), environment);
  }

  static ComposeFile parse(String yaml, Map<String, String> environment) {
    Object raw = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    if (!(raw instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("A compose file is a mapping at the top");
    }
    var used = new LinkedHashSet<String>();
    @SuppressWarnings("unchecked")
    var document = (Map<String, Object>) interpolate(map, environment, used);
    return new ComposeFile(document, used);
  }

  Set<String> topLevelKeys() {
    return document.keySet();
  }

  /** Every service, whatever its profiles. */
  Map<String, ComposeService> services() {
    var services = new LinkedHashMap<String, ComposeService>();
    asMap(document.get("services"))
        .forEach(
            (name, definition) -> services.put(name, new ComposeService(name, asMap(definition))));
    return services;
  }

  /** The services {@code docker compose up} starts with these profiles active. */
  Map<String, ComposeService> servicesStartedWith(Set<String> activeProfiles) {
    var started = new LinkedHashMap<String, ComposeService>();
    services()
        .forEach((name, service) -> {
          var profiles = service.profiles();
          if (profiles.isEmpty() || profiles.stream().anyMatch(activeProfiles::contains)) {
            started.put(name, service);
          }
        });
    return started;
  }

  ComposeService service(String name) {
    var service = services().get(name);
    if (service == null) {
      throw new IllegalArgumentException("No service " + name + " in the compose file");
    }
    return service;
  }

  /** Names of the top-level volumes. */
  Set<String> namedVolumes() {
    return asMap(document.get("volumes")).keySet();
  }

  /** Every variable the file interpolates. */
  Set<String> variablesUsed() {
    return variablesUsed;
  }

  private static Object interpolate(
      Object value, Map<String, String> environment, Set<String> used) {
    return switch (value) {
      case String text -> interpolate(text, environment, used);
      case Map<?, ?> map -> {
        var result = new LinkedHashMap<String, Object>();
        map.forEach(
            (key, item) -> result.put(String.valueOf(key), interpolate(item, environment, used)));
        yield result;
      }
      case List<?> list -> {
        var result = new ArrayList<Object>();
        list.forEach(item -> result.add(interpolate(item, environment, used)));
        yield result;
      }
      case null -> null;
      default -> value;
    };
  }

  static String interpolate(String text, Map<String, String> environment, Set<String> used) {
    Matcher matcher = VARIABLE.matcher(text);
    var result = new StringBuilder();
    while (matcher.find()) {
      String replacement;
      if (matcher.group(1) != null) {
        replacement = "$";
      } else {
        String name = matcher.group(2) != null ? matcher.group(2) : matcher.group(5);
        used.add(name);
        replacement = resolve(name, matcher.group(3), matcher.group(4), environment);
      }
      matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(result);
    return result.toString();
  }

  private static String resolve(
      String name, String operator, String argument, Map<String, String> environment) {
    String value = environment.get(name);
    boolean set = value != null;
    boolean nonEmpty = set && !value.isEmpty();
    if (operator == null) {
      return set ? value : "";
    }
    return switch (operator) {
      case ":-" -> nonEmpty ? value : argument;
      case "-" -> set ? value : argument;
      case ":+" -> nonEmpty ? argument : "";
      case "+" -> set ? argument : "";
      case ":?", "?" -> {
        if (operator.equals(":?") ? !nonEmpty : !set) {
          throw new IllegalArgumentException("Required variable " + name + ": " + argument);
        }
        yield value;
      }
      default -> throw new IllegalArgumentException("Unknown interpolation " + operator);
    };
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Object value) {
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  @SuppressWarnings("unchecked")
  static List<Object> asList(Object value) {
    return value instanceof List<?> list ? (List<Object>) list : List.of();
  }
}
