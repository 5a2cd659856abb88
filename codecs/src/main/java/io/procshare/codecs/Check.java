package io.procshare.codecs;

import io.procshare.codecs.wire.Utf8;
import io.vertx.core.buffer.Buffer;
import java.util.Objects;

/** Invariant checks shared by the message records' compact constructors. */
final class Check {

  private Check() {
  }

  static void nodeId(String value, String field) {
    text(value, field, Limits.NODE_ID_MAX_BYTES);
  }

  static void text(String value, String field) {
    text(value, field, Limits.STRING_MAX_BYTES);
  }

  static void text(String value, String field, int maxBytes) {
    Objects.requireNonNull(value, field);
    int bytes = Utf8.length(value);
    if (bytes < 0) {
      throw new IllegalArgumentException(field + " contains an unpaired surrogate: not encodable as UTF-8");
    }
    if (bytes > maxBytes) {
      throw new IllegalArgumentException(field + " is " + bytes + " UTF-8 bytes, max " + maxBytes);
    }
  }

  static void valid(boolean ok, String field, int value, String expected) {
    if (!ok) {
      throw new IllegalArgumentException(field + " is " + value + ", expected " + expected);
    }
  }

  static void bytes(Buffer value, String field, int maxBytes) {
    Objects.requireNonNull(value, field);
    if (value.length() > maxBytes) {
      throw new IllegalArgumentException(field + " is " + value.length() + " bytes, max " + maxBytes);
    }
  }
}
