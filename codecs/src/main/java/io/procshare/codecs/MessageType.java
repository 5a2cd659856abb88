package io.procshare.codecs;

import io.procshare.codecs.wire.FrameCodec;
import io.procshare.codecs.wire.InvalidateAckCodec;
import io.procshare.codecs.wire.InvalidateCodec;
import io.procshare.codecs.wire.MapRequestCodec;
import io.procshare.codecs.wire.MapSnapshotCodec;
import io.procshare.codecs.wire.PageConfirmCodec;
import io.procshare.codecs.wire.PageDataCodec;
import io.procshare.codecs.wire.PageForwardCodec;
import io.procshare.codecs.wire.PageRequestCodec;
import io.procshare.codecs.wire.ProcessExitCodec;
import io.procshare.codecs.wire.ProcessOutputCodec;
import io.procshare.codecs.wire.ProcessSubmitCodec;
import io.procshare.codecs.wire.StatusReplyCodec;
import io.procshare.codecs.wire.StatusRequestCodec;
import io.procshare.codecs.wire.SyscallReplyCodec;
import io.procshare.codecs.wire.SyscallRequestCodec;
import io.procshare.codecs.wire.ThreadCreatedCodec;
import io.procshare.codecs.wire.ThreadExitCodec;
import io.procshare.codecs.wire.ThreadStartCodec;

/**
 * Message type ids, written in byte 1 of every frame header. Ids are part of the wire format: never
 * reuse or renumber one; add new types at the end.
 */
public final class MessageType {

  public static final int PAGE_REQUEST = 1;
  public static final int PAGE_FORWARD = 2;
  public static final int PAGE_DATA = 3;
  public static final int PAGE_CONFIRM = 4;
  public static final int INVALIDATE = 5;
  public static final int INVALIDATE_ACK = 6;
  public static final int SYSCALL_REQUEST = 7;
  public static final int SYSCALL_REPLY = 8;
  public static final int THREAD_CREATED = 9;
  public static final int THREAD_START = 10;
  public static final int THREAD_EXIT = 11;
  public static final int PROCESS_SUBMIT = 12;
  public static final int PROCESS_OUTPUT = 13;
  public static final int PROCESS_EXIT = 14;
  public static final int STATUS_REQUEST = 15;
  public static final int STATUS_REPLY = 16;
  public static final int MAP_REQUEST = 17;
  public static final int MAP_SNAPSHOT = 18;

  /** Lowest and highest assigned ids. */
  public static final int FIRST = PAGE_REQUEST;
  public static final int LAST = MAP_SNAPSHOT;

  private MessageType() {
  }

  /** Whether {@code id} is an assigned message type id. */
  public static boolean isKnown(int id) {
    return id >= FIRST && id <= LAST;
  }

  /**
   * The codec of message type {@code id}.
   *
   * @throws FrameDecodeException naming field {@code type} at offset 1 if {@code id} is not assigned
   */
  public static FrameCodec<? extends ProcshareMessage> codec(int id) {
    return switch (id) {
      case PAGE_REQUEST -> PageRequestCodec.INSTANCE;
      case PAGE_FORWARD -> PageForwardCodec.INSTANCE;
      case PAGE_DATA -> PageDataCodec.INSTANCE;
      case PAGE_CONFIRM -> PageConfirmCodec.INSTANCE;
      case INVALIDATE -> InvalidateCodec.INSTANCE;
      case INVALIDATE_ACK -> InvalidateAckCodec.INSTANCE;
      case SYSCALL_REQUEST -> SyscallRequestCodec.INSTANCE;
      case SYSCALL_REPLY -> SyscallReplyCodec.INSTANCE;
      case THREAD_CREATED -> ThreadCreatedCodec.INSTANCE;
      case THREAD_START -> ThreadStartCodec.INSTANCE;
      case THREAD_EXIT -> ThreadExitCodec.INSTANCE;
      case PROCESS_SUBMIT -> ProcessSubmitCodec.INSTANCE;
      case PROCESS_OUTPUT -> ProcessOutputCodec.INSTANCE;
      case PROCESS_EXIT -> ProcessExitCodec.INSTANCE;
      case STATUS_REQUEST -> StatusRequestCodec.INSTANCE;
      case STATUS_REPLY -> StatusReplyCodec.INSTANCE;
      case MAP_REQUEST -> MapRequestCodec.INSTANCE;
      case MAP_SNAPSHOT -> MapSnapshotCodec.INSTANCE;
      default -> throw unknown(id);
    };
  }

  /** The exception for an unassigned id found at the type byte of a frame. */
  public static FrameDecodeException unknown(int id) {
    return new FrameDecodeException("type", 1, id, "a MessageType id " + FIRST + ".." + LAST);
  }
}
