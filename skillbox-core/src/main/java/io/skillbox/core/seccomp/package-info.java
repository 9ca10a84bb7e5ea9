/**
 * Seccomp profiles: the built-in default and the reader that turns Docker-format or OCI-format JSON into
 * the neutral {@link io.skillbox.spec.SeccompProfile} for one host architecture and capability set.
 */
package io.skillbox.core.seccomp;
