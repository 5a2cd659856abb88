package io.procshare.codecs.wire;

import io.procshare.codecs.Invalidate;
import io.vertx.core.buffer.Buffer;

/**
 * Event-bus codec of {@link Invalidate}: the wire form is its frame ({@link InvalidateFlyweight}).
 * Holds no buffer, so local delivery passes the (immutable) message itself.
 */
public final class InvalidateCodec extends FrameCodec<Invalidate> {

  public static final InvalidateCodec INSTANCE = new InvalidateCodec();

  public InvalidateCodec() {
    super(Invalidate.class, InvalidateFlyweight.MAX_FRAME_LENGTH);
  }

  @Override
  public int encodedLength(Invalidate message) {
    return InvalidateFlyweight.encodedLength(message);
  }

  @Override
  public void encode(Buffer dst, Invalidate message) {
    InvalidateFlyweight.encode(dst, message);
  }

  @Override
  public Invalidate decode(Buffer src, int offset) {
    return new InvalidateFlyweight().wrap(src, offset).toMessage();
  }
}
