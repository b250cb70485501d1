package dev.orderflow.systemtest.fuzz;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URLEncoder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requests to every endpoint: first as a careful client sends them, then with up to three things
 * changed (the method, a path variable, the path itself, a parameter, a header, a field of the body
 * or the whole body) to a value from {@link Nasty} or to noise. Everything comes from the one
 * random generator it is given, so a seed replays a run.
 */
final class RequestGenerator {

  private static final Pattern VARIABLE = Pattern.compile("\\{([a-zA-Z]+)}");

  /** What a valid request needs from the running system. */
  record Pools(
      List<String> orderIds,
      List<String> projections,
      Map<String, List<String>> faults,
      String authorization) {}

  private final RandomGenerator random;
  private final Pools pools;

  RequestGenerator(RandomGenerator random, Pools pools) {
    this.random = random;
    this.pools = pools;
  }

  FuzzRequest next() {
    var endpoint = Nasty.any(random, Endpoint.ALL);
    var mutations = new ArrayList<String>();
    var variables = new LinkedHashMap<String, String>();
    var matcher = VARIABLE.matcher(endpoint.path());
    while (matcher.find()) {
      variables.put(matcher.group(1), validVariable(endpoint, matcher.group(1)));
    }
    var parameters = new LinkedHashMap<String, String>();
    for (var name : endpoint.parameters()) {
      if (random.nextInt(3) > 0) {
        parameters.put(name, validParameter(name));
      }
    }
    var headers = new LinkedHashMap<String, String>();
    Map<String, Object> fields = validBody(endpoint);
    if (fields != null) {
      headers.put("Content-Type", "application/json");
    }
    if (random.nextBoolean()) {
      headers.put(
          "Accept",
          endpoint.kind() == Endpoint.Kind.STREAM ? "text/event-stream" : "application/json");
    }
    if (endpoint.kind() == Endpoint.Kind.ADMIN || random.nextInt(20) == 0) {
      headers.put("Authorization", pools.authorization());
    }
    if (endpoint.body() == Endpoint.Body.ORDER) {
      headers.put(
          "Idempotency-Key",
          random.nextInt(4) == 0
              ? "fz-key-" + random.nextInt(3)
              : new UUID(random.nextLong(), random.nextLong()).toString());
    }
    var method = endpoint.method();
    var path = endpoint.path();
    var rawQuery = new StringBuilder();
    byte[] rawBody = null;

    int changes = random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(3);
    for (int i = 0; i < changes; i++) {
      switch (random.nextInt(9)) {
        case 0 -> {
          method = Nasty.any(random, Nasty.METHODS);
          mutations.add("method " + method);
        }
        case 1 -> {
          if (!variables.isEmpty()) {
            var name = Nasty.any(random, List.copyOf(variables.keySet()));
            var value =
                random.nextBoolean()
                    ? Nasty.any(random, Nasty.SEGMENTS)
                    : encoded(Nasty.any(random, Nasty.STRINGS));
            variables.put(name, value);
            mutations.add("path variable " + name);
          }
        }
        case 2 -> {
          path =
              switch (random.nextInt(5)) {
                case 0 -> path + "/";
                case 1 -> path.replaceFirst("/", "//");
                case 2 -> path + "/" + Nasty.any(random, Nasty.SEGMENTS);
                case 3 -> path.toUpperCase();
                default -> "/" + Nasty.any(random, Nasty.SEGMENTS) + path;
              };
          mutations.add("path " + path);
        }
        case 3 -> {
          var name =
              random.nextBoolean() && !endpoint.parameters().isEmpty()
                  ? Nasty.any(random, endpoint.parameters())
                  : Nasty.any(
                      random, List.of("page", "size", "sort", "from", "to", "x", "", "orderId"));
          var value =
              random.nextBoolean()
                  ? encoded(Nasty.any(random, Nasty.STRINGS))
                  : encoded(Nasty.any(random, Nasty.NUMBERS));
          parameters.put(name, value);
          mutations.add("parameter " + name);
        }
        case 4 -> {
          rawQuery.append(
              Nasty.any(
                  random,
                  List.of(
                      "&",
                      "&&",
                      "&a=%",
                      "&a",
                      "&=b",
                      "&a=%zz",
                      "&sort=",
                      "&page=1&page=2",
                      "&x=" + "y".repeat(9000),
                      "&%00=1")));
          mutations.add("raw query");
        }
        case 5 -> {
          var header =
              Nasty.any(
                  random,
                  List.of(
                      "Content-Type",
                      "Accept",
                      "Authorization",
                      "Idempotency-Key",
                      "Last-Event-ID",
                      "If-None-Match",
                      "X-Forwarded-For",
                      "Content-Encoding",
                      "Transfer-Encoding",
                      "Expect",
                      "Range",
                      "X-" + random.nextInt(100)));
          headers.put(header, headerValue(header));
          mutations.add("header " + header);
        }
        case 6 -> {
          if (random.nextBoolean()) {
            headers.remove(
                Nasty.any(
                    random, List.of("Content-Type", "Accept", "Authorization", "Idempotency-Key")));
            mutations.add("header removed");
          } else {
            headers.put("X-Huge", "h".repeat(9000));
            mutations.add("header of 9000 bytes");
          }
        }
        case 7 -> {
          if (fields != null) {
            mutateField(fields, mutations);
          } else {
            fields = new LinkedHashMap<>(Map.of("unexpected", Nasty.any(random, Nasty.STRINGS)));
            headers.putIfAbsent("Content-Type", "application/json");
            mutations.add("a body where none is taken");
          }
        }
        default -> {
          if (random.nextInt(4) == 0) {
            rawBody = Nasty.any(random, Nasty.BYTES);
          } else {
            rawBody = Nasty.any(random, Nasty.BODIES).getBytes(UTF_8);
          }
          fields = null;
          mutations.add("whole body");
        }
      }
    }
    var target = fill(path, variables) + query(parameters, rawQuery);
    byte[] body =
        rawBody != null ? rawBody : fields != null ? Json.write(fields).getBytes(UTF_8) : null;
    return new FuzzRequest(endpoint, method, target, variables, headers, body, fields, mutations);
  }

  private String validVariable(Endpoint endpoint, String name) {
    return switch (name) {
      case "orderId" ->
          pools.orderIds().isEmpty() || random.nextInt(4) == 0
              ? new UUID(random.nextLong(), random.nextLong()).toString()
              : Nasty.any(random, pools.orderIds());
      case "sku" -> "fz-s" + random.nextInt(4);
      case "customerId" -> "fz-c" + random.nextInt(4);
      case "projection" -> Nasty.any(random, pools.projections());
      case "fault" -> Nasty.any(random, pools.faults().get(endpoint.service()));
      case "dltTopic" ->
          Nasty.any(
              random,
              List.of("orders.events.DLT", "inventory.events.DLT", "notifications.events.DLT"));
      case "partition" -> Integer.toString(random.nextInt(3));
      case "offset" -> Integer.toString(random.nextInt(5));
      case "unknown" ->
          Nasty.any(
              random,
              List.of(
                  "",
                  "error",
                  "index.html",
                  "actuator/env",
                  "actuator/heapdump",
                  "actuator/beans",
                  "swagger-ui.html",
                  "api",
                  "api/admin",
                  "favicon.ico",
                  "WEB-INF/web.xml",
                  "META-INF/MANIFEST.MF"));
      default -> throw new IllegalArgumentException("No valid value for " + name);
    };
  }

  private String validParameter(String name) {
    var now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return switch (name) {
      case "orderId" ->
          pools.orderIds().isEmpty()
              ? new UUID(random.nextLong(), random.nextLong()).toString()
              : Nasty.any(random, pools.orderIds());
      case "customerId" -> "fz-c" + random.nextInt(4);
      case "page" -> Integer.toString(random.nextInt(3));
      case "size" -> Integer.toString(1 + random.nextInt(50));
      case "sort" ->
          Nasty.any(random, List.of("placedAt,desc", "sku,asc", "onHand,desc", "placedAt"));
      case "sku" -> "fz-o" + random.nextInt(3);
      case "from" -> now.minus(2, ChronoUnit.HOURS).toString();
      case "to" -> now.toString();
      default -> "x";
    };
  }

  private Map<String, Object> validBody(Endpoint endpoint) {
    return switch (endpoint.body()) {
      case NONE -> null;
      case ORDER -> {
        var lines = new ArrayList<Object>();
        for (int i = 0, n = 1 + random.nextInt(2); i < n; i++) {
          var line = new LinkedHashMap<String, Object>();
          // Skus the fuzzer stocks (some orders confirm, and can be cancelled) or never does.
          line.put(
              "sku",
              random.nextBoolean() ? "fz-s" + random.nextInt(4) : "fz-o" + random.nextInt(3));
          line.put("quantity", 1 + random.nextInt(3));
          line.put("unitPrice", new Json.Raw("9.99"));
          lines.add(line);
        }
        var order = new LinkedHashMap<String, Object>();
        order.put("customerId", "fz-c" + random.nextInt(4));
        order.put("lines", lines);
        yield order;
      }
      case STOCK -> new LinkedHashMap<>(Map.of("onHand", random.nextInt(100)));
      case FAULT -> {
        var fault = new LinkedHashMap<String, Object>();
        fault.put("enabled", random.nextBoolean());
        if (random.nextBoolean()) {
          fault.put(Nasty.any(random, List.of("latencyMs", "delayMs")), 1 + random.nextInt(50));
        }
        yield fault;
      }
    };
  }

  /** Changes one field anywhere in the body: a nasty value, a wrong type, gone, or one more. */
  @SuppressWarnings("unchecked")
  private void mutateField(Map<String, Object> body, List<String> mutations) {
    Map<String, Object> container = body;
    if (body.get("lines") instanceof List<?> lines && !lines.isEmpty() && random.nextBoolean()) {
      if (random.nextInt(4) == 0) {
        var many = new ArrayList<Object>();
        for (int i = 0; i < 101 + random.nextInt(2); i++) {
          many.add(lines.getFirst());
        }
        body.put("lines", many);
        mutations.add("lines: " + many.size());
        return;
      }
      if (lines.getFirst() instanceof Map<?, ?> line) {
        container = (Map<String, Object>) line;
      }
    }
    var names = List.copyOf(container.keySet());
    var name = names.isEmpty() ? "x" : Nasty.any(random, names);
    switch (random.nextInt(4)) {
      case 0 -> {
        container.put(name, new Json.Raw(Nasty.any(random, Nasty.NUMBERS)));
        mutations.add("field " + name + " = number");
      }
      case 1 -> {
        container.put(name, Nasty.any(random, Nasty.STRINGS));
        mutations.add("field " + name + " = string");
      }
      case 2 -> {
        container.remove(name);
        mutations.add("field " + name + " removed");
      }
      default -> {
        container.put(
            Nasty.any(random, List.of("extra", "$where", "__proto__", "id", "version", "status")),
            Nasty.any(random, Nasty.STRINGS));
        mutations.add("field added");
      }
    }
  }

  private String headerValue(String header) {
    return switch (header) {
      case "Content-Type" -> Nasty.any(random, Nasty.CONTENT_TYPES);
      case "Accept" -> Nasty.any(random, Nasty.ACCEPTS);
      case "Authorization" ->
          Nasty.any(
              random,
              List.of(
                  "Basic",
                  "Basic !!!",
                  "Basic "
                      + java.util.Base64.getEncoder().encodeToString("no-colon".getBytes(UTF_8)),
                  "Basic "
                      + java.util.Base64.getEncoder().encodeToString("admin:wrong".getBytes(UTF_8)),
                  "Bearer x.y.z",
                  "Digest x",
                  ""));
      case "Content-Encoding" -> Nasty.any(random, List.of("gzip", "br", "identity", "x"));
      case "Transfer-Encoding" -> Nasty.any(random, List.of("gzip", "identity", "x"));
      case "Expect" -> Nasty.any(random, List.of("100-continue", "200-ok"));
      case "Range" -> Nasty.any(random, List.of("bytes=0-1", "bytes=5-1", "lines=1", "bytes=-0"));
      default -> singleLine(Nasty.any(random, Nasty.STRINGS));
    };
  }

  /** A header value may not hold a line break: that would be another header, or the body. */
  private static String singleLine(String value) {
    return value.replace('\r', ' ').replace('\n', ' ');
  }

  private static String encoded(String value) {
    return URLEncoder.encode(value, UTF_8).replace("+", "%20");
  }

  private static String fill(String path, Map<String, String> variables) {
    var matcher = VARIABLE.matcher(path);
    var filled = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(
          filled,
          Matcher.quoteReplacement(variables.getOrDefault(matcher.group(1), matcher.group(0))));
    }
    matcher.appendTail(filled);
    return filled.toString();
  }

  private static String query(Map<String, String> parameters, CharSequence raw) {
    if (parameters.isEmpty() && raw.isEmpty()) {
      return "";
    }
    var query = new StringBuilder("?");
    parameters.forEach((name, value) -> {
      if (query.length() > 1) {
        query.append('&');
      }
      query.append(encoded(name)).append('=').append(value);
    });
    return query.append(raw).toString();
  }
}
