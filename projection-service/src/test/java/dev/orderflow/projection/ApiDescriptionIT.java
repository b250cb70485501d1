package dev.orderflow.projection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class ApiDescriptionIT extends ProjectionServiceIntegrationTest {

  @Test
  void the_openapi_description_lists_every_query_and_the_admin_api_with_basic_auth() {
    http.get()
        .uri("/v3/api-docs")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.info.title")
        .isEqualTo("orderflow projection-service")
        .jsonPath("$.paths['/api/orders/{orderId}'].get")
        .exists()
        .jsonPath("$.paths['/api/customers/{customerId}/orders'].get.parameters[*].name")
        .value(names -> assertThat(names.toString()).contains("page", "size", "sort"))
        .jsonPath("$.paths['/api/stock'].get")
        .exists()
        .jsonPath("$.paths['/api/sales'].get")
        .exists()
        .jsonPath("$.paths['/api/stream'].get")
        .exists()
        .jsonPath("$.paths['/api/admin/projections/{name}/rebuild'].post.security[0].admin")
        .exists()
        .jsonPath("$.components.securitySchemes.admin.scheme")
        .isEqualTo("basic");
  }

  @Test
  void swagger_ui_is_served() {
    http.get()
        .uri("/swagger-ui.html")
        .exchange()
        .expectStatus()
        .is3xxRedirection()
        .expectHeader()
        .value(
            HttpHeaders.LOCATION,
            location -> assertThat(location).contains("swagger-ui/index.html"));
    http.get()
        .uri("/swagger-ui/index.html")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .value(page -> assertThat(page).contains("Swagger UI"));
  }
}
