package io.procshare.codecs;

import io.procshare.codecs.wire.FrameCodec;
import io.procshare.codecs.wire.FrameHeader;
import io.vertx.core.buffer.Buffer;
import java.util.Objects;

/**
 * Raw frames without an event bus: for the fuzzers, raw ingress and tests.
 */
public final class Frames {

  private Frames() {
  }

  /**
   * Encodes {@code message} into a new buffer of exactly its frame length.
   *
   * @throws IllegalArgumentException if {@code message} is not a {@link ProcshareMessage}
   */
  public static Buffer encode(Object message) {
    Objects.requireNonNull(message, "message");
    if (!(message instanceof ProcshareMessage m)) {
      throw new IllegalArgumentException("not a procshare message: " + message.getClass().getName());
    }
    return codecOf(m).encode(m);
  }

  /**
   * Decodes the single frame that fills {@code frame}, dispatching on the type in its header.
   *
   * @throws FrameDecodeException if the frame is not well formed or does not fill {@code frame} exactly
   */
  public static ProcshareMessage decode(Buffer frame) {
    int length = FrameHeader.validate(frame, 0, FrameHeader.ANY_TYPE);
    if (length != frame.length()) {
      throw new FrameDecodeException("length", FrameHeader.LENGTH_OFFSET, length,
          frame.length() + " (the size of the buffer)");
    }
    int type = frame.getUnsignedByte(FrameHeader.TYPE_OFFSET);
    return MessageType.codec(type).decode(frame, 0);
  }

  @SuppressWarnings("unchecked")
  private static FrameCodec<ProcshareMessage> codecOf(ProcshareMessage message) {
    return (FrameCodec<ProcshareMessage>) MessageType.codec(message.messageType());
  }
}
