package dev.orderflow.devstack.drill;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.orderflow.devstack.Infrastructure;
import dev.orderflow.devstack.Instance;
import dev.orderflow.devstack.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The drills of {@code docs/drills/}: every {@code <name>.md} but the {@code README.md} is a drill,
 * whose one fenced block with the info string {@code drill} holds its definition in YAML:
 *
 * <pre>
 * ```drill
 * title: Email outage and the circuit breaker
 * brokers: 1
 * traffic: 2
 * inject:
 *   - fault: notification-service smtp-outage
 *   - fault: inventory-service slow-consumer
 *     parameters: {delayMs: 500}
 *   - hold: inventory-service
 * expect:
 *   - name: the breaker is open
 *     query: max(resilience4j_circuitbreaker_state{name="smtp",state="open"})
 *     condition: "== 1"
 *   - alert: CircuitBreakerOpenTooLong
 *     labels: {application: notification-service}
 * ```
 * </pre>
 *
 * A key the format does not have, a missing title, a fault or part that does not exist, a bad
 * condition: each is refused with a message naming the page (and the line, where YAML knows it).
 */
public final class DrillPages {

  /** Where the pages are, in a checkout. */
  public static final String DIRECTORY = "docs/drills";

  private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final Pattern FAULT_NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final Pattern OPENING = Pattern.compile("^\\s*(```|~~~)\\s*drill\\s*$");

  private static final YAMLMapper YAML =
      YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private DrillPages() {}

  /** A page that is not a valid drill: the message names the file and what is wrong. */
  public static final class InvalidDrillException extends IllegalArgumentException {

    InvalidDrillException(Path page, String problem) {
      super(page + ": " + problem);
    }
  }

  /** The pages of {@code <repoRoot>/docs/drills/}, by name; {@code README.md} is not one. */
  public static List<Path> pages(Path repoRoot) {
    var directory = repoRoot.resolve(DIRECTORY);
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (var files = Files.list(directory)) {
      return files
          .filter(file -> file.getFileName().toString().endsWith(".md"))
          .filter(file -> !file.getFileName().toString().equals("README.md"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The drill called {@code name}.
   *
   * @throws IllegalArgumentException if there is no such page (naming those there are), or it is
   *     not a valid drill
   */
  public static Drill named(Path repoRoot, String name) {
    var page = repoRoot.resolve(DIRECTORY).resolve(name + ".md");
    if (!NAME.matcher(name).matches() || !Files.isRegularFile(page)) {
      throw new IllegalArgumentException(
          "No drill '%s': the drills are %s (./devstack drill list)"
              .formatted(
                  name,
                  pages(repoRoot).stream().map(DrillPages::nameOf).collect(Collectors.toList())));
    }
    return read(page);
  }

  /**
   * Reads one page.
   *
   * @throws InvalidDrillException if it is not a valid drill
   */
  public static Drill read(Path page) {
    try {
      return parse(page, Files.readString(page));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + page, e);
    }
  }

  /** The drill on a page with this Markdown. */
  static Drill parse(Path page, String markdown) {
    var name = nameOf(page);
    if (!NAME.matcher(name).matches()) {
      throw new InvalidDrillException(
          page, "a drill's file name is lower-case words joined by '-', e.g. email-outage.md");
    }
    var block = block(page, markdown);
    Page definition;
    try {
      definition = YAML.readValue(block.yaml(), Page.class);
    } catch (UnrecognizedPropertyException e) {
      throw new InvalidDrillException(
          page,
          "unknown key '%s'%s in the drill block (allowed there: %s)"
              .formatted(
                  e.getPropertyName(),
                  lineOfKey(e.getPropertyName(), block).orElse(line(e, block)),
                  e.getKnownPropertyIds().stream()
                      .map(String::valueOf)
                      .sorted()
                      .collect(Collectors.joining(", "))));
    } catch (JacksonException e) {
      throw new InvalidDrillException(
          page,
          "the drill block is not valid%s: %s".formatted(line(e, block), e.getOriginalMessage()));
    }
    if (definition == null) {
      throw new InvalidDrillException(page, "the drill block is empty");
    }
    try {
      return definition.toDrill(name, page);
    } catch (IllegalArgumentException e) {
      throw new InvalidDrillException(
          page, Objects.requireNonNullElse(e.getMessage(), e.toString()));
    }
  }

  private static String nameOf(Path page) {
    var file = page.getFileName().toString();
    return file.endsWith(".md") ? file.substring(0, file.length() - 3) : file;
  }

  /** The YAML of the page's one drill block, and the line of the page it starts on. */
  private record Block(String yaml, int firstLine) {}

  private static Block block(Path page, String markdown) {
    var lines = markdown.split("\\R", -1);
    var blocks = new ArrayList<Block>();
    for (int i = 0; i < lines.length; i++) {
      var opening = OPENING.matcher(lines[i]);
      if (!opening.matches()) {
        continue;
      }
      var fence = opening.group(1);
      var yaml = new StringBuilder();
      int end = i + 1;
      while (end < lines.length && !lines[end].strip().equals(fence)) {
        yaml.append(lines[end]).append('\n');
        end++;
      }
      if (end == lines.length) {
        throw new InvalidDrillException(
            page, "the drill block opened on line %d is never closed".formatted(i + 1));
      }
      blocks.add(new Block(yaml.toString(), i + 2));
      i = end;
    }
    if (blocks.size() != 1) {
      throw new InvalidDrillException(
          page,
          blocks.isEmpty()
              ? "no ```drill block (one fenced block with the info string drill holds the drill)"
              : "%d ```drill blocks; a page holds one".formatted(blocks.size()));
    }
    return blocks.getFirst();
  }

  /**
   * The line the key is written on: Jackson's location of an unknown key is where the parser
   * stopped, which may be the line after it.
   */
  private static Optional<String> lineOfKey(String key, Block block) {
    var written = Pattern.compile("^\\s*(-\\s+)?" + Pattern.quote(key) + "\\s*:");
    var lines = block.yaml().split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (written.matcher(lines[i]).find()) {
        return Optional.of(" (line " + (block.firstLine() + i) + ")");
      }
    }
    return Optional.empty();
  }

  private static String line(JacksonException e, Block block) {
    var location = e.getLocation();
    return location == null || location.getLineNr() < 1
        ? ""
        : " (line " + (block.firstLine() + location.getLineNr() - 1) + ")";
  }

  /** The block as written: every key optional here, checked in {@link #toDrill}. */
  record Page(
      @Nullable String title,
      @Nullable Integer brokers,
      @Nullable Double traffic,
      @Nullable List<Step> inject,
      @Nullable List<Check> expect) {

    Drill toDrill(String name, Path page) {
      if (title == null || title.isBlank()) {
        throw new IllegalArgumentException("the drill block needs a title");
      }
      int nodes = brokers == null ? 1 : brokers;
      if (nodes != 1 && nodes != 3) {
        throw new IllegalArgumentException("brokers is 1 or 3, was " + nodes);
      }
      double rate = traffic == null ? 0 : traffic;
      if (rate < 0 || rate > 50) {
        throw new IllegalArgumentException("traffic is 0 to 50 orders/s, was " + rate);
      }
      var injections = new ArrayList<Drill.Injection>();
      for (var step : inject == null ? List.<Step>of() : inject) {
        injections.add(step == null ? Step.invalid() : step.toInjection(nodes));
      }
      if (expect == null || expect.isEmpty()) {
        throw new IllegalArgumentException(
            "the drill block needs at least one expectation under expect (a drill needs a verdict)");
      }
      var expectations = new ArrayList<Expectation>();
      for (var check : expect) {
        expectations.add(check == null ? Check.invalid() : check.toExpectation());
      }
      return new Drill(name, title.strip(), page, nodes, rate, injections, expectations);
    }
  }

  /** One entry of {@code inject}: a fault (and its parameters) or a hold. */
  record Step(
      @Nullable String fault, @Nullable Map<String, Object> parameters, @Nullable String hold) {

    static Drill.Injection invalid() {
      throw new IllegalArgumentException("an empty entry under inject");
    }

    Drill.Injection toInjection(int brokers) {
      if ((fault == null) == (hold == null)) {
        throw new IllegalArgumentException(
            "each entry under inject is either 'fault: SERVICE FAULT' or 'hold: PART'");
      }
      var held = hold;
      if (held != null) {
        if (parameters != null) {
          throw new IllegalArgumentException("'hold: " + held + "' takes no parameters");
        }
        return holdOf(held.strip(), brokers);
      }
      var text = fault;
      if (text == null) {
        throw new IllegalArgumentException("an entry under inject without a fault or a hold");
      }
      return faultOf(text.strip(), parameters == null ? Map.of() : parameters);
    }

    private static Drill.Injection faultOf(String text, Map<String, Object> given) {
      var words = text.split("\\s+", 3);
      if (words.length < 2) {
        throw new IllegalArgumentException(
            "'fault: %s' names a service and one of its faults: 'fault: notification-service smtp-outage'"
                .formatted(text));
      }
      var service = Service.named(words[0]).partName();
      if (!FAULT_NAME.matcher(words[1]).matches()) {
        throw new IllegalArgumentException("'%s' is not a fault's name".formatted(words[1]));
      }
      var raw = new LinkedHashMap<String, Object>(given);
      if (words.length == 3) {
        try {
          @SuppressWarnings("unchecked")
          Map<String, Object> inline = YAML.readValue(words[2], Map.class);
          raw.putAll(inline);
        } catch (IOException | RuntimeException e) {
          throw new IllegalArgumentException(
              "'%s' after the fault's name is not a map of parameters: write them under parameters"
                  .formatted(words[2]));
        }
      }
      var parameters = new LinkedHashMap<String, Long>();
      raw.forEach((key, value) -> {
        if (!(value instanceof Number number)
            || number.doubleValue() != Math.rint(number.doubleValue())) {
          throw new IllegalArgumentException(
              "parameter %s of %s is a whole number, was '%s'".formatted(key, words[1], value));
        }
        parameters.put(key, number.longValue());
      });
      return new Drill.Injection.Fault(service, words[1], parameters);
    }

    private static Drill.Injection holdOf(String name, int brokers) {
      var instance = Instance.named(name);
      if (instance.part() == Infrastructure.PROMETHEUS) {
        throw new IllegalArgumentException(
            "prometheus cannot be held: drill check asks it for the verdict");
      }
      if (instance.part() == Infrastructure.KAFKA && instance.number() > brokers) {
        throw new IllegalArgumentException(
            "'hold: %s' needs three Kafka nodes: set brokers: 3".formatted(name));
      }
      return new Drill.Injection.Hold(instance.name());
    }
  }

  /** One entry of {@code expect}: a named query with a condition, or an alert. */
  record Check(
      @Nullable String name,
      @Nullable String query,
      @Nullable String condition,
      @Nullable String alert,
      @Nullable Map<String, String> labels) {

    static Expectation invalid() {
      throw new IllegalArgumentException("an empty entry under expect");
    }

    Expectation toExpectation() {
      if (alert != null) {
        if (query != null || condition != null || name != null) {
          throw new IllegalArgumentException(
              "'alert: %s' stands alone (with labels, if any): no name, query or condition"
                  .formatted(alert));
        }
        if (alert.isBlank()) {
          throw new IllegalArgumentException("'alert:' needs the alert's name");
        }
        return new Expectation.Alert(alert.strip(), labels == null ? Map.of() : labels);
      }
      if (labels != null) {
        throw new IllegalArgumentException("labels go with 'alert:', not with a query");
      }
      if (name == null || name.isBlank() || query == null || query.isBlank() || condition == null) {
        throw new IllegalArgumentException(
            "each entry under expect is 'alert: NAME' or has a name, a query and a condition"
                + (name == null ? "" : " ('" + name + "' lacks one)"));
      }
      return new Expectation.Query(name.strip(), query.strip(), Condition.parse(condition));
    }
  }
}
