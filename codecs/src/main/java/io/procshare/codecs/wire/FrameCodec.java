package io.procshare.codecs.wire;

import io.procshare.codecs.ProcshareMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * What every procshare codec shares: the wire form is the message's frame, sent and received as is,
 * so {@code encodeToWire} appends the frame and {@code decodeFromWire} reads the frame at {@code pos}.
 * Subclasses are stateless; {@link #transform} must be overridden by messages that hold buffers.
 *
 * @param <T> the message record
 */
public abstract class FrameCodec<T extends ProcshareMessage> implements MessageCodec<T, T> {

  private final String name;
  private final int maxFrameLength;

  protected FrameCodec(Class<T> messageClass, int maxFrameLength) {
    this.name = "procshare." + messageClass.getSimpleName();
    this.maxFrameLength = maxFrameLength;
  }

  /** Size of the frame of {@code message}, header included. */
  public abstract int encodedLength(T message);

  /** Appends the frame of {@code message} to {@code dst}. */
  public abstract void encode(Buffer dst, T message);

  /**
   * Decodes the frame that starts at {@code offset}; bytes after the frame are left alone.
   *
   * @throws io.procshare.codecs.FrameDecodeException if the frame is not well formed
   */
  public abstract T decode(Buffer src, int offset);

  /** Largest valid frame of this type. */
  public final int maxFrameLength() {
    return maxFrameLength;
  }

  /** A new buffer holding exactly the frame of {@code message}. */
  public final Buffer encode(T message) {
    Buffer frame = Buffer.buffer(encodedLength(message));
    encode(frame, message);
    return frame;
  }

  @Override
  public final void encodeToWire(Buffer buffer, T message) {
    encode(buffer, message);
  }

  @Override
  public final T decodeFromWire(int pos, Buffer buffer) {
    return decode(buffer, pos);
  }

  /** Local delivery: messages are immutable, so only those holding buffers need a copy. */
  @Override
  public T transform(T message) {
    return message;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final byte systemCodecID() {
    return -1;
  }
}
