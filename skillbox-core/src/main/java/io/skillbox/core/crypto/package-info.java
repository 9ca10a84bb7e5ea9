/**
 * The few cryptographic primitives skillbox uses, all from the JDK: SHA-256 digests and Ed25519 keys and
 * signatures (audit checkpoints, bundle signatures, forensics bundles). Keys are stored as PEM files that
 * {@code openssl} reads and writes ({@code openssl genpkey -algorithm ed25519}), and public keys are quoted
 * in policies and output as {@code ed25519:<base64 of the 32 raw bytes>}.
 */
package io.skillbox.core.crypto;
