/**
 * The tamper-evident audit log: an append-only JSONL hash chain with Ed25519-signed checkpoints and a
 * signed head file, written safely by many threads and processes, and read and verified offline. The
 * format is specified in docs/AUDIT.md.
 */
package io.skillbox.core.audit;
