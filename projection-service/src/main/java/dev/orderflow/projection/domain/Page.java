package dev.orderflow.projection.domain;

import java.util.List;

/** One page of a list, and how long the whole list is. */
public record Page<T>(List<T> items, int page, int size, long total) {

  public Page {
    items = List.copyOf(items);
  }

  /** The page of {@code all} that {@code page} and {@code size} select. */
  public static <T> Page<T> of(List<T> all, int page, int size) {
    var from = (int) Math.min((long) page * size, all.size());
    var to = (int) Math.min((long) from + size, all.size());
    return new Page<>(all.subList(from, to), page, size, all.size());
  }

  public long lastPage() {
    return total == 0 ? 0 : (total - 1) / size;
  }
}
