package io.procshare.codecs;

/**
 * A thread ended: its executor, and the resources it held, are released (DESIGN §6, exit).
 *
 * @param pid    process id
 * @param gtid   global thread id
 * @param node   node id where it ran, at most 255 UTF-8 bytes
 * @param status exit status
 */
public record ThreadExit(long pid, long gtid, String node, int status) implements ProcshareMessage {

  public ThreadExit {
    Check.nodeId(node, "node");
  }

  @Override
  public int messageType() {
    return MessageType.THREAD_EXIT;
  }
}
