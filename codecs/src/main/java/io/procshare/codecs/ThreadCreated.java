package io.procshare.codecs;

/**
 * Home to the creator: thread {@code gtid} exists and runs on {@code node}; the creator makes its
 * executor (DESIGN §6, clone).
 *
 * @param pid        process id
 * @param gtid       global thread id of the new thread
 * @param parentGtid global thread id of the thread that called clone
 * @param node       node id where the thread runs, at most 255 UTF-8 bytes
 */
public record ThreadCreated(long pid, long gtid, long parentGtid, String node) implements ProcshareMessage {

  public ThreadCreated {
    Check.nodeId(node, "node");
  }

  @Override
  public int messageType() {
    return MessageType.THREAD_CREATED;
  }
}
