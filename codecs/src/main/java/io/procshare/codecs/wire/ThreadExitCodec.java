package io.procshare.codecs.wire;

import io.procshare.codecs.ThreadExit;
import io.vertx.core.buffer.Buffer;

/**
 * Event-bus codec of {@link ThreadExit}: the wire form is its frame ({@link ThreadExitFlyweight}).
 * Holds no buffer, so local delivery passes the (immutable) message itself.
 */
public final class ThreadExitCodec extends FrameCodec<ThreadExit> {

  public static final ThreadExitCodec INSTANCE = new ThreadExitCodec();

  public ThreadExitCodec() {
    super(ThreadExit.class, ThreadExitFlyweight.MAX_FRAME_LENGTH);
  }

  @Override
  public int encodedLength(ThreadExit message) {
    return ThreadExitFlyweight.encodedLength(message);
  }

  @Override
  public void encode(Buffer dst, ThreadExit message) {
    ThreadExitFlyweight.encode(dst, message);
  }

  @Override
  public ThreadExit decode(Buffer src, int offset) {
    return new ThreadExitFlyweight().wrap(src, offset).toMessage();
  }
}
