package dev.orderflow.systemtest.docs;

import dev.orderflow.systemtest.docs.CodeTour.Location;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code docs/tour.md}: the tours of {@code .tours/} for readers without the editor. Each tour's
 * title and description, then each step: its number and title, a link to its file at the line its
 * pattern matches now, and its description.
 */
final class TourPage {

  static final String PATH = "docs/tour.md";

  /** How to write the page again: in the page itself and in {@link TourTest}'s failure. */
  static final String REGENERATE =
      "./mvnw -B test -pl system-tests -Dtest=TourTest -Dtour.write=true";

  private static final String HEADER =
      """
      <!-- Written from the tours in .tours/ by TourTest (system-tests): edit the tours, not this
           page, then write it again with
           %s
           (also after code a step points at has moved: the line numbers follow). -->
      # A tour of the code

      Three walks through the code, to take in order: one order's life from the controller to the
      live stream, what happens when things go wrong, and how it is proven. Each stop is one line
      of code, linked, and a paragraph on what it teaches and why it is done so. In VS Code with the
      [CodeTour](https://marketplace.visualstudio.com/items?itemName=vsls-contrib.codetour) extension
      the same tours open from `.tours/`.

      """;

  private TourPage() {}

  /**
   * The page of {@code tours}, their steps located under {@code root}.
   *
   * @throws IllegalStateException if a step points at no line, or at more than one
   */
  static String render(List<CodeTour> tours, Path root) {
    var page = new StringBuilder();
    page.append(HEADER.formatted(REGENERATE));
    for (int t = 0; t < tours.size(); t++) {
      var heading = tours.get(t).title().strip();
      page.append("- [")
          .append(heading)
          .append("](#")
          .append(anchor(heading))
          .append("): ")
          .append(tours.get(t).steps().size())
          .append(tours.get(t).steps().size() == 1 ? " step\n" : " steps\n");
    }
    for (int t = 0; t < tours.size(); t++) {
      var tour = tours.get(t);
      page.append("\n## ").append(tour.title().strip()).append("\n\n");
      page.append(tour.description().strip()).append("\n");
      for (int s = 0; s < tour.steps().size(); s++) {
        var step = tour.steps().get(s);
        int line =
            switch (CodeTour.locate(root, step)) {
              case Location.Found found -> found.line();
              case Location.Wrong wrong ->
                  throw new IllegalStateException(
                      tour.file() + ", step " + (s + 1) + ": " + wrong.problem());
            };
        page.append("\n### ")
            .append(t + 1)
            .append('.')
            .append(s + 1)
            .append(' ')
            .append(step.title().strip())
            .append("\n\n[")
            .append(step.file())
            .append(':')
            .append(line)
            .append("](../")
            .append(step.file())
            .append("#L")
            .append(line)
            .append(")\n\n")
            .append(step.description().strip())
            .append("\n");
      }
    }
    return page.toString();
  }

  /** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens. */
  static String anchor(String heading) {
    return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
  }
}
