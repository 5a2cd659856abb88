/**
 * The control part of the system call control unit and the forwarding part that talks to it
 * (DESIGN §6, the seed paper's 制御部 and 転送部). At the home, per process: the thread table
 * ({@link io.procshare.verticles.exec.ThreadTable}), the creator and one executor per guest
 * thread ({@link io.procshare.verticles.exec.ProcessControl}), exactly-once execution per
 * (gtid, sequence) ({@link io.procshare.verticles.exec.ExactlyOnce}). On every node: the
 * forwarding part of each guest thread ({@link io.procshare.verticles.exec.GuestThread}) and the
 * two verticles that move requests and thread notices over the event bus. The node's entry point
 * is {@link io.procshare.verticles.exec.SyscallService}.
 */
package io.procshare.verticles.exec;
