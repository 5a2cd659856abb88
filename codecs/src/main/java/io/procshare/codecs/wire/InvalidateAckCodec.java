package io.procshare.codecs.wire;

import io.procshare.codecs.InvalidateAck;
import io.vertx.core.buffer.Buffer;

/**
 * Event-bus codec of {@link InvalidateAck}: the wire form is its frame ({@link InvalidateAckFlyweight}).
 * Holds no buffer, so local delivery passes the (immutable) message itself.
 */
public final class InvalidateAckCodec extends FrameCodec<InvalidateAck> {

  public static final InvalidateAckCodec INSTANCE = new InvalidateAckCodec();

  public InvalidateAckCodec() {
    super(InvalidateAck.class, InvalidateAckFlyweight.MAX_FRAME_LENGTH);
  }

  @Override
  public int encodedLength(InvalidateAck message) {
    return InvalidateAckFlyweight.encodedLength(message);
  }

  @Override
  public void encode(Buffer dst, InvalidateAck message) {
    InvalidateAckFlyweight.encode(dst, message);
  }

  @Override
  public InvalidateAck decode(Buffer src, int offset) {
    return new InvalidateAckFlyweight().wrap(src, offset).toMessage();
  }
}
