package dev.orderflow.platform.admin;

import dev.orderflow.platform.kafka.DeadLetter;
import dev.orderflow.platform.kafka.DeadLetterInbox;
import dev.orderflow.platform.web.ClientLimits;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * This service's dead letters: {@code GET} lists them with their cause, {@code POST .../redrive}
 * sends one back to its topic after a fix, {@code POST /redrive} sends back all that are still
 * dead.
 */
@RestController
@RequestMapping("/api/admin/dead-letters")
public class DeadLettersController {

  private final DeadLetterInbox inbox;
  private final ClientLimits limits;

  public DeadLettersController(DeadLetterInbox inbox, ClientLimits limits) {
    this.inbox = inbox;
    this.limits = limits;
  }

  record DeadLetterView(
      String id,
      String status,
      @Nullable String topic,
      @Nullable String key,
      @Nullable String exception,
      @Nullable String message,
      java.time.Instant deadAt,
      java.time.@Nullable Instant redrivenAt,
      @Nullable String value) {

    static DeadLetterView of(DeadLetter letter) {
      return new DeadLetterView(
          letter.id(),
          letter.status(),
          letter.topic(),
          letter.key(),
          letter.exception(),
          letter.message(),
          letter.deadAt(),
          letter.redrivenAt(),
          letter.value());
    }
  }

  @GetMapping
  List<DeadLetterView> list() {
    limits.charge(ClientLimits.ADMIN);
    return inbox.list().stream().map(DeadLetterView::of).toList();
  }

  @PostMapping("/{deadLetterTopic}/{partition}/{offset}/redrive")
  DeadLetterView redrive(
      @PathVariable String deadLetterTopic,
      @PathVariable int partition,
      @PathVariable long offset) {
    limits.charge(ClientLimits.ADMIN);
    return DeadLetterView.of(inbox.redrive(deadLetterTopic, partition, offset));
  }

  @PostMapping("/redrive")
  List<DeadLetterView> redriveAll() {
    limits.charge(ClientLimits.ADMIN);
    return inbox.redriveAll().stream().map(DeadLetterView::of).toList();
  }
}
