/**
 * {@code skillbox bench}: the variants it times (skillbox's Java API, the CLI, and raw bwrap with the same
 * isolation as baselines), how it interleaves them, and the statistics and table it prints.
 */
package io.skillbox.cli.bench;
