package dev.orderflow.order.adapter.store;

import dev.orderflow.order.application.GroupCommit;
import dev.orderflow.order.application.GroupCommitProperties;
import dev.orderflow.order.application.OrderEventStore;
import dev.orderflow.platform.web.ClientLimits;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The placements' group commit on the MongoDB stores, with the size of each group written as {@code
 * orders_group_commit_size} (a histogram: how many placements shared one write) and the placements
 * refused over its capacity in {@code http_rate_limited_total{limit="group-commit"}}.
 */
@Configuration(proxyBeanMethods = false)
class GroupCommitConfiguration {

  @Bean(destroyMethod = "close")
  GroupCommit groupCommit(
      OrderEventStore store, GroupCommitProperties properties, MeterRegistry registry) {
    var sizes =
        DistributionSummary.builder("orders.group.commit.size")
            .description("Placements written together by one group commit")
            .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256)
            .register(registry);
    return new GroupCommit(
        store,
        properties.maxGroup(),
        properties.linger(),
        properties.capacity(),
        sizes::record,
        ClientLimits.rateLimited(registry, "group-commit")::increment);
  }
}
