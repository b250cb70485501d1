package dev.orderflow.platform;

import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.OrderEvent;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.kafka.UnprocessableEventException;
import dev.orderflow.platform.outbox.EmbeddedOutbox;
import dev.orderflow.platform.outbox.OutboxRelay;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * A service with nothing but the platform: one embedded outbox to relay and one listener whose
 * handler refuses orders of customer {@value #POISON_CUSTOMER}. All platform tests share this one
 * context, so there is one relay and one consumer group.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class PlatformTestApplication {

  public static final String PARCELS = "parcels";
  public static final String POISON_CUSTOMER = "poison";

  @Bean
  EmbeddedOutbox parcels(MongoTemplate mongo, EventJson json, OutboxRelay relay, Clock clock) {
    return new EmbeddedOutbox(PARCELS, mongo, json, relay, clock);
  }

  @Bean
  HandledEvents handledEvents() {
    return new HandledEvents();
  }

  /** What the test listener handled successfully. */
  public static final class HandledEvents {

    private final List<DomainEvent> events = new CopyOnWriteArrayList<>();

    @KafkaListener(topics = "orders.events")
    void on(DomainEvent event) {
      if (event instanceof OrderEvent.OrderPlaced placed
          && placed.customerId().equals(POISON_CUSTOMER)) {
        throw new UnprocessableEventException("customer " + POISON_CUSTOMER + " is refused");
      }
      events.add(event);
    }

    public List<DomainEvent> all() {
      return List.copyOf(events);
    }
  }
}
