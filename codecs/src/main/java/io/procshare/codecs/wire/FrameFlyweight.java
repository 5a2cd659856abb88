package io.procshare.codecs.wire;

import io.vertx.core.buffer.Buffer;

/** The common part of the per-type flyweights: where the wrapped frame is. */
abstract class FrameFlyweight {

  protected Buffer buffer;
  protected int offset;

  /** Validates the header, records the frame position and returns a reader for the body. */
  protected final FrameReader open(Buffer buffer, int offset, int type) {
    FrameReader reader = FrameReader.open(buffer, offset, type);
    this.buffer = buffer;
    this.offset = offset;
    return reader;
  }

  /** The wrapped buffer. */
  public final Buffer buffer() {
    return buffer;
  }

  /** Offset of the wrapped frame in {@link #buffer()}. */
  public final int offset() {
    return offset;
  }

  /** Whole frame length, header included. */
  public final int frameLength() {
    return buffer.getInt(offset + FrameHeader.LENGTH_OFFSET);
  }
}
