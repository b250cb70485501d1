package dev.orderflow.systemtest.fuzz;

import java.util.List;
import java.util.Map;

/**
 * JSON text from maps, lists, strings, numbers, booleans and {@link Raw} pieces: a body with a
 * number no JSON library would write ({@code 1E+999999999}, five thousand nines) is still written
 * here as the fuzzer means it.
 */
final class Json {

  /** A piece of JSON text written as it is. */
  record Raw(String text) {}

  private Json() {}

  static String write(Object value) {
    var out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  private static void write(Object value, StringBuilder out) {
    switch (value) {
      case null -> out.append("null");
      case Raw raw -> out.append(raw.text());
      case String text -> string(text, out);
      case Number number -> out.append(number);
      case Boolean bool -> out.append(bool);
      case Map<?, ?> map -> {
        out.append('{');
        boolean first = true;
        for (var entry : map.entrySet()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          string(String.valueOf(entry.getKey()), out);
          out.append(':');
          write(entry.getValue(), out);
        }
        out.append('}');
      }
      case List<?> list -> {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(list.get(i), out);
        }
        out.append(']');
      }
      default -> string(value.toString(), out);
    }
  }

  private static void string(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
