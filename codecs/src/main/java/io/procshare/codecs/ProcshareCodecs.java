package io.procshare.codecs;

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
import io.vertx.core.eventbus.EventBus;
import java.util.List;

/**
 * Every procshare codec, and their registration on an event bus. Every node calls
 * {@link #registerAll(EventBus)} before it deploys any verticle (DESIGN §4): a message whose codec a
 * node lacks fails on arrival.
 */
public final class ProcshareCodecs {

  private static final List<CodecRegistration<?>> ALL = List.of(
      new CodecRegistration<>(PageRequest.class, PageRequestCodec.INSTANCE),
      new CodecRegistration<>(PageForward.class, PageForwardCodec.INSTANCE),
      new CodecRegistration<>(PageData.class, PageDataCodec.INSTANCE),
      new CodecRegistration<>(PageConfirm.class, PageConfirmCodec.INSTANCE),
      new CodecRegistration<>(Invalidate.class, InvalidateCodec.INSTANCE),
      new CodecRegistration<>(InvalidateAck.class, InvalidateAckCodec.INSTANCE),
      new CodecRegistration<>(SyscallRequest.class, SyscallRequestCodec.INSTANCE),
      new CodecRegistration<>(SyscallReply.class, SyscallReplyCodec.INSTANCE),
      new CodecRegistration<>(ThreadCreated.class, ThreadCreatedCodec.INSTANCE),
      new CodecRegistration<>(ThreadStart.class, ThreadStartCodec.INSTANCE),
      new CodecRegistration<>(ThreadExit.class, ThreadExitCodec.INSTANCE),
      new CodecRegistration<>(ProcessSubmit.class, ProcessSubmitCodec.INSTANCE),
      new CodecRegistration<>(ProcessOutput.class, ProcessOutputCodec.INSTANCE),
      new CodecRegistration<>(ProcessExit.class, ProcessExitCodec.INSTANCE),
      new CodecRegistration<>(StatusRequest.class, StatusRequestCodec.INSTANCE),
      new CodecRegistration<>(StatusReply.class, StatusReplyCodec.INSTANCE),
      new CodecRegistration<>(MapRequest.class, MapRequestCodec.INSTANCE),
      new CodecRegistration<>(MapSnapshot.class, MapSnapshotCodec.INSTANCE));

  private ProcshareCodecs() {
  }

  /** Every (message class, codec) pair, in {@link MessageType} id order. */
  public static List<CodecRegistration<?>> all() {
    return ALL;
  }

  /**
   * Registers every codec as the default codec of its message class.
   *
   * @throws IllegalStateException if a default codec is already registered for one of the classes
   */
  public static void registerAll(EventBus eventBus) {
    for (CodecRegistration<?> registration : ALL) {
      registration.registerOn(eventBus);
    }
  }
}
