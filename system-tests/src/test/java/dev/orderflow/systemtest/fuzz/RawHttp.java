package dev.orderflow.systemtest.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request per connection: the fuzzer sends what no HTTP client
 * library lets through (a raw {@code %zz} in the path, a header without a value, a method nobody
 * defined), so it writes the bytes itself and reads the answer just far enough to judge it.
 */
final class RawHttp {

  /** Most of a body kept: a problem is a few hundred bytes; anything far larger is cut. */
  private static final int MAX_BODY = 1 << 20;

  private RawHttp() {}

  /**
   * An answer: its status, its headers (names in lower case), and its body, or no body for an event
   * stream, which never ends by itself.
   */
  record Response(int status, Map<String, String> headers, byte[] body) {

    String header(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  static Response send(int port, byte[] request) throws IOException {
    try (var socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(15_000);
      var out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
      } catch (IOException e) {
        // The server may answer and close before it has read everything (a body over the limit):
        // what it answered is still there to read.
      }
      var in = socket.getInputStream();
      var head = readHead(in);
      while (head.startsWith("HTTP/1.1 1")) {
        // 100 Continue and the like: the answer follows.
        head = readHead(in);
      }
      var lines = head.split("\r\n");
      var statusLine = lines[0].split(" ", 3);
      int status = Integer.parseInt(statusLine[1]);
      var headers = new LinkedHashMap<String, String>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.merge(
              lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
              lines[i].substring(colon + 1).trim(),
              (first, second) -> first + ", " + second);
        }
      }
      if (headers.getOrDefault("content-type", "").startsWith("text/event-stream")) {
        return new Response(status, headers, new byte[0]);
      }
      var body = readRest(in);
      if (headers.getOrDefault("transfer-encoding", "").contains("chunked")) {
        body = unchunked(body);
      }
      return new Response(status, headers, body);
    }
  }

  private static String readHead(InputStream in) throws IOException {
    var head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("The connection closed before the end of the answer's headers");
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  private static byte[] readRest(InputStream in) throws IOException {
    var body = new ByteArrayOutputStream();
    var buffer = new byte[8192];
    try {
      int read;
      while (body.size() < MAX_BODY && (read = in.read(buffer)) >= 0) {
        body.write(buffer, 0, read);
      }
    } catch (SocketTimeoutException e) {
      // A body that does not end: what came is enough to judge it.
    }
    return body.toByteArray();
  }

  private static byte[] unchunked(byte[] chunked) {
    var text = new String(chunked, StandardCharsets.ISO_8859_1);
    var body = new ByteArrayOutputStream();
    int at = 0;
    while (at < text.length()) {
      int lineEnd = text.indexOf("\r\n", at);
      if (lineEnd < 0) {
        break;
      }
      var size = text.substring(at, lineEnd).split(";")[0].trim();
      int length;
      try {
        length = Integer.parseInt(size, 16);
      } catch (NumberFormatException e) {
        break;
      }
      if (length == 0) {
        break;
      }
      int start = lineEnd + 2;
      int end = Math.min(text.length(), start + length);
      body.write(chunked, start, end - start);
      at = end + 2;
    }
    return body.toByteArray();
  }
}
