package dev.orderflow.platform.web;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.URI;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's answer to a request it refuses before any servlet sees it (an invalid percent-encoding
 * in the path, a header larger than it accepts, a malformed request line): a problem detail like
 * every other refusal, instead of Tomcat's HTML error page. Where Tomcat would answer {@code 501}
 * (a {@code Transfer-Encoding} it does not know) or {@code 505} (an HTTP version it does not
 * speak), the answer is {@code 400}: the request is at fault, not the server.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Override
  protected void report(Request request, Response response, Throwable failure) {
    int code = response.getStatus();
    if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    var status = HttpStatus.resolve(code);
    if (status == null) {
      status = code < 500 ? HttpStatus.BAD_REQUEST : HttpStatus.INTERNAL_SERVER_ERROR;
    }
    if (status == HttpStatus.NOT_IMPLEMENTED || status == HttpStatus.HTTP_VERSION_NOT_SUPPORTED) {
      // Tomcat's answer to a Transfer-Encoding it does not know, or to an HTTP version other than
      // 1.x: the client's doing, so a 4xx, not a 5xx that would burn the error budget.
      status = HttpStatus.BAD_REQUEST;
      response.setStatus(status.value());
    }
    var problem =
        Problems.of(
            status,
            Problems.kindOf(status),
            status.getReasonPhrase(),
            status.is4xxClientError()
                ? "The request is malformed: its path, its headers or its encoding."
                : "The server failed to answer.");
    problem.setInstance(URI.create("/"));
    try {
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      response.setCharacterEncoding(UTF_8.name());
      var body = JSON.writeValueAsBytes(problem);
      response.getOutputStream().write(body);
      response.finishResponse();
    } catch (IOException | IllegalStateException e) {
      // The client went away, or the response cannot take a body: nothing more to say.
    }
  }

  /**
   * Puts the valve on Tomcat's host in place of the HTML ones (Tomcat's default and the one Boot
   * adds), after Boot's own customizers have run.
   */
  public static final class Installer
      implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
      factory.addContextCustomizers(context -> {
        if (context.getParent() instanceof StandardHost host) {
          for (var valve : host.getPipeline().getValves()) {
            if (valve instanceof ErrorReportValve) {
              host.getPipeline().removeValve(valve);
            }
          }
          host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
          host.getPipeline().addValve(new ProblemErrorReportValve());
        }
      });
    }

    @Override
    public int getOrder() {
      return Ordered.LOWEST_PRECEDENCE;
    }
  }
}
