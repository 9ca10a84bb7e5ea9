/** Compiles seccomp profiles to the BPF programs bwrap loads, with libseccomp through FFM. */
package io.skillbox.linux.seccomp;
