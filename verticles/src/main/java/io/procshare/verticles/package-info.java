/**
 * The mechanism of procshare: the paper's memory control unit ({@code memory}), system call
 * control unit ({@code syscall}, {@code exec}) and the node-level plumbing every verticle shares
 * (addresses, counters, the guard that turns a malformed frame into a counted rejection).
 */
package io.procshare.verticles;
