/**
 * Implementation of the wire formats: one flyweight (layout, validation, accessors, encoder) and one
 * stateless Vert.x {@link io.vertx.core.eventbus.MessageCodec} per message type. All multi-byte fields
 * are big-endian (Vert.x {@code Buffer.getLong}/{@code appendLong} and friends are big-endian).
 */
package io.procshare.codecs.wire;
