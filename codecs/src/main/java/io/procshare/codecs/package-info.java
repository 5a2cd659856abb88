/**
 * Messages of procshare and how they travel: one immutable record per message type, the
 * {@link io.procshare.codecs.MessageType} ids, {@link io.procshare.codecs.ProcshareCodecs} to register
 * every codec on an event bus, {@link io.procshare.codecs.Frames} to encode or decode a raw frame, and
 * {@link io.procshare.codecs.FrameDecodeException} for any frame that is not well formed.
 *
 * <p>Every message travels as one self-delimiting, big-endian frame that starts with the common
 * 8-byte header drawn in {@link io.procshare.codecs.wire.FrameHeader}. The flyweights and codecs that
 * read and write those frames live in {@link io.procshare.codecs.wire}.
 *
 * <p>Buffers held by messages ({@code PageData.data}, shipped syscall bytes, ...) are owned by the
 * message: a sender must not mutate a buffer after handing it to a message, and a message decoded from
 * the network shares memory with the network buffer. Local delivery copies them
 * ({@code MessageCodec.transform}).
 */
package io.procshare.codecs;
