package dev.orderflow.devstack.supervisor;

import java.time.Duration;

/**
 * How long to wait before restarting a process that died: {@code first} after a crash, doubling for
 * every further crash in a row up to {@code max}. A process that ran for {@code stableUptime}
 * before it died starts a new row, so a crash a day later is restarted at once again.
 */
public record RestartBackoff(Duration first, Duration max, Duration stableUptime) {

  /**
   * Restart after 1 s, then 2, 4, 8, 16, 30 s; a minute of uptime counts as recovered. The first
   * restart must come within 5 s, and the second of delay leaves time for a Ctrl-C that reached the
   * children before the supervisor to be recognised as a shutdown rather than a crash.
   */
  public static RestartBackoff standard() {
    return new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(1));
  }

  /** Crashes in a row, this one included, after {@code previous} and {@code uptime} of running. */
  public int crashesInARow(int previous, Duration uptime) {
    return uptime.compareTo(stableUptime) >= 0 ? 1 : previous + 1;
  }

  public Duration delayAfter(int crashesInARow) {
    int doublings = Math.min(Math.max(crashesInARow - 1, 0), 30);
    var delay = first.multipliedBy(1L << doublings);
    return delay.compareTo(max) > 0 ? max : delay;
  }
}
