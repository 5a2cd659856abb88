package io.procshare.codecs.wire;

import io.procshare.codecs.StatusRequest;
import io.vertx.core.buffer.Buffer;

/**
 * Event-bus codec of {@link StatusRequest}: the wire form is its frame ({@link StatusRequestFlyweight}).
 * Holds no buffer, so local delivery passes the (immutable) message itself.
 */
public final class StatusRequestCodec extends FrameCodec<StatusRequest> {

  public static final StatusRequestCodec INSTANCE = new StatusRequestCodec();

  public StatusRequestCodec() {
    super(StatusRequest.class, StatusRequestFlyweight.MAX_FRAME_LENGTH);
  }

  @Override
  public int encodedLength(StatusRequest message) {
    return StatusRequestFlyweight.encodedLength(message);
  }

  @Override
  public void encode(Buffer dst, StatusRequest message) {
    StatusRequestFlyweight.encode(dst, message);
  }

  @Override
  public StatusRequest decode(Buffer src, int offset) {
    return new StatusRequestFlyweight().wrap(src, offset).toMessage();
  }
}
