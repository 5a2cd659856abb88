package io.procshare.codecs;

import java.util.Objects;
import io.vertx.core.buffer.Buffer;

/**
 * Guest memory shipped with a syscall (DESIGN §6, argument shipping): the bytes at guest address
 * {@code address}. The message takes ownership of {@code bytes} (no copy).
 *
 * @param address guest virtual address of the first byte
 * @param bytes   the bytes
 */
public record ShippedBytes(long address, Buffer bytes) {

  public ShippedBytes {
    Objects.requireNonNull(bytes, "bytes");
  }

  @Override
  public String toString() {
    return "ShippedBytes[address=0x" + Long.toHexString(address) + ", bytes=<" + bytes.length() + " bytes>]";
  }
}
