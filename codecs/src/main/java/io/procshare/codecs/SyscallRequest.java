package io.procshare.codecs;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Issuing node to the process's home: execute syscall {@code nr} for thread {@code gtid}
 * (DESIGN §6, condition C). Exactly once: a retried (gtid, sequence) is answered from the executor's
 * last reply.
 *
 * @param pid      process id
 * @param gtid     global thread id of the issuing thread
 * @param sequence per-thread sequence number
 * @param nr       Linux generic syscall number
 * @param args     the six argument registers (copied in and out)
 * @param flags    request flags
 * @param input    guest memory the syscall reads, shipped with the request: at most
 *                 {@link Limits#SHIPPED_MAX_SEGMENTS} segments, {@link Limits#SHIPPED_MAX_BYTES} bytes
 */
public record SyscallRequest(long pid, long gtid, long sequence, int nr, long[] args, int flags,
                             List<ShippedBytes> input) implements ProcshareMessage {

  public SyscallRequest {
    Objects.requireNonNull(args, "args");
    if (args.length != Limits.SYSCALL_ARGS) {
      throw new IllegalArgumentException("args has " + args.length + " values, expected " + Limits.SYSCALL_ARGS);
    }
    args = args.clone();
    input = Shipping.check(input, "input");
  }

  /** A copy of the argument registers. */
  @Override
  public long[] args() {
    return args.clone();
  }

  /** Argument register {@code i} (0..5), without copying the array. */
  public long arg(int i) {
    return args[i];
  }

  @Override
  public int messageType() {
    return MessageType.SYSCALL_REQUEST;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SyscallRequest r && pid == r.pid && gtid == r.gtid && sequence == r.sequence
        && nr == r.nr && flags == r.flags && Arrays.equals(args, r.args) && input.equals(r.input);
  }

  @Override
  public int hashCode() {
    return Objects.hash(pid, gtid, sequence, nr, Arrays.hashCode(args), flags, input);
  }

  @Override
  public String toString() {
    return "SyscallRequest[pid=" + pid + ", gtid=" + gtid + ", sequence=" + sequence + ", nr=" + nr
        + ", args=" + Arrays.toString(args) + ", flags=" + flags + ", input=" + input + "]";
  }
}
