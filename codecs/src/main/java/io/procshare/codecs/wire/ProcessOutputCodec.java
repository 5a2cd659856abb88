package io.procshare.codecs.wire;

import io.procshare.codecs.ProcessOutput;
import io.vertx.core.buffer.Buffer;

/**
 * Event-bus codec of {@link ProcessOutput}: the wire form is its frame ({@link ProcessOutputFlyweight}).
 * Local delivery deep-copies every buffer.
 */
public final class ProcessOutputCodec extends FrameCodec<ProcessOutput> {

  public static final ProcessOutputCodec INSTANCE = new ProcessOutputCodec();

  public ProcessOutputCodec() {
    super(ProcessOutput.class, ProcessOutputFlyweight.MAX_FRAME_LENGTH);
  }

  @Override
  public int encodedLength(ProcessOutput message) {
    return ProcessOutputFlyweight.encodedLength(message);
  }

  @Override
  public void encode(Buffer dst, ProcessOutput message) {
    ProcessOutputFlyweight.encode(dst, message);
  }

  @Override
  public ProcessOutput decode(Buffer src, int offset) {
    return new ProcessOutputFlyweight().wrap(src, offset).toMessage();
  }

  /** Copies the output bytes. */
  @Override
  public ProcessOutput transform(ProcessOutput message) {
    return new ProcessOutput(message.pid(), message.stream(), message.bytes().copy());
  }
}
