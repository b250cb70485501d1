package dev.orderflow.projection.rebuild;

import dev.orderflow.platform.web.ClientLimits;
import dev.orderflow.platform.web.Problems;
import dev.orderflow.projection.generation.ProjectionName;
import dev.orderflow.projection.rebuild.Rebuilds.ProjectionStatus;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The read side's admin API, under {@code /api/admin/**} (HTTP Basic, from the platform):
 *
 * <ul>
 *   <li>{@code GET /api/admin/projections}: {@code
 *       [{"name","generation","status":"LIVE|REBUILDING", "progress":0.0-1.0,
 *       "rebuildingGeneration"}]}, {@code generation} being the one queries read;
 *   <li>{@code POST /api/admin/projections/{name}/rebuild}: {@code 202} and the status, the rebuild
 *       runs in the background; {@code 409} while one runs, {@code 404} for an unknown name.
 * </ul>
 */
@RestController
@RequestMapping("/api/admin/projections")
class ProjectionsAdminController {

  private final Rebuilds rebuilds;
  private final ClientLimits limits;

  ProjectionsAdminController(Rebuilds rebuilds, ClientLimits limits) {
    this.rebuilds = rebuilds;
    this.limits = limits;
  }

  @GetMapping
  List<ProjectionStatus> all() {
    limits.charge(ClientLimits.ADMIN);
    return Arrays.stream(ProjectionName.values()).map(rebuilds::status).toList();
  }

  @GetMapping("/{name}")
  ProjectionStatus one(@PathVariable String name) {
    limits.charge(ClientLimits.ADMIN);
    return rebuilds.status(projection(name));
  }

  @PostMapping("/{name}/rebuild")
  ResponseEntity<ProjectionStatus> rebuild(@PathVariable String name) {
    limits.charge(ClientLimits.ADMIN);
    var status = rebuilds.start(projection(name));
    // Relative, like every link of the API: nothing is built from the client's Host header.
    return ResponseEntity.accepted()
        .location(URI.create("/api/admin/projections/" + status.name()))
        .body(status);
  }

  private static ProjectionName projection(String name) {
    return ProjectionName.byId(name).orElseThrow(() -> new UnknownProjectionException(name));
  }

  @ExceptionHandler
  ProblemDetail unknown(UnknownProjectionException e) {
    return Problems.of(
        HttpStatus.NOT_FOUND, "unknown-projection", "Unknown projection", e.getMessage());
  }

  @ExceptionHandler
  ProblemDetail inProgress(RebuildInProgressException e) {
    return Problems.of(
        HttpStatus.CONFLICT, "rebuild-in-progress", "A rebuild is running", e.getMessage());
  }
}
