/**
 * The host side of a run's network, as backends and the runner see it: a {@link
 * io.skillbox.core.network.NetworkGateway} opens a {@link io.skillbox.core.network.RunNetwork} per run,
 * the backend hands it {@link io.skillbox.core.network.Listeners} bound inside the run's own network
 * namespace, and every allow and deny goes to {@link io.skillbox.core.network.NetworkEvents}. The
 * implementation (egress proxy, credential broker) lives in {@code skillbox-gateway}.
 */
package io.skillbox.core.network;
