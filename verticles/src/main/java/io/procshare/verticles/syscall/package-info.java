/**
 * The system call control unit (DESIGN §6): the syscall table that drives routing, argument
 * shipping and validation ({@link io.procshare.verticles.syscall.SyscallTable}), and host
 * execution of a process's syscalls inside its sandbox
 * ({@link io.procshare.verticles.syscall.HostProcess}). Everything here is sans-IO: no Vert.x
 * type appears in this package; the verticles that move requests over the event bus are thin
 * adapters around these classes. Implementation details (the libc binding, the fd table, the
 * guest/host ABI translation, sandbox path resolution) live in {@code syscall.host}.
 */
package io.procshare.verticles.syscall;
