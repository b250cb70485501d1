package dev.orderflow.projection;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}), generated
 * by springdoc from the controllers; only what it cannot see is said here: what the service is, and
 * that the admin API needs HTTP Basic.
 */
@Configuration(proxyBeanMethods = false)
class ApiDescription {

  static final String ADMIN = "admin";

  @Bean
  OpenAPI projectionServiceApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("orderflow projection-service")
                .version("1")
                .description(
                    "The read side: order views with their timeline, customer order histories,"
                        + " stock, sales per sku and hour, a live stream of"
                        + " changes (Server-Sent Events), and rebuilds of the read models."
                        + " Errors are RFC 9457 problem details."))
        .schemaRequirement(
            ADMIN, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"));
  }

  /** Marks every operation under {@code /api/admin} as needing the admin's credentials. */
  @Bean
  OpenApiCustomizer adminNeedsCredentials() {
    return api ->
        api.getPaths()
            .forEach((path, item) -> {
              if (path.startsWith("/api/admin")) {
                item.readOperations()
                    .forEach(operation ->
                        operation.addSecurityItem(new SecurityRequirement().addList(ADMIN)));
              }
            });
  }
}
