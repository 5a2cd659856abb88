package io.procshare.codecs.wire;

import io.procshare.codecs.StatusReply;
import io.vertx.core.buffer.Buffer;

/**
 * Event-bus codec of {@link StatusReply}: the wire form is its frame ({@link StatusReplyFlyweight}).
 * Holds no buffer, so local delivery passes the (immutable) message itself.
 */
public final class StatusReplyCodec extends FrameCodec<StatusReply> {

  public static final StatusReplyCodec INSTANCE = new StatusReplyCodec();

  public StatusReplyCodec() {
    super(StatusReply.class, StatusReplyFlyweight.MAX_FRAME_LENGTH);
  }

  @Override
  public int encodedLength(StatusReply message) {
    return StatusReplyFlyweight.encodedLength(message);
  }

  @Override
  public void encode(Buffer dst, StatusReply message) {
    StatusReplyFlyweight.encode(dst, message);
  }

  @Override
  public StatusReply decode(Buffer src, int offset) {
    return new StatusReplyFlyweight().wrap(src, offset).toMessage();
  }
}
