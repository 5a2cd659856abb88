package io.procshare.loadgen.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * A Vert.x buffer that a benchmark can empty between operations, standing in for the event bus's
 * wire buffer without measuring its allocation. Vert.x's public Buffer cannot be truncated, so this
 * wraps a Netty buffer we keep a handle on (internal Vert.x API, benchmark-only).
 */
final class WireBuffer {

  private final ByteBuf byteBuf;
  final Buffer buffer;

  WireBuffer(int capacity) {
    byteBuf = Unpooled.buffer(capacity);
    buffer = BufferInternal.buffer(byteBuf);
  }

  /** Empties the buffer, keeping its memory. */
  Buffer reset() {
    byteBuf.clear();
    return buffer;
  }
}
