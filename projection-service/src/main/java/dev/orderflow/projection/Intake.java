package dev.orderflow.projection;

import java.util.Locale;

/**
 * Which consumer applied an event: the live one, which keeps the generation queries read up to
 * date, or a rebuild, which replays the topics into a new generation. Metrics are kept apart by it,
 * so a rebuild's thousands of replayed duplicates never look like trouble on the live side.
 */
public enum Intake {
  LIVE,
  REBUILD;

  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
