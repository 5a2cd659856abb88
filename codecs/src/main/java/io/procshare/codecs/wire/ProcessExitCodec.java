package io.procshare.codecs.wire;

import io.procshare.codecs.ProcessExit;
import io.vertx.core.buffer.Buffer;

/**
 * Event-bus codec of {@link ProcessExit}: the wire form is its frame ({@link ProcessExitFlyweight}).
 * Holds no buffer, so local delivery passes the (immutable) message itself.
 */
public final class ProcessExitCodec extends FrameCodec<ProcessExit> {

  public static final ProcessExitCodec INSTANCE = new ProcessExitCodec();

  public ProcessExitCodec() {
    super(ProcessExit.class, ProcessExitFlyweight.MAX_FRAME_LENGTH);
  }

  @Override
  public int encodedLength(ProcessExit message) {
    return ProcessExitFlyweight.encodedLength(message);
  }

  @Override
  public void encode(Buffer dst, ProcessExit message) {
    ProcessExitFlyweight.encode(dst, message);
  }

  @Override
  public ProcessExit decode(Buffer src, int offset) {
    return new ProcessExitFlyweight().wrap(src, offset).toMessage();
  }
}
