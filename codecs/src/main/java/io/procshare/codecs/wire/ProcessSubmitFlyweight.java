package io.procshare.codecs.wire;

import static io.procshare.codecs.wire.FrameHeader.HEADER_LENGTH;

import io.procshare.codecs.Limits;
import io.procshare.codecs.MessageType;
import io.procshare.codecs.ProcessSubmit;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Frame of a {@link ProcessSubmit} (type 12). Big-endian. {@link #image()} is a slice of the wrapped
 * buffer.
 *
 * <pre>
 *  offset  size   field
 *   0        8    header (FrameHeader): version=1, type=12, flags=0, length
 *   8        4    threads        i32
 *  12      2+n    task           u16 n (&lt;= 4096), n bytes UTF-8
 *   .        2    args.count     u16 (&lt;= 4096)
 *   .      ...    args           count x (u16 n (&lt;= 4096), n bytes UTF-8)
 *   .      2+n    placement      u16 n (&lt;= 4096), n bytes UTF-8
 *   .      2+n    clientAddress  u16 n (&lt;= 4096), n bytes UTF-8
 *   .      4+i    image          i32 i (0..64 MiB), i bytes
 * </pre>
 */
public final class ProcessSubmitFlyweight extends FrameFlyweight {

  public static final int THREADS_OFFSET = HEADER_LENGTH;
  public static final int TASK_OFFSET = THREADS_OFFSET + 4;
  private static final int STRING_MAX = 2 + Limits.STRING_MAX_BYTES;
  public static final int MAX_FRAME_LENGTH = TASK_OFFSET + STRING_MAX + 2 + Limits.SUBMIT_MAX_ARGS * STRING_MAX
      + STRING_MAX + STRING_MAX + 4 + Limits.IMAGE_MAX_BYTES;

  private String task;
  private List<String> args;
  private String placement;
  private String clientAddress;
  private Buffer image;

  /** Points at the frame at {@code offset}, validating all of it. */
  public ProcessSubmitFlyweight wrap(Buffer buffer, int offset) {
    FrameReader r = open(buffer, offset, MessageType.PROCESS_SUBMIT);
    r.fixed("threads", THREADS_OFFSET, 4);
    task = r.string("task", Limits.STRING_MAX_BYTES);
    int count = r.count("args.count", Limits.SUBMIT_MAX_ARGS);
    List<String> list = new ArrayList<>(Math.min(count, 16));
    for (int i = 0; i < count; i++) {
      list.add(r.string("args", Limits.STRING_MAX_BYTES));
    }
    args = list;
    placement = r.string("placement", Limits.STRING_MAX_BYTES);
    clientAddress = r.string("clientAddress", Limits.STRING_MAX_BYTES);
    image = r.bytes("image", Limits.IMAGE_MAX_BYTES);
    r.end();
    return this;
  }

  public int threads() { return buffer.getInt(offset + THREADS_OFFSET); }

  public String task() { return task; }

  public List<String> args() { return args; }

  public String placement() { return placement; }

  public String clientAddress() { return clientAddress; }

  public Buffer image() { return image; }

  public ProcessSubmit toMessage() {
    return new ProcessSubmit(task(), args(), threads(), placement(), clientAddress(), image());
  }

  public static int encodedLength(ProcessSubmit m) {
    int length = TASK_OFFSET + FrameWriter.stringLength(m.task()) + 2;
    for (String arg : m.args()) {
      length += FrameWriter.stringLength(arg);
    }
    return length + FrameWriter.stringLength(m.placement()) + FrameWriter.stringLength(m.clientAddress())
        + FrameWriter.bytesLength(m.image());
  }

  /** Appends the frame of {@code m} to {@code dst}. */
  public static void encode(Buffer dst, ProcessSubmit m) {
    FrameHeader.encode(dst, MessageType.PROCESS_SUBMIT, encodedLength(m));
    dst.appendInt(m.threads());
    FrameWriter.string(dst, m.task());
    dst.appendUnsignedShort(m.args().size());
    for (String arg : m.args()) {
      FrameWriter.string(dst, arg);
    }
    FrameWriter.string(dst, m.placement());
    FrameWriter.string(dst, m.clientAddress());
    FrameWriter.bytes(dst, m.image());
  }
}
