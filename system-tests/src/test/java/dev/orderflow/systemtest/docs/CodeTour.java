package dev.orderflow.systemtest.docs;

import dev.orderflow.systemtest.compose.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.IntStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tour of {@code .tours/}, in the format of VS Code's CodeTour extension: a title, a description
 * and steps. A step names its line by a regular expression ({@code pattern}) that matches that line
 * alone, never by its number, so that it follows the line when the code around it moves.
 *
 * @param file the tour's file, from the repository root
 */
record CodeTour(String file, String schema, String title, String description, List<Step> steps) {

  static final String FOLDER = ".tours";
  static final String SCHEMA = "https://aka.ms/codetour-schema";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * One stop: the line of {@code file} (from the repository root) that {@code pattern} matches, and
   * one paragraph on it.
   */
  record Step(String file, String pattern, String title, String description) {}

  /** Where a step points: its line, or what is wrong with it. */
  sealed interface Location {

    /** The step's line, counted from 1. */
    record Found(int line) implements Location {}

    record Wrong(String problem) implements Location {}
  }

  /** Every tour of the repository, in the order of their file names (tours start with a number). */
  static List<CodeTour> all() {
    var folder = Repository.file(FOLDER);
    try (var files = Files.list(folder)) {
      return files
          .filter(path -> path.getFileName().toString().endsWith(".tour"))
          .sorted()
          .map(path -> read(Repository.root().relativize(path).toString()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static CodeTour read(String file) {
    var tour = JSON.readTree(Repository.read(file));
    var steps = new ArrayList<Step>();
    for (var step : tour.path("steps")) {
      steps.add(
          new Step(
              text(step, "file"),
              text(step, "pattern"),
              text(step, "title"),
              text(step, "description")));
    }
    return new CodeTour(
        file, text(tour, "$schema"), text(tour, "title"), text(tour, "description"), steps);
  }

  private static String text(JsonNode node, String field) {
    return node.path(field).asString("");
  }

  /**
   * The one line of {@code step.file()} under {@code root} that {@code step.pattern()} is found in;
   * wrong if the file does not exist, if the pattern is found in no line or in more than one, or if
   * CodeTour, which takes the first match in the whole file ({@code new RegExp(pattern, "m")}),
   * would find it elsewhere (a {@code \s} that runs on across a line break, say).
   */
  static Location locate(Path root, Step step) {
    var file = root.resolve(step.file()).normalize();
    if (step.file().isBlank() || !file.startsWith(root) || !Files.isRegularFile(file)) {
      return new Location.Wrong("file " + step.file() + " does not exist");
    }
    Pattern pattern;
    try {
      pattern = Pattern.compile(step.pattern(), Pattern.MULTILINE);
    } catch (PatternSyntaxException e) {
      return new Location.Wrong("pattern /" + step.pattern() + "/ is not a regular expression");
    }
    var text = Repository.read(file);
    var lines = text.split("\n", -1);
    var matching =
        IntStream.range(0, lines.length)
            .filter(i -> pattern.matcher(lines[i]).find())
            .mapToObj(i -> i + 1)
            .toList();
    if (matching.isEmpty()) {
      return new Location.Wrong(
          "pattern /" + step.pattern() + "/ matches no line of " + step.file());
    }
    if (matching.size() > 1) {
      return new Location.Wrong(
          "pattern /"
              + step.pattern()
              + "/ matches "
              + matching.size()
              + " lines of "
              + step.file()
              + ", not one: "
              + matching);
    }
    var first = pattern.matcher(text);
    first.find();
    int line = lineOf(text, first.start());
    if (line != matching.getFirst() || first.group().contains("\n")) {
      return new Location.Wrong(
          "pattern /"
              + step.pattern()
              + "/ matches line "
              + matching.getFirst()
              + " of "
              + step.file()
              + ", but CodeTour, searching the whole file, finds it at line "
              + line);
    }
    return new Location.Found(line);
  }

  private static int lineOf(String text, int index) {
    return (int) text.substring(0, index).chars().filter(c -> c == '\n').count() + 1;
  }
}
