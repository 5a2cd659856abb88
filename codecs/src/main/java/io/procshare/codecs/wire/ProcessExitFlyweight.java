package io.procshare.codecs.wire;

import static io.procshare.codecs.wire.FrameHeader.HEADER_LENGTH;

import io.procshare.codecs.Limits;
import io.procshare.codecs.MessageType;
import io.procshare.codecs.ProcessExit;
import io.vertx.core.buffer.Buffer;

/**
 * Frame of a {@link ProcessExit} (type 14). Big-endian.
 *
 * <pre>
 *  offset  size   field
 *   0        8    header (FrameHeader): version=1, type=14, flags=0, length
 *   8        8    pid          i64
 *  16        4    status       i32
 *  20      2+n    message      u16 n (&lt;= 4096), n bytes UTF-8
 * </pre>
 */
public final class ProcessExitFlyweight extends FrameFlyweight {

  public static final int PID_OFFSET = HEADER_LENGTH;
  public static final int STATUS_OFFSET = PID_OFFSET + 8;
  public static final int MESSAGE_OFFSET = STATUS_OFFSET + 4;
  public static final int MAX_FRAME_LENGTH = MESSAGE_OFFSET + 2 + Limits.STRING_MAX_BYTES;

  private String message;

  /** Points at the frame at {@code offset}, validating all of it. */
  public ProcessExitFlyweight wrap(Buffer buffer, int offset) {
    FrameReader r = open(buffer, offset, MessageType.PROCESS_EXIT);
    r.fixed("pid", PID_OFFSET, 8);
    r.fixed("status", STATUS_OFFSET, 4);
    message = r.string("message", Limits.STRING_MAX_BYTES);
    r.end();
    return this;
  }

  public long pid() { return buffer.getLong(offset + PID_OFFSET); }

  public int status() { return buffer.getInt(offset + STATUS_OFFSET); }

  public String message() { return message; }

  public ProcessExit toMessage() {
    return new ProcessExit(pid(), status(), message());
  }

  public static int encodedLength(ProcessExit m) {
    return MESSAGE_OFFSET + FrameWriter.stringLength(m.message());
  }

  /** Appends the frame of {@code m} to {@code dst}. */
  public static void encode(Buffer dst, ProcessExit m) {
    FrameHeader.encode(dst, MessageType.PROCESS_EXIT, encodedLength(m));
    dst.appendLong(m.pid()).appendInt(m.status());
    FrameWriter.string(dst, m.message());
  }
}
