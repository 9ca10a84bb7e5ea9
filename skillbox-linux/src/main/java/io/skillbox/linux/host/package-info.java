/**
 * Host-side resources of a run that live outside the sandbox: the state directory and its locks, the
 * unprivileged host ids, the scratch tmpfs, and artifact collection from it.
 */
package io.skillbox.linux.host;
