package dev.orderflow.projection;

import dev.orderflow.platform.web.Problems;
import dev.orderflow.projection.domain.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Paging and sorting of the list queries. A page stays a plain JSON array, as the API has always
 * answered; where it sits in the whole list travels in headers: {@code X-Total-Count} and an RFC
 * 8288 {@code Link} header with {@code first}, {@code prev}, {@code next} and {@code last}.
 */
public final class Paging {

  public static final int MAX_SIZE = 100;

  private Paging() {}

  /**
   * A sort order from a {@code sort} parameter such as {@code placedAt,desc}.
   *
   * @param property one of the properties the list can be sorted by
   */
  public record Sort(String property, boolean ascending) {

    /**
     * Parses {@code sort}; a property not in {@code allowed} or a direction other than {@code asc}
     * and {@code desc} is a 400 {@code invalid-request} problem naming the parameter.
     */
    public static Sort parse(String sort, Set<String> allowed) {
      var parts = sort.split(",", -1);
      var direction = parts.length > 1 ? parts[1].trim().toLowerCase(Locale.ROOT) : "asc";
      if (parts.length > 2
          || !allowed.contains(parts[0].trim())
          || !(direction.equals("asc") || direction.equals("desc"))) {
        throw invalid("sort", "must be <property>[,asc|desc] with a property of " + allowed);
      }
      return new Sort(parts[0].trim(), direction.equals("asc"));
    }
  }

  /**
   * A 400 {@code invalid-request} problem naming the query parameter, as the platform answers a
   * constraint a parameter breaks: for the checks a constraint annotation cannot make.
   */
  public static ErrorResponseException invalid(String parameter, String message) {
    var problem =
        Problems.of(
            HttpStatus.BAD_REQUEST,
            "invalid-request",
            "Invalid request",
            "The request is not valid.");
    problem.setProperty("errors", List.of(Map.of("parameter", parameter, "message", message)));
    return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
  }

  /** {@code 200} with the page as a JSON array and where it sits in headers. */
  public static <T> ResponseEntity<List<T>> response(Page<T> page) {
    var headers = new HttpHeaders();
    headers.add("X-Total-Count", Long.toString(page.total()));
    var links = new ArrayList<String>();
    links.add(link(0, page.size(), "first"));
    if (page.page() > 0) {
      links.add(link(Math.min(page.page() - 1, page.lastPage()), page.size(), "prev"));
    }
    if (page.page() < page.lastPage()) {
      links.add(link(page.page() + 1, page.size(), "next"));
    }
    links.add(link(page.lastPage(), page.size(), "last"));
    headers.add(HttpHeaders.LINK, String.join(", ", links));
    return ResponseEntity.ok().headers(headers).body(page.items());
  }

  /**
   * A link relative to this host (path and query only): the request's {@code Host} header is the
   * client's to choose, so nothing built from it is sent back.
   */
  private static String link(long page, int size, String relation) {
    var request =
        ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
    var query = request.getQueryString();
    var uri =
        UriComponentsBuilder.fromUriString(
                request.getRequestURI() + (query == null ? "" : "?" + query))
            .replaceQueryParam("page", page)
            .replaceQueryParam("size", size)
            .build()
            .toUriString();
    return "<" + uri + ">; rel=\"" + relation + "\"";
  }
}
