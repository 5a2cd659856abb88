package io.procshare.codecs;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import java.util.Objects;

/**
 * A message class and its codec, as registered with
 * {@link EventBus#registerDefaultCodec(Class, MessageCodec)}.
 *
 * @param type  the message record class
 * @param codec its codec
 * @param <T>   the message type
 */
public record CodecRegistration<T extends ProcshareMessage>(Class<T> type, MessageCodec<T, T> codec) {

  public CodecRegistration {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(codec, "codec");
  }

  /** Registers {@link #codec()} as the default codec of {@link #type()} on {@code eventBus}. */
  public void registerOn(EventBus eventBus) {
    eventBus.registerDefaultCodec(type, codec);
  }

  /** Removes the registration from {@code eventBus}. */
  public void unregisterFrom(EventBus eventBus) {
    eventBus.unregisterDefaultCodec(type);
  }
}
