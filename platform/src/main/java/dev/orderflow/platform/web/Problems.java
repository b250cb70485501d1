package dev.orderflow.platform.web;

import java.net.URI;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * RFC 9457 problem details with a stable {@code type} per kind of problem, so a client can branch
 * on the type rather than on the wording of {@code detail}. The kinds are listed in {@code
 * docs/api.md}.
 */
public final class Problems {

  private Problems() {}

  /** The type URI of a problem kind, e.g. {@code urn:orderflow:problem:order-not-found}. */
  public static URI type(String kind) {
    return URI.create("urn:orderflow:problem:" + kind);
  }

  /**
   * The kind of a problem that has no kind of its own, named after its status: {@code
   * method-not-allowed}, {@code not-found}, {@code unsupported-media-type}.
   */
  public static String kindOf(HttpStatusCode status) {
    var known = HttpStatus.resolve(status.value());
    return known == null
        ? "status-" + status.value()
        : known.getReasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
  }

  /**
   * The {@code instance} of a problem about a request to {@code path}: the path as a relative URI,
   * each character outside letters, digits and {@code /._~-} replaced by {@code _}, and leading
   * slashes made one, since {@code //host} would read as an authority.
   */
  public static URI instance(String path) {
    return URI.create(path.replaceAll("[^A-Za-z0-9/._~-]", "_").replaceFirst("^/+", "/"));
  }

  /**
   * A problem with no kind of its own (a path that does not exist, a method it does not take):
   * typed and titled after its status.
   */
  public static ProblemDetail forStatus(HttpStatus status, String detail) {
    return of(status, kindOf(status), status.getReasonPhrase(), detail);
  }

  public static ProblemDetail of(
      HttpStatus status, String kind, String title, @Nullable String detail) {
    var problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(type(kind));
    problem.setTitle(title);
    return problem;
  }
}
