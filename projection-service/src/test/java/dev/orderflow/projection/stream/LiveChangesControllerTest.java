package dev.orderflow.projection.stream;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.orderflow.platform.web.ClientLimits;
import dev.orderflow.platform.web.RequestProblems;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The HTTP contract of {@code GET /api/stream} in a web slice: what a request asks of the feed.
 * What the feed sends is {@code LiveChangesTest}'s, over HTTP {@code LiveChangesIT}'s.
 */
@WebMvcTest(LiveChangesController.class)
@AutoConfigureMockMvc(addFilters = false)
@Import(RequestProblems.class)
class LiveChangesControllerTest {

  @Autowired MockMvc http;
  @MockitoBean LiveChanges changes;
  @MockitoBean ClientLimits limits;

  @Test
  void a_subscription_narrowed_to_an_order_resumes_after_the_last_event_id() throws Exception {
    given(changes.subscribe(any(ChangeFilter.class), any(), anyString()))
        .willReturn(new SseEmitter());

    http.perform(
            get("/api/stream")
                .param("orderId", "o-1")
                .header("Last-Event-ID", "1234")
                .accept(MediaType.TEXT_EVENT_STREAM))
        .andExpect(request().asyncStarted());

    then(limits).should().charge(ClientLimits.STREAM);
    then(changes).should().subscribe(eq(new ChangeFilter(null, "o-1")), eq(1234L), anyString());
  }

  @Test
  void a_last_event_id_this_service_never_sent_asks_for_a_reset() throws Exception {
    given(changes.subscribe(any(ChangeFilter.class), any(), anyString()))
        .willReturn(new SseEmitter());

    http.perform(get("/api/stream").header("Last-Event-ID", "not-a-number"))
        .andExpect(request().asyncStarted());

    then(changes).should().subscribe(eq(ChangeFilter.EVERYTHING), eq(-1L), anyString());
  }

  @Test
  void an_id_that_cannot_exist_is_a_400_problem_and_subscribes_nothing() throws Exception {
    http.perform(get("/api/stream").param("customerId", "no such id!"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:invalid-request"));

    then(changes).should(never()).subscribe(any(ChangeFilter.class), any(), anyString());
  }
}
