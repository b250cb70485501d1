package dev.orderflow.systemtest.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the docs say that the repository can check: each rule reads a document's text and returns
 * one line per statement the code does not bear out. The facts it compares with are read from the
 * repository itself (the devstack's command switch, the sources' metric names, the properties
 * classes, the build's modules, the ports compose and devstack use), never copied here.
 */
final class DocsTruth {

  private DocsTruth() {}

  /** A Markdown file: where it is (for relative links) and its text. */
  record Doc(Path path, String text) {

    static Doc read(Path path) {
      return new Doc(path, DocsTruth.read(path));
    }

    /** Inline code spans outside fenced blocks, each without its backticks. */
    List<String> inlineCode() {
      var spans = new ArrayList<String>();
      var matcher = INLINE_CODE.matcher(prose());
      while (matcher.find()) {
        spans.add(matcher.group(1));
      }
      return spans;
    }

    /** The lines inside fenced code blocks, joined. */
    String fencedCode() {
      return split()[1];
    }

    /** Everything outside fenced code blocks. */
    String prose() {
      return split()[0];
    }

    /** Inline code spans and fenced blocks: where commands, metrics and properties are written. */
    String code() {
      return String.join("\n", inlineCode()) + "\n" + fencedCode();
    }

    private String[] split() {
      var prose = new StringBuilder();
      var fenced = new StringBuilder();
      boolean inFence = false;
      for (var line : text.split("\n", -1)) {
        if (line.strip().startsWith("```") || line.strip().startsWith("~~~")) {
          inFence = !inFence;
          prose.append('\n');
          continue;
        }
        (inFence ? fenced : prose).append(line).append('\n');
      }
      return new String[] {prose.toString(), fenced.toString()};
    }
  }

  /** The facts of the repository the rules compare the docs with. */
  record Project(
      Path root,
      Set<String> topLevel,
      Set<String> rootFiles,
      Set<String> devstackCommands,
      Set<String> drillWords,
      Set<String> metricNames,
      Set<String> metricUnits,
      Set<String> metricSuffixes,
      Set<String> propertyKeys,
      List<PropertiesClass> propertiesClasses,
      Set<String> javaNames,
      Set<String> modules,
      Set<Integer> ports,
      Set<String> javaClasses,
      DeadLetterIds deadLetterIds) {

    static Project read(Path root) {
      var javaMain = files(root, path -> path.toString().endsWith(".java") && isMain(root, path));
      // Every Java source but this test's, whose made-up statements would otherwise be facts.
      var javaFiles = files(root, path -> path.toString().endsWith(".java"));
      var javaAll =
          javaFiles.stream()
              .filter(path -> !path.toString().contains("/dev/orderflow/systemtest/docs/"))
              .toList();
      var yamls =
          files(
              root,
              path ->
                  isMain(root, path)
                      && path.getFileName().toString().matches("application.*\\.(yml|yaml)"));
      var metricFiles = new ArrayList<>(javaMain);
      metricFiles.addAll(
          files(
              root.resolve("infra"),
              path -> path.toString().matches(".*\\.(yml|yaml|json|rules)$")));
      metricFiles.addAll(
          files(
              root,
              path ->
                  isMain(root, path) && path.toString().matches(".*/resources/.*\\.(js|html)$")));
      return new Project(
          root,
          DocsTruth.topLevel(root, true),
          DocsTruth.topLevel(root, false),
          DocsTruth.devstackCommands(root),
          DocsTruth.drillWords(root),
          names(concatenate(metricFiles)),
          DocsTruth.metricUnits(concatenate(javaMain)),
          DocsTruth.appendedToMetricNames(concatenate(javaMain)),
          Stream.concat(
                  yamls.stream().flatMap(path -> flattenYaml(DocsTruth.read(path)).stream()),
                  files(
                          root,
                          path ->
                              isMain(root, path)
                                  && path.toString().contains("/resources/")
                                  && path.toString().endsWith(".properties"))
                      .stream()
                      .flatMap(path -> keysOfProperties(DocsTruth.read(path)).stream()))
              .collect(Collectors.toCollection(TreeSet::new)),
          javaMain.stream()
              .map(path -> PropertiesClass.of(path, DocsTruth.read(path)))
              .flatMap(Stream::ofNullable)
              .toList(),
          names(concatenate(javaAll)),
          DocsTruth.modules(root),
          DocsTruth.ports(root, yamls),
          javaFiles.stream()
              .map(path -> path.getFileName().toString().replaceFirst("\\.java$", ""))
              .collect(Collectors.toCollection(TreeSet::new)),
          DocsTruth.deadLetterId(root));
    }
  }

  /** What a dead letter's id looks like, and one for example. */
  record DeadLetterIds(Pattern pattern, String example) {}

  /** A {@code @ConfigurationProperties} class: its prefix and the Java of its package. */
  record PropertiesClass(String prefix, String packageSource) {

    static PropertiesClass of(Path path, String source) {
      var matcher =
          Pattern.compile("@ConfigurationProperties\\(\\s*(?:prefix\\s*=\\s*)?\"([^\"]+)\"")
              .matcher(source);
      if (!matcher.find()) {
        return null;
      }
      return new PropertiesClass(
          matcher.group(1),
          concatenate(files(path.getParent(), file -> file.toString().endsWith(".java"))));
    }

    /**
     * Whether {@code name} is this class's prefix or below it with every further segment a name in
     * the class's package (a record component or field; a map's key is a name there too, in its
     * Javadoc or defaults).
     */
    boolean defines(String name) {
      if (!name.equals(prefix) && !name.startsWith(prefix + ".")) {
        return false;
      }
      var rest = name.substring(prefix.length());
      return Arrays.stream(rest.split("\\."))
          .filter(segment -> !segment.isEmpty() && !segment.equals("*"))
          .allMatch(segment ->
              word(camelCase(segment)).matcher(packageSource).find()
                  || packageSource.contains("\"" + segment + "\""));
    }
  }

  // The rules. Each returns "file: what is wrong" lines; empty when the doc is true to the code.

  private static final Pattern INLINE_CODE = Pattern.compile("`([^`\n]+)`");
  private static final Pattern MARKDOWN_LINK =
      Pattern.compile("\\[[^\\]\n]*\\]\\(<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\)");
  private static final Pattern REFERENCE_LINK =
      Pattern.compile("(?m)^\\s{0,3}\\[[^\\]]+\\]:\\s+<?(\\S+?)>?(?:\\s.*)?$");
  private static final Pattern REPOSITORY_PATH =
      Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_.-]+)+/?");

  /**
   * Markdown links that are not URLs or anchors, and inline code that is a path from the root (its
   * first segment a directory of the repository), must name a file or directory that exists. Build
   * output ({@code target/}) is not in the repository and is not checked.
   */
  static List<String> missingFiles(Doc doc, Project project) {
    var problems = new ArrayList<String>();
    var prose = doc.prose();
    for (var pattern : List.of(MARKDOWN_LINK, REFERENCE_LINK)) {
      var matcher = pattern.matcher(prose);
      while (matcher.find()) {
        var target = matcher.group(1);
        if (target.matches("^[a-zA-Z][a-zA-Z+.-]*:.*") || target.startsWith("#")) {
          continue; // a URL (http:, mailto:) or an anchor in the same page
        }
        var file = URLDecoder.decode(target.replaceAll("[#?].*$", ""), StandardCharsets.UTF_8);
        var base = file.startsWith("/") ? project.root() : doc.path().getParent();
        var resolved = base.resolve(file.replaceFirst("^/", "")).normalize();
        if (!Files.exists(resolved)) {
          problems.add(name(doc, project) + ": link to a missing file: " + target);
        }
      }
    }
    for (var span : doc.inlineCode()) {
      if (!REPOSITORY_PATH.matcher(span).matches()) {
        continue;
      }
      var segments = List.of(span.split("/"));
      // From the root (its first segment a directory there), or ending in a file of the root
      // (bin/devstack, scripts/mvnw): a path in the repository. Others are URLs, media types...
      boolean repositoryPath =
          project.topLevel().contains(segments.getFirst())
              || project.rootFiles().contains(segments.getLast());
      if (!repositoryPath || segments.contains("target") || segments.contains("...")) {
        continue;
      }
      if (!Files.exists(project.root().resolve(span))
          && !Files.exists(doc.path().getParent().resolve(span))) {
        problems.add(name(doc, project) + ": path to a missing file: " + span);
      }
    }
    return problems;
  }

  private static final Pattern DEVSTACK_COMMAND =
      Pattern.compile("(?<![\\w/.-])\\./devstack[ \\t]+([a-z][a-z-]*)\\b(?![./])");

  /** {@code ./devstack WORD} in code must name a command the script or the supervisor accepts. */
  static List<String> unknownDevstackCommands(Doc doc, Project project) {
    var problems = new ArrayList<String>();
    var matcher = DEVSTACK_COMMAND.matcher(doc.code());
    while (matcher.find()) {
      if (!project.devstackCommands().contains(matcher.group(1))) {
        problems.add(name(doc, project) + ": ./devstack has no command '" + matcher.group(1) + "'");
      }
    }
    return problems;
  }

  private static final Pattern DRILL =
      Pattern.compile("(?<![\\w/.-])\\./devstack[ \\t]+drill[ \\t]+([a-z][a-z-]*)\\b(?![./])");

  /** {@code ./devstack drill WORD}: WORD a drill of docs/drills/ or an action of DrillCommand. */
  static List<String> unknownDrills(Doc doc, Project project) {
    var problems = new ArrayList<String>();
    var matcher = DRILL.matcher(doc.code());
    while (matcher.find()) {
      if (!project.drillWords().contains(matcher.group(1))) {
        problems.add(
            name(doc, project)
                + ": ./devstack drill has no drill or action '"
                + matcher.group(1)
                + "'");
      }
    }
    return problems;
  }

  private static final Pattern METRIC =
      Pattern.compile(
          "(?<![\\w.$/-])([a-z][a-z0-9]*(?:_[a-z0-9]+)*_(?:total|seconds|bytes)"
              + "(?:_(?:count|sum|bucket|max))?|orderflow_[a-z0-9_]+)(?![\\w-])");

  /**
   * A metric name in code ({@code orderflow_...}, {@code ..._total}, {@code ..._seconds}) must
   * appear in the Java sources (as Micrometer's dotted name or as written), a Prometheus rule or a
   * Grafana dashboard.
   */
  static List<String> unknownMetrics(Doc doc, Project project) {
    var problems = new ArrayList<String>();
    var matcher = METRIC.matcher(doc.code());
    var seen = new TreeSet<String>();
    while (matcher.find()) {
      var metric = matcher.group(1);
      if (seen.add(metric)
          && !LIBRARY_METRICS.contains(meterName(metric))
          && !knownMetric(metric, project)) {
        problems.add(name(doc, project) + ": no metric " + metric + " in the code or dashboards");
      }
    }
    return problems;
  }

  /**
   * Meters the libraries register, which no code, rule or dashboard of ours names (Prometheus names
   * without the type's suffixes): Spring Boot's MongoDB command timer, Resilience4j's call timer
   * and Spring Kafka's listener timer.
   */
  private static final Set<String> LIBRARY_METRICS =
      Set.of(
          "mongodb_driver_commands", "resilience4j_circuitbreaker_calls", "spring_kafka_listener");

  /** {@code orders_saga_duration_seconds_bucket} → {@code orders_saga_duration}. */
  private static String meterName(String metric) {
    return metric
        .replaceFirst("_(count|sum|bucket|max)$", "")
        .replaceFirst("_(total|seconds|bytes)$", "");
  }

  /**
   * As written, or as Micrometer names it: without the type's suffixes and a base unit the code
   * gives meters ({@code baseUnit("events")}), without what the code appends to a name ({@code name
   * + ".read.age"}), dots for underscores.
   */
  static boolean knownMetric(String metric, Project project) {
    var forms = new LinkedHashSet<String>();
    var base = metric.replaceFirst("_(count|sum|bucket|max)$", "");
    forms.addAll(List.of(metric, base, meterName(metric)));
    for (var form : List.copyOf(forms)) {
      for (var unit : project.metricUnits()) {
        if (form.endsWith("_" + unit)) {
          forms.add(form.substring(0, form.length() - unit.length() - 1));
        }
      }
    }
    for (var form : List.copyOf(forms)) {
      for (var suffix : project.metricSuffixes()) {
        var underscored = "_" + suffix.replace('.', '_');
        if (form.endsWith(underscored)) {
          forms.add(form.substring(0, form.length() - underscored.length()));
        }
      }
    }
    return forms.stream()
        .flatMap(form -> Stream.of(form, form.replace('_', '.')))
        .anyMatch(project.metricNames()::contains);
  }

  private static final Pattern PROPERTY =
      Pattern.compile("(?<![\\w.$-])(orderflow\\.[a-z][a-zA-Z0-9-]*(?:\\.(?:[a-zA-Z0-9-]+|\\*))*)");

  /**
   * {@code orderflow.*} in code must be a property some {@code @ConfigurationProperties} class or
   * {@code application*.yml} defines, or that the Java reads by that name ({@code @Value}, a system
   * property).
   */
  /**
   * Names the docs keep on purpose: ADR 11's decision as it was taken, before its revision renamed
   * the property to {@code orderflow.notification.retries.*}.
   */
  private static final Set<String> FORMER_PROPERTIES =
      Set.of("orderflow.notification.retry-topics.*");

  static List<String> unknownProperties(Doc doc, Project project) {
    var problems = new ArrayList<String>();
    var matcher = PROPERTY.matcher(doc.code());
    var seen = new TreeSet<String>();
    while (matcher.find()) {
      var property = matcher.group(1);
      if (seen.add(property)
          && !FORMER_PROPERTIES.contains(property)
          && !knownProperty(property, project)) {
        problems.add(name(doc, project) + ": no property " + property);
      }
    }
    return problems;
  }

  private static boolean knownProperty(String property, Project project) {
    var group = property.replaceFirst("\\.\\*$", "");
    return project.propertyKeys().stream()
            .anyMatch(key -> key.equals(group) || key.startsWith(group + "."))
        || project.propertiesClasses().stream().anyMatch(type -> type.defines(property))
        || project.javaNames().contains(group);
  }

  private static final Pattern MAVEN_PROJECTS =
      Pattern.compile("(?:\\s-pl|--projects)[ =]+([\\w.:!,-]+)");

  /** {@code -pl A,B} must name modules of the build. */
  static List<String> unknownModules(Doc doc, Project project) {
    var problems = new ArrayList<String>();
    var matcher = MAVEN_PROJECTS.matcher(doc.text());
    while (matcher.find()) {
      for (var module : matcher.group(1).split(",")) {
        var name = module.replaceFirst("^[!-]", "").replaceFirst("^.*:", "");
        if (!name.isEmpty() && !project.modules().contains(name)) {
          problems.add(name(doc, project) + ": no Maven module " + name + " (-pl)");
        }
      }
    }
    return problems;
  }

  private static final Pattern TEST_CLASS =
      Pattern.compile("([A-Z][A-Za-z0-9]*(?:IT|Test|Tests))(?:[.#][a-z_]\\w*(?:\\(\\))?)?");

  /** A test named in inline code ({@code ChaosIT}, {@code OrderTest.rejects}) must exist. */
  static List<String> unknownTestClasses(Doc doc, Project project) {
    var problems = new ArrayList<String>();
    for (var span : doc.inlineCode()) {
      var matcher = TEST_CLASS.matcher(span);
      if (matcher.matches() && !project.javaClasses().contains(matcher.group(1))) {
        problems.add(name(doc, project) + ": no test class " + matcher.group(1));
      }
    }
    return problems;
  }

  private static final Pattern REDRIVE =
      Pattern.compile("\\./devstack[ \\t]+dlt[ \\t]+redrive[ \\t]+(\\S+)[ \\t]+(\\S+)");

  /**
   * The id in {@code ./devstack dlt redrive SERVICE ID} must look like the ids the platform gives
   * dead letters ({@code DeadLetter.id}), unless it is {@code --all} or a placeholder ({@code
   * <ID>}, {@code ID}).
   */
  static List<String> malformedDeadLetterIds(Doc doc, Project project) {
    var problems = new ArrayList<String>();
    var matcher = REDRIVE.matcher(doc.code());
    while (matcher.find()) {
      var id = matcher.group(2);
      boolean placeholder = id.startsWith("<") || id.matches("[A-Z_]+") || id.equals("--all");
      if (!placeholder && !project.deadLetterIds().pattern().matcher(id).matches()) {
        problems.add(
            name(doc, project)
                + ": "
                + id
                + " is no dead-letter id (they look like "
                + project.deadLetterIds().example()
                + ")");
      }
    }
    return problems;
  }

  private static final Pattern LOCAL_PORT =
      Pattern.compile("(?:localhost|127\\.0\\.0\\.1):(\\d{2,5})(?!\\d)");

  /** {@code localhost:NNNN} must be a port compose or devstack uses. */
  static List<String> unknownPorts(Doc doc, Project project) {
    var problems = new ArrayList<String>();
    var matcher = LOCAL_PORT.matcher(doc.text());
    while (matcher.find()) {
      if (!project.ports().contains(Integer.parseInt(matcher.group(1)))) {
        problems.add(name(doc, project) + ": localhost:" + matcher.group(1) + " is no port in use");
      }
    }
    return problems;
  }

  // Reading the repository.

  /** The documents: README.md, every README.md of a module or below it, and docs/**.md. */
  static List<Doc> docs(Path root) {
    return files(
            root,
            path -> {
              var relative = root.relativize(path).toString();
              return relative.endsWith(".md")
                  && (path.getFileName().toString().equals("README.md")
                      || relative.startsWith("docs/"));
            })
        .stream()
        .map(Doc::read)
        .toList();
  }

  /**
   * The first arguments ./devstack accepts: the script's own ({@code "${1:-}" == "bench"}, or a
   * shell case label {@code mongo|topic)}) and the supervisor's command switch ({@code case "dlt"
   * ->} in CommandLine.java).
   */
  private static Set<String> devstackCommands(Path root) {
    var commands = new TreeSet<String>();
    var script = read(root.resolve("devstack"));
    collect(Pattern.compile("\"\\$\\{1:-}\"\\s*==\\s*\"?([a-z][a-z-]*)\"?"), script, commands);
    var shellLabels = new TreeSet<String>();
    collect(Pattern.compile("(?m)^\\s*([a-z][a-z-]*(?:\\|[a-z][a-z-]*)*)\\)"), script, shellLabels);
    shellLabels.forEach(labels -> commands.addAll(List.of(labels.split("\\|"))));
    commands.addAll(
        switchLabels(
            read(
                root.resolve(
                    "devstack-embedded/src/main/java/dev/orderflow/devstack/CommandLine.java"))));
    return commands;
  }

  /** The string labels of a Java switch: {@code case "a" ->}, {@code case "b", "c" ->}. */
  static Set<String> switchLabels(String source) {
    var labels = new TreeSet<String>();
    var cases = Pattern.compile("case\\s+(\"[a-z][a-z-]*\"(?:\\s*,\\s*\"[a-z][a-z-]*\")*)\\s*->");
    var matcher = cases.matcher(source);
    while (matcher.find()) {
      collect(Pattern.compile("\"([a-z][a-z-]*)\""), matcher.group(1), labels);
    }
    return labels;
  }

  /** The base units meters are given: {@code baseUnit("events")}, {@code BaseUnits.BYTES}. */
  private static Set<String> metricUnits(String source) {
    var units = new TreeSet<String>();
    collect(Pattern.compile("baseUnit\\(\\s*\"([a-z]+)\""), source, units);
    var constants = new TreeSet<String>();
    collect(Pattern.compile("BaseUnits\\.([A-Z_]+)"), source, constants);
    constants.forEach(constant -> units.add(constant.toLowerCase(Locale.ROOT)));
    return units;
  }

  /** What the code appends to a meter's name: {@code name + ".read.age"}. */
  private static Set<String> appendedToMetricNames(String source) {
    var suffixes = new TreeSet<String>();
    collect(Pattern.compile("\\w\\s*\\+\\s*\"\\.([a-z]+(?:\\.[a-z]+)*)\"\\s*,"), source, suffixes);
    return suffixes;
  }

  /**
   * What a dead letter's id looks like, from {@code DeadLetter.id}: {@code deadLetterTopic + ":" +
   * partition + ":" + offset} gives {@code [\\w.-]+:\\d+:\\d+}.
   */
  private static DeadLetterIds deadLetterId(Path root) {
    var source =
        read(root.resolve("platform/src/main/java/dev/orderflow/platform/kafka/DeadLetter.java"));
    var matcher =
        Pattern.compile(
                "deadLetterTopic \\+ \"([^\"]+)\" \\+ partition \\+ \"([^\"]+)\" \\+ offset")
            .matcher(source);
    if (!matcher.find()) {
      throw new IllegalStateException("DeadLetter.id no longer reads topic, partition, offset");
    }
    var first = matcher.group(1);
    var second = matcher.group(2);
    return new DeadLetterIds(
        Pattern.compile(
            "[\\w.-]+" + Pattern.quote(first) + "\\d+" + Pattern.quote(second) + "\\d+"),
        "orders.events.DLT" + first + "1" + second + "42");
  }

  /** The drills (docs/drills/NAME.md) and the actions DrillCommand switches on. */
  private static Set<String> drillWords(Path root) {
    var words = new TreeSet<String>();
    files(root.resolve("docs/drills"), path -> path.toString().endsWith(".md")).stream()
        .map(path -> path.getFileName().toString().replaceFirst("\\.md$", ""))
        .filter(name -> !name.equals("README"))
        .forEach(words::add);
    words.addAll(
        switchLabels(
            read(
                root.resolve(
                    "devstack-embedded/src/main/java/dev/orderflow/devstack/DrillCommand.java"))));
    return words;
  }

  private static Set<String> modules(Path root) {
    var modules = new TreeSet<String>();
    collect(Pattern.compile("<module>([^<]+)</module>"), read(root.resolve("pom.xml")), modules);
    return modules;
  }

  /**
   * Every port compose publishes or listens on, every port number in devstack's code and in the
   * services' configuration, and the ports of further devstack instances (100 above each other).
   */
  private static Set<Integer> ports(Path root, List<Path> yamls) {
    var sources = new ArrayList<Path>();
    sources.add(root.resolve("docker-compose.yml"));
    sources.addAll(yamls);
    sources.addAll(
        files(
            root.resolve("devstack-embedded/src/main/java"),
            path -> path.toString().endsWith(".java")));
    var numbers = new TreeSet<String>();
    collect(Pattern.compile("(?<![\\w.])(\\d{4,5})(?![\\w.])"), concatenate(sources), numbers);
    var ports = new TreeSet<Integer>();
    for (var number : numbers) {
      int port = Integer.parseInt(number);
      if (port <= 65535) {
        for (int instance = 0; instance < 4; instance++) {
          ports.add(port + 100 * instance);
        }
      }
    }
    return ports;
  }

  /** The repository's top-level directories, or its top-level files. */
  private static Set<String> topLevel(Path root, boolean directories) {
    try (var entries = Files.list(root)) {
      return entries
          .filter(path -> Files.isDirectory(path) == directories)
          .map(path -> path.getFileName().toString())
          .filter(name -> !name.startsWith(".") && !name.equals("target"))
          .collect(Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code a.b.c} for every leaf and every mapping of a YAML file (indentation, no flow style). */
  static List<String> flattenYaml(String yaml) {
    var keys = new ArrayList<String>();
    var path = new ArrayDeque<String[]>(); // {indent, key}
    var line = Pattern.compile("^( *)([A-Za-z0-9_.\\[\\]\"'-]+):(?:\\s|$)");
    for (var text : yaml.split("\n")) {
      if (text.isBlank() || text.strip().startsWith("#") || text.strip().startsWith("-")) {
        continue;
      }
      var matcher = line.matcher(text);
      if (!matcher.find()) {
        continue;
      }
      int indent = matcher.group(1).length();
      while (!path.isEmpty() && Integer.parseInt(path.peekLast()[0]) >= indent) {
        path.removeLast();
      }
      path.addLast(new String[] {String.valueOf(indent), matcher.group(2).replace("\"", "")});
      keys.add(path.stream().map(entry -> entry[1]).collect(Collectors.joining(".")));
    }
    return keys;
  }

  /** The keys of a {@code .properties} file. */
  static List<String> keysOfProperties(String properties) {
    return properties
        .lines()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#") && !line.startsWith("!"))
        .map(line -> line.split("[=:]", 2)[0].strip())
        .toList();
  }

  private static boolean isMain(Path root, Path path) {
    return root.relativize(path).toString().contains("/src/main/");
  }

  /** Regular files below {@code directory} that {@code filter} accepts, skipping build output. */
  static List<Path> files(Path directory, Predicate<Path> filter) {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    var found = new ArrayList<Path>();
    try {
      Files.walkFileTree(
          directory,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
              var name = dir.getFileName().toString();
              // Not the repository's: build output, packages, a running stack's data, git.
              return !dir.equals(directory)
                      && (name.equals("target")
                          || name.equals("node_modules")
                          || name.startsWith("."))
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
              if (attributes.isRegularFile() && filter.test(file)) {
                found.add(file);
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    found.sort(null);
    return found;
  }

  private static String concatenate(List<Path> paths) {
    return paths.stream().map(DocsTruth::read).collect(Collectors.joining("\n"));
  }

  static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void collect(Pattern pattern, String text, Set<String> into) {
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      into.add(matcher.group(1));
    }
  }

  /**
   * Every whole name in {@code text}: the longest runs of letters, digits, {@code _} and {@code .}
   * ({@code orders.placed}, {@code outbox_relayed_events_total}), without a trailing dot.
   */
  static Set<String> names(String text) {
    var names = new TreeSet<String>();
    var matcher = Pattern.compile("[\\w.]+").matcher(text);
    while (matcher.find()) {
      names.add(matcher.group().replaceFirst("\\.+$", ""));
    }
    return names;
  }

  private static Pattern word(String text) {
    return Pattern.compile("\\b" + Pattern.quote(text) + "\\b");
  }

  /** {@code max-request-size} → {@code maxRequestSize}. */
  static String camelCase(String kebab) {
    var matcher = Pattern.compile("-([a-z0-9])").matcher(kebab);
    return matcher.replaceAll(match -> match.group(1).toUpperCase());
  }

  private static String name(Doc doc, Project project) {
    return doc.path().startsWith(project.root())
        ? project.root().relativize(doc.path()).toString()
        : doc.path().toString();
  }
}
