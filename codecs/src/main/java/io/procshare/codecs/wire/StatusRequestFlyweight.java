package io.procshare.codecs.wire;

import static io.procshare.codecs.wire.FrameHeader.HEADER_LENGTH;

import io.procshare.codecs.MessageType;
import io.procshare.codecs.StatusRequest;
import io.vertx.core.buffer.Buffer;

/**
 * Frame of a {@link StatusRequest} (type 15). Big-endian.
 *
 * <pre>
 *  offset  size   field
 *   0        8    header (FrameHeader): version=1, type=15, flags=0, length = 17
 *   8        8    requestId    i64
 *  16        1    detail       u8
 * </pre>
 */
public final class StatusRequestFlyweight extends FrameFlyweight {

  public static final int REQUEST_ID_OFFSET = HEADER_LENGTH;
  public static final int DETAIL_OFFSET = REQUEST_ID_OFFSET + 8;
  public static final int MAX_FRAME_LENGTH = DETAIL_OFFSET + 1;

  /** Points at the frame at {@code offset}, validating all of it. */
  public StatusRequestFlyweight wrap(Buffer buffer, int offset) {
    FrameReader r = open(buffer, offset, MessageType.STATUS_REQUEST);
    r.fixed("requestId", REQUEST_ID_OFFSET, 8);
    r.fixed("detail", DETAIL_OFFSET, 1);
    r.end();
    return this;
  }

  public long requestId() { return buffer.getLong(offset + REQUEST_ID_OFFSET); }

  public byte detail() { return buffer.getByte(offset + DETAIL_OFFSET); }

  public StatusRequest toMessage() {
    return new StatusRequest(requestId(), detail());
  }

  public static int encodedLength(StatusRequest m) {
    return MAX_FRAME_LENGTH;
  }

  /** Appends the frame of {@code m} to {@code dst}. */
  public static void encode(Buffer dst, StatusRequest m) {
    FrameHeader.encode(dst, MessageType.STATUS_REQUEST, encodedLength(m));
    dst.appendLong(m.requestId()).appendByte(m.detail());
  }
}
