package org.cpor.claims.claim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Rows of comma-separated values (RFC 4180): a value with a comma, quote or line break is quoted,
 * quotes doubled; null is empty; lines end with CRLF.
 */
final class Csv {

  private final Writer out;

  Csv(Writer out) {
    this.out = out;
  }

  void row(Object... values) {
    try {
      for (int i = 0; i < values.length; i++) {
        if (i > 0) {
          out.write(',');
        }
        out.write(cell(values[i]));
      }
      out.write("\r\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String cell(Object value) {
    if (value == null) {
      return "";
    }
    String text = value.toString();
    if (text.indexOf(',') < 0
        && text.indexOf('"') < 0
        && text.indexOf('\n') < 0
        && text.indexOf('\r') < 0) {
      return text;
    }
    return '"' + text.replace("\"", "\"\"") + '"';
  }
}
