package dev.orderflow.systemtest.fuzz;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The values a fuzzer tries first, because each has broken some parser somewhere: boundaries of
 * every number type, text that is empty, huge, invisible, or that means something to a database, a
 * shell, a path or a browser.
 */
final class Nasty {

  private Nasty() {}

  /** Raw JSON texts for a number field. */
  static final List<String> NUMBERS =
      List.of(
          "0",
          "-1",
          "1",
          "2.5",
          "-0.0",
          "0.001",
          "1e2",
          "2147483647",
          "2147483648",
          "-2147483649",
          "9223372036854775807",
          "9223372036854775808",
          "-9223372036854775809",
          "1e308",
          "1e309",
          "-1e309",
          "1E+999999999",
          "1e-999999999",
          "123456789012345678901234567890.123456789",
          "9".repeat(5000),
          "\"2\"",
          "\"\"",
          "\"NaN\"",
          "\"Infinity\"",
          "NaN",
          "Infinity",
          "true",
          "null",
          "[]",
          "{}",
          "[1]",
          "0x10",
          "01",
          "+1",
          ".5",
          "1.");

  /** Strings, unquoted: each becomes a JSON string, a path segment or a parameter. */
  static final List<String> STRINGS =
      List.of(
          "",
          " ",
          "a",
          "A".repeat(64),
          "A".repeat(65),
          "x".repeat(1000),
          "x".repeat(70_000),
          "fz-ok",
          "fz ok",
          "\u0000",
          "a\u0000b",
          "\t\r\n",
          "\u202e",
          "\ufeff",
          "\ud83d\ude00",
          "\ud800",
          "é",
          "<script>alert(1)</script>",
          "'; DROP TABLE orders; --",
          "{\"$gt\":\"\"}",
          "$where",
          "$ne",
          "../../etc/passwd",
          "..",
          ".",
          "%00",
          "%",
          "%zz",
          "${jndi:ldap://x/a}",
          "#{7*7}",
          "{{7*7}}",
          "null",
          "undefined",
          "true",
          "-1",
          "1e309",
          "2026-13-45T99:99:99Z",
          "+275760-09-13T00:00:00Z",
          "-999999999-01-01T00:00:00Z",
          "1970-01-01T00:00:00Z",
          "2026-01-01T00:00:00Z",
          "9999-12-31T23:59:59Z",
          "10000-01-01T00:00:00Z",
          "1999-12-31T23:59:59Z",
          "PT1H",
          "now");

  /** Whole bodies, as raw text: not JSON, broken JSON, JSON of the wrong shape. */
  static final List<String> BODIES =
      List.of(
          "",
          " ",
          "null",
          "true",
          "0",
          "\"text\"",
          "[]",
          "[{}]",
          "{}",
          "{",
          "}",
          "{\"a\":",
          "{\"a\":1}}",
          "{\"a\":1,}",
          "{'a':1}",
          "{a:1}",
          "{\"a\":1/*c*/}",
          "\ufeff{}",
          "<order/>",
          "a=b&c=d",
          "[".repeat(10_000) + "]".repeat(10_000),
          "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000),
          "[" + "1,".repeat(20_000) + "1]",
          "{\"x\":\"" + "y".repeat(70_000) + "\"}");

  /** Bytes that are not UTF-8 at all. */
  static final List<byte[]> BYTES =
      List.of(
          new byte[] {(byte) 0xc3, (byte) 0x28},
          new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'},
          new byte[] {0, 0, 0, 0},
          new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '}'});

  /** Path segments, already as they go on the wire: some percent-encoded, some deliberately not. */
  static final List<String> SEGMENTS =
      List.of(
          "",
          "a",
          "A".repeat(65),
          "x".repeat(5000),
          "%00",
          "%2F",
          "%2f..%2f..",
          "..",
          "%2e%2e",
          ".",
          "%",
          "%zz",
          "%C3%28",
          "%F0%9F%98%80",
          "%20",
          "+",
          "a;b=c",
          ";jsessionid=1",
          "*",
          "~",
          "%7B%7D",
          "%24where",
          "null",
          "-1",
          "99999999999999999999",
          "fz-ok");

  static final List<String> CONTENT_TYPES =
      List.of(
          "application/json",
          "application/json; charset=utf-8",
          "application/json; charset=bogus",
          "application/json;;;",
          "text/plain",
          "application/xml",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x",
          "multipart/form-data",
          "*/*",
          "application/*",
          "garbage",
          "",
          "application/problem+json",
          "application/merge-patch+json");

  static final List<String> ACCEPTS =
      List.of(
          "application/json",
          "application/problem+json",
          "text/html",
          "application/xml",
          "text/event-stream",
          "*/*",
          "garbage",
          "",
          "application/json;q=0",
          "image/png");

  static final List<String> METHODS =
      List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "FOO", "get");

  static <T> T any(RandomGenerator random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }
}
