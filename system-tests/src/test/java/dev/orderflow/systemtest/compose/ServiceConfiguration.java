package dev.orderflow.systemtest.compose;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration one service really has, read from its runnable jar (what its image runs), and
 * whether an environment variable sets any of it.
 *
 * <p>Known properties come from two places. Spring Boot's own jars ship their properties in {@code
 * META-INF/spring-configuration-metadata.json}. orderflow's {@code @ConfigurationProperties}
 * records ship no metadata (that would take the configuration processor in each module's build), so
 * they are read by reflection: the annotation's prefix, then each record component (or JavaBean
 * setter), nested records included, in Spring's dashed form. Classes are loaded from the jar's own
 * libraries in an isolated class loader and never initialised. Besides properties, a service reads
 * the variables its configuration files name as placeholders ({@code ${HOSTNAME:}}), the JVM reads
 * {@code JAVA_TOOL_OPTIONS}, and the platform reads the operations contract's {@code ADMIN_USER}
 * and {@code ADMIN_PASSWORD} as they are.
 *
 * <p>A variable sets a property exactly when Spring Boot would bind it: Spring maps each property
 * name to its environment form, upper case with dots as underscores and dashes either dropped
 * ({@code SPRING_KAFKA_BOOTSTRAPSERVERS}) or also underscores ({@code
 * SPRING_KAFKA_BOOTSTRAP_SERVERS}); a map or list property also takes any key or index after its
 * own form. So {@code SPRING_KAFKA_BOOTSTRAP_SERVER} sets nothing, and neither does {@code
 * SPRING_MAIL_HOST} in a service without mail.
 */
public final class ServiceConfiguration {

  /** Read by the JVM, or by the platform as they are (DESIGN.md, operations contract). */
  static final Set<String> VARIABLES_READ_AS_THEY_ARE =
      Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "ADMIN_USER", "ADMIN_PASSWORD");

  private static final String CONFIGURATION_PROPERTIES =
      "org.springframework.boot.context.properties.ConfigurationProperties";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
  private static final Pattern CONFIGURATION_FILE = Pattern.compile("[^/]+\\.(properties|ya?ml)");

  /** Environment form of every property, to the property. */
  private final Map<String, String> variables = new HashMap<>();

  /** Environment form of every map or list property (any suffix binds), to the property. */
  private final Map<String, String> prefixes = new HashMap<>();

  private final Set<String> placeholders = new TreeSet<>();

  private ServiceConfiguration() {}

  /** Reads the runnable jar, unpacking it into {@code scratch}. */
  public static ServiceConfiguration of(Path runnableJar, Path scratch) {
    var configuration = new ServiceConfiguration();
    try {
      configuration.read(runnableJar, scratch);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return configuration;
  }

  public boolean accepts(String variable) {
    return VARIABLES_READ_AS_THEY_ARE.contains(variable)
        || placeholders.contains(variable)
        || variables.containsKey(variable)
        || prefixes.keySet().stream().anyMatch(prefix -> variable.startsWith(prefix + "_"));
  }

  /** The property the variable sets, if it is one. */
  Optional<String> propertyOf(String variable) {
    return Optional.ofNullable(variables.get(variable));
  }

  /**
   * One finding for each of {@code variables} that sets no configuration property of {@code
   * service}, with the nearest known variable when there is one: compose's check and the Kubernetes
   * manifests' alike.
   */
  public List<String> unknownVariables(String service, Collection<String> variables) {
    var findings = new ArrayList<String>();
    for (var variable : variables) {
      if (!accepts(variable)) {
        findings.add(
            "%s: %s is no configuration property of the service%s"
                .formatted(
                    service,
                    variable,
                    closestVariable(variable)
                        .map(closest -> " (did you mean " + closest + "?)")
                        .orElse("")));
      }
    }
    return findings;
  }

  /**
   * The configuration of {@code module}'s runnable jar, unpacked under {@code scratch}; the test is
   * skipped where the jar has not been built.
   */
  public static ServiceConfiguration ofBuiltModule(String module, Path scratch) {
    var jar = runnableJar(module);
    assumeTrue(
        jar.isPresent(),
        module + " has no runnable jar in target/: build it first (./mvnw verify does)");
    try {
      return of(jar.get(), Files.createDirectories(scratch.resolve(module)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The known variable nearest to a misspelt one. */
  public Optional<String> closestVariable(String variable) {
    return variables.keySet().stream()
        .min(Comparator.comparingInt(known -> distance(known, variable)))
        .filter(known -> distance(known, variable) <= 3);
  }

  /**
   * The runnable jar {@code ./mvnw verify} builds in the module's {@code target/} (what its image
   * runs), if it has been built.
   */
  public static Optional<Path> runnableJar(String module) {
    var target = Repository.file(module).resolve("target");
    if (!Files.isDirectory(target)) {
      return Optional.empty();
    }
    try (var files = Files.list(target)) {
      return files
          .filter(file -> file.getFileName().toString().matches(module + "-.+-exec\\.jar"))
          .findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int propertyCount() {
    return new TreeSet<>(variables.values()).size();
  }

  private void read(Path runnableJar, Path scratch) throws IOException {
    Path classes = Files.createDirectories(scratch.resolve("classes"));
    Path libraries = Files.createDirectories(scratch.resolve("lib"));
    var classpath = new ArrayList<URL>(List.of(url(classes)));
    var orderflowClasses = new ArrayList<String>();
    try (var jar = new JarFile(runnableJar.toFile())) {
      for (var entry : jar.stream().toList()) {
        String name = entry.getName();
        if (entry.isDirectory()) {
          continue;
        }
        if (name.startsWith("BOOT-INF/classes/")) {
          String path = name.substring("BOOT-INF/classes/".length());
          Path target = classes.resolve(path);
          Files.createDirectories(target.getParent());
          try (InputStream in = jar.getInputStream(entry)) {
            Files.copy(in, target);
          }
          if (isOrderflowClass(path)) {
            orderflowClasses.add(className(path));
          } else if (CONFIGURATION_FILE.matcher(path).matches()) {
            readPlaceholders(Files.readString(target));
          }
        } else if (name.startsWith("BOOT-INF/lib/") && name.endsWith(".jar")) {
          Path library = libraries.resolve(name.substring("BOOT-INF/lib/".length()));
          try (InputStream in = jar.getInputStream(entry)) {
            Files.copy(in, library);
          }
          classpath.add(url(library));
          readLibrary(library, orderflowClasses);
        }
      }
    }
    try (var loader =
        new URLClassLoader(classpath.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      readConfigurationPropertiesClasses(loader, orderflowClasses);
    }
  }

  /** Boot's metadata, and orderflow's classes and configuration files, of one library. */
  private void readLibrary(Path library, Collection<String> orderflowClasses) throws IOException {
    try (var zip = new ZipFile(library.toFile())) {
      boolean orderflow = zip.stream().anyMatch(entry -> isOrderflowClass(entry.getName()));
      for (var entry : zip.stream().toList()) {
        String name = entry.getName();
        if (name.equals("META-INF/spring-configuration-metadata.json")
            || name.equals("META-INF/additional-spring-configuration-metadata.json")) {
          readMetadata(read(zip, entry));
        } else if (orderflow && isOrderflowClass(name)) {
          orderflowClasses.add(className(name));
        } else if (orderflow && CONFIGURATION_FILE.matcher(name).matches()) {
          readPlaceholders(read(zip, entry));
        }
      }
    }
  }

  private void readMetadata(String json) {
    JsonNode metadata = JsonMapper.builder().build().readTree(json);
    for (JsonNode property : metadata.path("properties")) {
      String type = property.path("type").asString("");
      addProperty(property.path("name").asString(), isMapOrList(type));
    }
  }

  private static boolean isMapOrList(String type) {
    return type.startsWith("java.util.Map<")
        || type.startsWith("java.util.List<")
        || type.startsWith("java.util.Set<")
        || type.endsWith("[]");
  }

  private void readPlaceholders(String text) {
    var matcher = PLACEHOLDER.matcher(text);
    while (matcher.find()) {
      placeholders.add(matcher.group(1));
    }
  }

  @SuppressWarnings("unchecked")
  private void readConfigurationPropertiesClasses(ClassLoader loader, List<String> classNames) {
    Class<? extends Annotation> annotation;
    try {
      annotation = (Class<? extends Annotation>) loader.loadClass(CONFIGURATION_PROPERTIES);
    } catch (ClassNotFoundException e) {
      return;
    }
    for (String className : classNames) {
      Class<?> type;
      try {
        type = Class.forName(className, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        continue;
      }
      Annotation properties = type.getAnnotation(annotation);
      if (properties != null) {
        addPropertiesOf(prefixOf(properties), type, 0);
      }
    }
  }

  private static String prefixOf(Annotation properties) {
    for (String attribute : List.of("prefix", "value")) {
      try {
        String prefix =
            (String) properties.annotationType().getMethod(attribute).invoke(properties);
        if (!prefix.isEmpty()) {
          return prefix;
        }
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("@ConfigurationProperties without a prefix: " + properties);
  }

  /** The properties a record (components) or a JavaBean (setters) binds under {@code prefix}. */
  private void addPropertiesOf(String prefix, Class<?> type, int depth) {
    if (depth > 5) {
      return;
    }
    if (type.isRecord()) {
      for (var component : type.getRecordComponents()) {
        addProperty(prefix, component.getName(), component.getType(), depth);
      }
      return;
    }
    for (Method method : type.getMethods()) {
      if (Modifier.isStatic(method.getModifiers())
          || method.getDeclaringClass() == Object.class
          || method.getParameterCount() != 1
          || !method.getName().startsWith("set")
          || method.getName().length() == 3) {
        continue;
      }
      String name = method.getName().substring(3);
      addProperty(
          prefix,
          Character.toLowerCase(name.charAt(0)) + name.substring(1),
          method.getParameterTypes()[0],
          depth);
    }
  }

  private void addProperty(String prefix, String javaName, Class<?> type, int depth) {
    String property = prefix + "." + dashed(javaName);
    boolean mapOrList =
        Map.class.isAssignableFrom(type)
            || Collection.class.isAssignableFrom(type)
            || type.isArray();
    addProperty(property, mapOrList);
    if (!mapOrList && isNestedGroup(type)) {
      addPropertiesOf(property, type, depth + 1);
    }
  }

  /** A type Spring binds property by property rather than from one value. */
  private static boolean isNestedGroup(Class<?> type) {
    return !type.isPrimitive()
        && !type.isEnum()
        && (type.isRecord() || type.getName().startsWith("dev.orderflow."));
  }

  private void addProperty(String property, boolean mapOrList) {
    String base = property.toUpperCase(Locale.ROOT).replace('.', '_');
    for (String variable : List.of(base.replace("-", ""), base.replace('-', '_'))) {
      variables.putIfAbsent(variable, property);
      if (mapOrList) {
        prefixes.putIfAbsent(variable, property);
      }
    }
  }

  /** Spring's dashed form of a Java name: {@code minInsyncReplicas} is min-insync-replicas. */
  static String dashed(String javaName) {
    var dashed = new StringBuilder();
    for (char c : javaName.toCharArray()) {
      if (Character.isUpperCase(c) && !dashed.isEmpty()) {
        dashed.append('-');
      }
      dashed.append(Character.toLowerCase(c));
    }
    return dashed.toString();
  }

  private static boolean isOrderflowClass(String path) {
    return path.startsWith("dev/orderflow/")
        && path.endsWith(".class")
        && !path.endsWith("package-info.class")
        && !path.endsWith("module-info.class");
  }

  private static String className(String path) {
    return path.substring(0, path.length() - ".class".length()).replace('/', '.');
  }

  private static String read(ZipFile zip, ZipEntry entry) throws IOException {
    try (InputStream in = zip.getInputStream(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static URL url(Path path) {
    try {
      return path.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
