/** JMH benchmarks of one sandboxed run of a trivial skill: skillbox's Java API next to raw bwrap. */
package io.skillbox.bench;
