package io.skillbox.gateway.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a name into the addresses the proxy may connect to. The proxy resolves on the host, checks every
 * address and connects to the checked one, so a name is looked up exactly once per request; a fake in
 * tests maps names to any address without DNS. Called off the I/O threads; may block.
 */
@FunctionalInterface
public interface Resolver {

    /** The host's resolver. */
    Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /**
     * @param host a DNS name, never an address literal
     * @return every address the name has; never empty
     * @throws UnknownHostException when the name does not resolve
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
