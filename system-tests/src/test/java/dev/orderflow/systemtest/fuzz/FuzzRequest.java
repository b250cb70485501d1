package dev.orderflow.systemtest.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One request the fuzzer sends: an endpoint called right, then changed by {@code mutations}.
 *
 * @param endpoint the endpoint it started from
 * @param method the method it is sent with
 * @param target the path and query, as they go on the wire
 * @param variables the path variables as sent (possibly mutated), by name
 * @param headers every header but {@code Host}, {@code Connection} and {@code Content-Length}
 * @param body the body, or null for none
 * @param fields the body's fields while it is still a JSON object; null once it is not
 * @param mutations what was changed, in words, to reproduce and to read a failure
 */
record FuzzRequest(
    Endpoint endpoint,
    String method,
    String target,
    Map<String, String> variables,
    Map<String, String> headers,
    byte @Nullable [] body,
    @Nullable Map<String, Object> fields,
    List<String> mutations) {

  /** Whether it is the endpoint's own request, with nothing changed that makes it another. */
  boolean calls(String method, String pathPrefix) {
    return this.method.equals(method) && target.startsWith(pathPrefix);
  }

  byte[] bytes() {
    var out = new ByteArrayOutputStream();
    var head = new StringBuilder();
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: localhost\r\n");
    head.append("Connection: close\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      out.writeBytes(body);
    }
    return out.toByteArray();
  }

  /** The request in a few lines, for a failure message: enough to send it again with curl. */
  String describe() {
    var text = new StringBuilder();
    text.append(endpoint.service())
        .append(": ")
        .append(method)
        .append(' ')
        .append(abridged(target));
    headers.forEach(
        (name, value) -> text.append("\n  ").append(name).append(": ").append(abridged(value)));
    if (body != null) {
      text.append("\n  body (")
          .append(body.length)
          .append(" bytes): ")
          .append(abridged(new String(body, StandardCharsets.UTF_8)));
    }
    text.append("\n  changed: ")
        .append(mutations.isEmpty() ? "nothing" : String.join("; ", mutations));
    return text.toString();
  }

  private static String abridged(String text) {
    return text.length() <= 200
        ? text
        : text.substring(0, 200) + "... (" + text.length() + " chars)";
  }
}
