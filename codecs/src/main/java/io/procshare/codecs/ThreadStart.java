package io.procshare.codecs;

import io.vertx.core.buffer.Buffer;

/**
 * Home to the node chosen by placement: start thread {@code gtid} (DESIGN §6, clone). The message
 * takes ownership of {@code context} (no copy).
 *
 * @param pid             process id
 * @param gtid            global thread id of the new thread
 * @param node            node id that runs it, at most 255 UTF-8 bytes
 * @param entry           entry point of a Java task thread (empty for a riscv64 guest), at most 4096
 *                        UTF-8 bytes
 * @param arg             argument passed to the entry
 * @param stackTop        guest address of the new stack's top
 * @param tls             guest thread pointer
 * @param childTidAddress guest address of the child tid (CLONE_CHILD_SETTID/CLEARTID), or 0
 * @param context         opaque guest CPU context, at most {@link Limits#CONTEXT_MAX_BYTES}
 */
public record ThreadStart(long pid, long gtid, String node, String entry, long arg, long stackTop, long tls,
                          long childTidAddress, Buffer context) implements ProcshareMessage {

  public ThreadStart {
    Check.nodeId(node, "node");
    Check.text(entry, "entry");
    Check.bytes(context, "context", Limits.CONTEXT_MAX_BYTES);
  }

  @Override
  public int messageType() {
    return MessageType.THREAD_START;
  }

  @Override
  public String toString() {
    return "ThreadStart[pid=" + pid + ", gtid=" + gtid + ", node=" + node + ", entry=" + entry + ", arg=" + arg
        + ", stackTop=0x" + Long.toHexString(stackTop) + ", tls=0x" + Long.toHexString(tls)
        + ", childTidAddress=0x" + Long.toHexString(childTidAddress)
        + ", context=<" + context.length() + " bytes>]";
  }
}
