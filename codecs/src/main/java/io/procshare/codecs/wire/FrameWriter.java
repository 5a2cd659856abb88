package io.procshare.codecs.wire;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/** Appending variable-length fields; the layouts are in each flyweight's Javadoc. */
final class FrameWriter {

  private FrameWriter() {
  }

  /** Encoded size of a string field (u16 length + UTF-8 bytes). Strings were checked by the record. */
  static int stringLength(String s) {
    return 2 + Utf8.length(s);
  }

  static void string(Buffer dst, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    dst.appendUnsignedShort(bytes.length).appendBytes(bytes);
  }

  /** Encoded size of a bytes field (i32 length + bytes). */
  static int bytesLength(Buffer b) {
    return 4 + b.length();
  }

  /** Appends i32 length then the bytes: the one copy of {@code b} on the encode path. */
  static void bytes(Buffer dst, Buffer b) {
    dst.appendInt(b.length()).appendBuffer(b);
  }
}
