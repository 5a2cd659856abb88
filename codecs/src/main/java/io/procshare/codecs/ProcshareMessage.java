package io.procshare.codecs;

/**
 * A procshare message: an immutable record with one {@link MessageType} id and one wire format.
 * The set is closed so that a switch over messages is exhaustive.
 */
public sealed interface ProcshareMessage
    permits PageRequest, PageForward, PageData, PageConfirm, Invalidate, InvalidateAck,
        SyscallRequest, SyscallReply, ThreadCreated, ThreadStart, ThreadExit,
        ProcessSubmit, ProcessOutput, ProcessExit, StatusRequest, StatusReply, MapRequest, MapSnapshot {

  /** The {@link MessageType} id written in the frame header. */
  int messageType();
}
