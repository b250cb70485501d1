package dev.orderflow.projection.rebuild;

import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.orderflow.platform.web.ClientLimits;
import dev.orderflow.platform.web.RequestProblems;
import dev.orderflow.projection.generation.ProjectionName;
import dev.orderflow.projection.rebuild.Rebuilds.ProjectionStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The HTTP contract of the projections' admin API in a web slice; its HTTP Basic is the platform's
 * and tested there (and over HTTP in {@code RebuildIT}), so the slice leaves the filters out.
 */
@WebMvcTest(ProjectionsAdminController.class)
@AutoConfigureMockMvc(addFilters = false)
@Import(RequestProblems.class)
class ProjectionsAdminControllerTest {

  @Autowired MockMvc http;
  @MockitoBean Rebuilds rebuilds;
  @MockitoBean ClientLimits limits;

  @Test
  void every_projection_says_which_generation_queries_read_and_whether_it_rebuilds()
      throws Exception {
    given(rebuilds.status(ProjectionName.ORDER))
        .willReturn(new ProjectionStatus("order", 3, "REBUILDING", 0.42, 4));
    given(rebuilds.status(ProjectionName.STOCK))
        .willReturn(new ProjectionStatus("stock", 1, "LIVE", 1.0, null));

    http.perform(get("/api/admin/projections"))
        .andExpect(status().isOk())
        .andExpect(
            content()
                .json(
                    """
                    [{"name":"order","generation":3,"status":"REBUILDING","progress":0.42,
                      "rebuildingGeneration":4},
                     {"name":"stock","generation":1,"status":"LIVE","progress":1.0,
                      "rebuildingGeneration":null}]
                    """,
                    JsonCompareMode.STRICT));
  }

  @Test
  void a_rebuild_is_accepted_with_its_status_and_where_to_follow_it() throws Exception {
    given(rebuilds.start(ProjectionName.STOCK))
        .willReturn(new ProjectionStatus("stock", 1, "REBUILDING", 0.0, 2));

    http.perform(post("/api/admin/projections/stock/rebuild"))
        .andExpect(status().isAccepted())
        .andExpect(header().string(HttpHeaders.LOCATION, "/api/admin/projections/stock"))
        .andExpect(jsonPath("$.rebuildingGeneration").value(2));
  }

  @Test
  void a_second_rebuild_is_a_409_and_an_unknown_projection_a_404() throws Exception {
    given(rebuilds.start(ProjectionName.ORDER))
        .willThrow(new RebuildInProgressException("order", 4));

    http.perform(post("/api/admin/projections/order/rebuild"))
        .andExpect(status().isConflict())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:rebuild-in-progress"));
    http.perform(post("/api/admin/projections/saga/rebuild"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:unknown-projection"));
  }
}
