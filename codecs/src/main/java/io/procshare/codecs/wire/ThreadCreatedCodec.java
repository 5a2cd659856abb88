package io.procshare.codecs.wire;

import io.procshare.codecs.ThreadCreated;
import io.vertx.core.buffer.Buffer;

/**
 * Event-bus codec of {@link ThreadCreated}: the wire form is its frame ({@link ThreadCreatedFlyweight}).
 * Holds no buffer, so local delivery passes the (immutable) message itself.
 */
public final class ThreadCreatedCodec extends FrameCodec<ThreadCreated> {

  public static final ThreadCreatedCodec INSTANCE = new ThreadCreatedCodec();

  public ThreadCreatedCodec() {
    super(ThreadCreated.class, ThreadCreatedFlyweight.MAX_FRAME_LENGTH);
  }

  @Override
  public int encodedLength(ThreadCreated message) {
    return ThreadCreatedFlyweight.encodedLength(message);
  }

  @Override
  public void encode(Buffer dst, ThreadCreated message) {
    ThreadCreatedFlyweight.encode(dst, message);
  }

  @Override
  public ThreadCreated decode(Buffer src, int offset) {
    return new ThreadCreatedFlyweight().wrap(src, offset).toMessage();
  }
}
