package dev.orderflow.projection.rebuild.domain;

import java.util.Map;

/**
 * How far a rebuild is: the records it consumed over the records the topics held when it started
 * (end offsets captured then, minus where each partition began). Records written after the start
 * are caught up too, but do not move the target, so progress reaches 1 and stays there.
 */
public record RebuildProgress(Map<String, Long> beginnings, Map<String, Long> targets) {

  static final int BAR_WIDTH = 30;

  public RebuildProgress {
    beginnings = Map.copyOf(beginnings);
    targets = Map.copyOf(targets);
  }

  public long total() {
    long total = 0;
    for (var target : targets.entrySet()) {
      total += Math.max(0, target.getValue() - beginnings.getOrDefault(target.getKey(), 0L));
    }
    return total;
  }

  public long consumed(Map<String, Long> positions) {
    long consumed = 0;
    for (var target : targets.entrySet()) {
      var begin = beginnings.getOrDefault(target.getKey(), 0L);
      var position = positions.getOrDefault(target.getKey(), begin);
      consumed += Math.max(0, Math.min(position, target.getValue()) - begin);
    }
    return consumed;
  }

  /** From 0 to 1; 1 when there was nothing to replay. */
  public double fraction(Map<String, Long> positions) {
    var total = total();
    return total == 0 ? 1.0 : (double) consumed(positions) / total;
  }

  /** Whether every partition is read up to {@code offsets} (a partition not named: up to 0). */
  public static boolean reached(Map<String, Long> positions, Map<String, Long> offsets) {
    for (var offset : offsets.entrySet()) {
      if (positions.getOrDefault(offset.getKey(), 0L) < offset.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** {@code [#########---------------------] 30% 300/1000 records}. */
  public String bar(Map<String, Long> positions) {
    var fraction = fraction(positions);
    var filled = (int) Math.round(fraction * BAR_WIDTH);
    return "["
        + "#".repeat(filled)
        + "-".repeat(BAR_WIDTH - filled)
        + "] %3d%% %d/%d records"
            .formatted(Math.round(fraction * 100), consumed(positions), total());
  }
}
