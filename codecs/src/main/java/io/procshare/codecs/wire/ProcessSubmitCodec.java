package io.procshare.codecs.wire;

import io.procshare.codecs.ProcessSubmit;
import io.vertx.core.buffer.Buffer;

/**
 * Event-bus codec of {@link ProcessSubmit}: the wire form is its frame ({@link ProcessSubmitFlyweight}).
 * Local delivery deep-copies every buffer.
 */
public final class ProcessSubmitCodec extends FrameCodec<ProcessSubmit> {

  public static final ProcessSubmitCodec INSTANCE = new ProcessSubmitCodec();

  public ProcessSubmitCodec() {
    super(ProcessSubmit.class, ProcessSubmitFlyweight.MAX_FRAME_LENGTH);
  }

  @Override
  public int encodedLength(ProcessSubmit message) {
    return ProcessSubmitFlyweight.encodedLength(message);
  }

  @Override
  public void encode(Buffer dst, ProcessSubmit message) {
    ProcessSubmitFlyweight.encode(dst, message);
  }

  @Override
  public ProcessSubmit decode(Buffer src, int offset) {
    return new ProcessSubmitFlyweight().wrap(src, offset).toMessage();
  }

  /** Copies the program image. */
  @Override
  public ProcessSubmit transform(ProcessSubmit message) {
    return new ProcessSubmit(message.task(), message.args(), message.threads(), message.placement(),
        message.clientAddress(), message.image().copy());
  }
}
