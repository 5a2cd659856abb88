package io.procshare.codecs.wire;

import io.procshare.codecs.ThreadStart;
import io.vertx.core.buffer.Buffer;

/**
 * Event-bus codec of {@link ThreadStart}: the wire form is its frame ({@link ThreadStartFlyweight}).
 * Local delivery deep-copies every buffer.
 */
public final class ThreadStartCodec extends FrameCodec<ThreadStart> {

  public static final ThreadStartCodec INSTANCE = new ThreadStartCodec();

  public ThreadStartCodec() {
    super(ThreadStart.class, ThreadStartFlyweight.MAX_FRAME_LENGTH);
  }

  @Override
  public int encodedLength(ThreadStart message) {
    return ThreadStartFlyweight.encodedLength(message);
  }

  @Override
  public void encode(Buffer dst, ThreadStart message) {
    ThreadStartFlyweight.encode(dst, message);
  }

  @Override
  public ThreadStart decode(Buffer src, int offset) {
    return new ThreadStartFlyweight().wrap(src, offset).toMessage();
  }

  /** Copies the CPU context. */
  @Override
  public ThreadStart transform(ThreadStart message) {
    return new ThreadStart(message.pid(), message.gtid(), message.node(), message.entry(), message.arg(),
        message.stackTop(), message.tls(), message.childTidAddress(), message.context().copy());
  }
}
