package dev.orderflow.systemtest.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

import dev.orderflow.systemtest.compose.Repository;
import dev.orderflow.systemtest.docs.CodeTour.Location;
import dev.orderflow.systemtest.docs.CodeTour.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The code tours of {@code .tours/} (VS Code's CodeTour) and {@code docs/tour.md}, the same tours
 * for readers without the editor, stay true to the code: every step names a file that exists and a
 * pattern found in exactly one line of it, and the page is what the tours render to, each step's
 * link at the line its pattern finds now.
 *
 * <p>After a tour changed, or code a step points at moved, write the page again:
 *
 * <pre>
 * ./mvnw -B test -pl system-tests -Dtest=TourTest -Dtour.write=true
 * </pre>
 */
class TourTest {

  /** Set to {@code true}, the test writes {@code docs/tour.md} instead of failing on a change. */
  static final String WRITE = "tour.write";

  private final List<CodeTour> tours = CodeTour.all();

  @Test
  void every_tour_is_a_code_tour_with_a_title_a_description_and_steps() {
    assertThat(tours).extracting(CodeTour::title).isNotEmpty().doesNotHaveDuplicates();
    for (var tour : tours) {
      assertThat(tour.schema()).as(tour.file() + ": $schema").isEqualTo(CodeTour.SCHEMA);
      assertThat(tour.title()).as(tour.file() + ": title").isNotBlank();
      assertThat(tour.description()).as(tour.file() + ": description").isNotBlank();
      assertThat(tour.steps()).as(tour.file() + ": steps").isNotEmpty();
      for (var step : tour.steps()) {
        assertThat(step.pattern())
            .as(tour.file() + ": the pattern (not a line number) of the step at " + step.file())
            .isNotBlank();
        assertThat(List.of(step.title(), step.description()))
            .as(tour.file() + ": title and description of the step at " + step.file())
            .allSatisfy(text -> assertThat(text).isNotBlank().doesNotContain("\n\n"));
      }
    }
  }

  @Test
  void every_step_points_at_exactly_one_line_of_a_file_that_exists() {
    var problems = new ArrayList<String>();
    for (var tour : tours) {
      for (int s = 0; s < tour.steps().size(); s++) {
        var step = tour.steps().get(s);
        if (CodeTour.locate(Repository.root(), step) instanceof Location.Wrong wrong) {
          problems.add(
              tour.file() + ", step " + (s + 1) + " (" + step.title() + "): " + wrong.problem());
        }
      }
    }
    assertThat(problems).as("steps that point at no line or at several").isEmpty();
  }

  @Test
  void the_page_is_what_the_tours_render_to() throws IOException {
    var rendered = TourPage.render(tours, Repository.root());
    var page = Repository.file(TourPage.PATH);
    if (Boolean.getBoolean(WRITE)) {
      Files.writeString(page, rendered);
    }
    var committed = Files.exists(page) ? Repository.read(page) : "";
    if (!committed.equals(rendered)) {
      fail(
          "%s is not what the tours of %s/ render to (%s); write it again with%n  %s",
          TourPage.PATH,
          CodeTour.FOLDER,
          firstDifference(committed, rendered),
          TourPage.REGENERATE);
    }
  }

  @Test
  void a_step_whose_pattern_matches_no_line_or_two_is_reported(@TempDir Path root)
      throws IOException {
    Files.writeString(root.resolve("Example.java"), "class Example {\n  int a;\n  int a2;\n}\n");

    assertThat(CodeTour.locate(root, step("Example.java", "^class Example")))
        .isEqualTo(new Location.Found(1));
    assertThat(CodeTour.locate(root, step("Example.java", "int b;")))
        .isEqualTo(new Location.Wrong("pattern /int b;/ matches no line of Example.java"));
    assertThat(CodeTour.locate(root, step("Example.java", "int a")))
        .isEqualTo(
            new Location.Wrong("pattern /int a/ matches 2 lines of Example.java, not one: [2, 3]"));
    assertThat(CodeTour.locate(root, step("Missing.java", "class")))
        .isEqualTo(new Location.Wrong("file Missing.java does not exist"));
    assertThat(CodeTour.locate(root, step("Example.java", "int a(")))
        .isEqualTo(new Location.Wrong("pattern /int a(/ is not a regular expression"));
  }

  @Test
  void a_step_that_codetour_would_find_on_another_line_is_reported(@TempDir Path root)
      throws IOException {
    Files.writeString(root.resolve("Example.java"), "class Example {\n\n  int b;\n}\n");

    assertThat(CodeTour.locate(root, step("Example.java", "^\\s*int b")))
        .isEqualTo(
            new Location.Wrong(
                "pattern /^\\s*int b/ matches line 3 of Example.java, but CodeTour, searching the"
                    + " whole file, finds it at line 2"));
    assertThat(CodeTour.locate(root, step("Example.java", "^ +int b")))
        .isEqualTo(new Location.Found(3));
  }

  @Test
  void a_page_with_a_step_that_points_at_two_lines_is_not_written(@TempDir Path root)
      throws IOException {
    Files.writeString(root.resolve("Example.java"), "int a;\nint a;\n");
    var tour =
        new CodeTour(
            ".tours/x.tour",
            CodeTour.SCHEMA,
            "A tour",
            "About it.",
            List.of(step("Example.java", "int a;")));

    var problem = catchThrowable(() -> TourPage.render(List.of(tour), root));

    assertThat(problem)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            ".tours/x.tour, step 1: pattern /int a;/ matches 2 lines of Example.java, not one:"
                + " [1, 2]");
  }

  @Test
  void a_step_links_to_its_file_at_the_line_its_pattern_finds(@TempDir Path root)
      throws IOException {
    Files.createDirectories(root.resolve("src"));
    Files.writeString(root.resolve("src/Example.java"), "class Example {\n  void go() {}\n}\n");
    var tour =
        new CodeTour(
            ".tours/1-example.tour",
            CodeTour.SCHEMA,
            "1 - An example",
            "What it shows.",
            List.of(new Step("src/Example.java", "void go\\(", "Going", "It goes.")));

    assertThat(TourPage.render(List.of(tour), root))
        .contains("- [1 - An example](#1---an-example): 1 step\n")
        .contains(
            "\n## 1 - An example\n\nWhat it shows.\n\n### 1.1 Going\n\n"
                + "[src/Example.java:2](../src/Example.java#L2)\n\nIt goes.\n");
  }

  private static Step step(String file, String pattern) {
    return new Step(file, pattern, "A step", "What it shows.");
  }

  /** Where two texts part, by line. */
  private static String firstDifference(String committed, String rendered) {
    var was = committed.split("\n", -1);
    var is = rendered.split("\n", -1);
    for (int i = 0; i < Math.max(was.length, is.length); i++) {
      var before = i < was.length ? was[i] : "(end of file)";
      var after = i < is.length ? is[i] : "(end of file)";
      if (!before.equals(after)) {
        return "line " + (i + 1) + " is \"" + before + "\", the tours say \"" + after + "\"";
      }
    }
    return "they differ";
  }
}
