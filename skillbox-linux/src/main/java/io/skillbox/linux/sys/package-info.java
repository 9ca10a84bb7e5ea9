/**
 * The only place skillbox calls into libc (through FFM): file descriptors, posix_spawn, mounts,
 * signals and per-thread credentials. Everything above it is plain Java.
 */
package io.skillbox.linux.sys;
