/**
 * Turns an OCI image (an image layout directory, the same layout as a tar, or a {@code docker save}
 * tarball) into a cached, read-only root filesystem directory on the host. Every blob is hashed while it
 * is read and checked against its digest, layers are applied in order with whiteouts, and no entry of a
 * layer can write, link or delete outside the root: paths are normalised, a symbolic link is never
 * followed while writing, device nodes are skipped and setuid bits stripped. A finished tree is moved
 * into the cache with one atomic rename, so concurrent unpacks of one image, in threads or processes,
 * leave exactly one copy.
 */
package io.skillbox.linux.image;
