package dev.orderflow.projection.generation;

import dev.orderflow.projection.LiveReadModel;
import dev.orderflow.projection.customer.CustomerOrdersProjection;
import dev.orderflow.projection.order.OrderProjection;
import dev.orderflow.projection.sales.SalesProjection;
import dev.orderflow.projection.stock.StockProjection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What each query reads: the read model of the live generation, asked anew on every request. */
@Configuration(proxyBeanMethods = false)
class LiveReadModels {

  @Bean
  LiveReadModel<OrderProjection> liveOrders(LiveProjections live) {
    return () -> live.order().orders();
  }

  @Bean
  LiveReadModel<CustomerOrdersProjection> liveCustomerOrders(LiveProjections live) {
    return () -> live.order().customers();
  }

  @Bean
  LiveReadModel<SalesProjection> liveSales(LiveProjections live) {
    return () -> live.order().sales();
  }

  @Bean
  LiveReadModel<StockProjection> liveStock(LiveProjections live) {
    return () -> live.stock().stock();
  }
}
