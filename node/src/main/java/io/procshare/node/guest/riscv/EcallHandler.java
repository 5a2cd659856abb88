package io.procshare.node.guest.riscv;

/**
 * What the engine does on ECALL (DESIGN §7, ecall): the handler reads the syscall number from a7
 * and the arguments from a0-a5 of {@code hart}, runs the call and writes its result to a0. The
 * engine has already set the hart's pc to the instruction after the ecall (so a clone's child and
 * the caller both resume there). The handler ends the thread by throwing (exit, exit_group, a lost
 * home); the engine lets the exception through.
 */
@FunctionalInterface
public interface EcallHandler {

    void ecall(Hart hart);
}
