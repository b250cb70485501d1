package dev.orderflow.notification;

import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.orderflow.events.NotificationKind;
import dev.orderflow.notification.domain.Notification;
import dev.orderflow.notification.domain.NotificationStatus;
import dev.orderflow.platform.web.RequestProblems;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The HTTP contract of {@code GET /api/notifications} in a web slice: the controller, the
 * platform's problem details, and the store as a stub; no broker, no database. The admin API's
 * security is the platform's and tested there, so the slice leaves the filters out.
 */
@WebMvcTest(NotificationController.class)
@AutoConfigureMockMvc(addFilters = false)
@Import(RequestProblems.class)
class NotificationControllerTest {

  static final Instant SENT_AT = Instant.parse("2026-03-01T10:15:30.123Z");

  @Autowired MockMvc http;
  @MockitoBean NotificationStore notifications;

  @Test
  void the_emails_of_an_order_show_kind_status_and_when_each_was_sent() throws Exception {
    given(notifications.ofOrder("o-1"))
        .willReturn(
            List.of(
                notification("o-1", NotificationKind.ORDER_CONFIRMED, NotificationStatus.SENT),
                notification("o-1", NotificationKind.ORDER_CANCELLED, NotificationStatus.PENDING)));

    http.perform(get("/api/notifications").param("orderId", "o-1"))
        .andExpect(status().isOk())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
        .andExpect(
            content()
                .json(
                    """
                    [{"orderId":"o-1","kind":"ORDER_CONFIRMED","status":"SENT",
                      "sentAt":"2026-03-01T10:15:30.123Z"},
                     {"orderId":"o-1","kind":"ORDER_CANCELLED","status":"PENDING","sentAt":null}]
                    """,
                    JsonCompareMode.STRICT));
  }

  @Test
  void an_order_without_emails_has_an_empty_list() throws Exception {
    given(notifications.ofOrder("o-2")).willReturn(List.of());

    http.perform(get("/api/notifications").param("orderId", "o-2"))
        .andExpect(status().isOk())
        .andExpect(content().json("[]"));
  }

  @Test
  void without_an_order_id_the_request_is_a_400_problem_naming_the_parameter() throws Exception {
    http.perform(get("/api/notifications"))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:invalid-request"))
        .andExpect(jsonPath("$.errors[0].parameter").value("orderId"))
        .andExpect(jsonPath("$.errors[0].message").value("is required"));
  }

  @Test
  void an_order_id_that_cannot_exist_is_a_400_problem() throws Exception {
    http.perform(get("/api/notifications").param("orderId", "not an id!"))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:invalid-request"))
        .andExpect(jsonPath("$.errors[0].parameter").value("orderId"));
  }

  @Test
  void the_api_only_reads_a_post_is_405() throws Exception {
    http.perform(post("/api/notifications").param("orderId", "o-1"))
        .andExpect(status().isMethodNotAllowed())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:method-not-allowed"));
  }

  private static Notification notification(
      String orderId, NotificationKind kind, NotificationStatus status) {
    return new Notification(
        orderId + ":" + kind,
        orderId,
        kind,
        "c-1@customers.orderflow.dev",
        status,
        1,
        status == NotificationStatus.SENT ? SENT_AT : null,
        null,
        null);
  }
}
