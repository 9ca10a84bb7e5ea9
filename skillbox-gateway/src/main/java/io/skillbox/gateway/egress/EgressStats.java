package io.skillbox.gateway.egress;

/**
 * What one run used through the proxy so far, for the run result and for tests.
 *
 * @param connections upstream connections and tunnels opened (what {@code limits.connections} counts)
 * @param bytes       bytes between the skill and the proxy, both directions (what {@code limits.bytes} counts)
 * @param denied      requests refused, whatever the reason
 */
public record EgressStats(int connections, long bytes, int denied) {}
