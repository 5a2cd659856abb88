package io.procshare.codecs;

import java.util.List;

/**
 * Home to issuing node: the result of a {@link SyscallRequest}, and the guest memory the syscall
 * filled (read, fstat, getdents64, ...), which the issuing node stores as the thread (DESIGN §6).
 *
 * @param pid      process id
 * @param gtid     global thread id of the issuing thread
 * @param sequence the request's sequence number
 * @param ret      return value, or -errno
 * @param flags    reply flags
 * @param output   guest memory to store: at most {@link Limits#SHIPPED_MAX_SEGMENTS} segments,
 *                 {@link Limits#SHIPPED_MAX_BYTES} bytes
 */
public record SyscallReply(long pid, long gtid, long sequence, long ret, int flags, List<ShippedBytes> output)
    implements ProcshareMessage {

  public SyscallReply {
    output = Shipping.check(output, "output");
  }

  @Override
  public int messageType() {
    return MessageType.SYSCALL_REPLY;
  }
}
