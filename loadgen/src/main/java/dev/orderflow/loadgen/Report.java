package dev.orderflow.loadgen;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes results as JSON (for tools) and Markdown (for people), side by side. */
final class Report {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Report() {}

  /** Writes {@code <base>.json} and {@code <base>.md}; returns the JSON file. */
  static Path write(Path base, Object results, String title) throws IOException {
    return write(base, results, title, "");
  }

  /** As above, with {@code appendix} (Markdown, e.g. a table) after the figures. */
  static Path write(Path base, Object results, String title, String appendix) throws IOException {
    Files.createDirectories(base.toAbsolutePath().getParent());
    var json = base.resolveSibling(base.getFileName() + ".json");
    JSON.writeValue(json.toFile(), results);
    var markdown = new StringBuilder("# ").append(title).append("\n\n| | |\n|---|---|\n");
    Map<String, Object> fields =
        JSON.convertValue(
            results,
            JSON.getTypeFactory()
                .constructMapType(LinkedHashMap.class, String.class, Object.class));
    fields.forEach((name, value) -> {
      if (!(value instanceof List<?>)) {
        markdown.append("| ").append(name).append(" | ").append(format(value)).append(" |\n");
      }
    });
    if (!appendix.isEmpty()) {
      markdown.append('\n').append(appendix);
    }
    Files.writeString(base.resolveSibling(base.getFileName() + ".md"), markdown);
    return json;
  }

  private static String format(Object value) {
    if (value instanceof Double number) {
      if (number == 0 || Math.abs(number) >= 1) {
        return String.format(Locale.ROOT, "%.1f", number);
      }
      // A share, such as the cancel ratio: its own decimals, up to three.
      return BigDecimal.valueOf(number)
          .setScale(3, RoundingMode.HALF_UP)
          .stripTrailingZeros()
          .toPlainString();
    }
    if (value instanceof Map<?, ?> map) {
      var text = new StringBuilder();
      map.forEach((key, inner) -> text.append(key).append(": ").append(format(inner)).append("; "));
      return text.toString().strip();
    }
    return String.valueOf(value);
  }
}
