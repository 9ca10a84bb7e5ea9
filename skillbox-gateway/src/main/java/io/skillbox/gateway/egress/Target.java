package io.skillbox.gateway.egress;

import java.util.Locale;

/**
 * Where a client asked the proxy to go.
 *
 * @param host canonical (see {@link HostNames})
 * @param port 1..65535
 * @param kind how it asked
 */
record Target(String host, int port, Kind kind) {

    /** A forward request relays one HTTP exchange at a time; a CONNECT tunnel relays raw bytes. */
    enum Kind {
        FORWARD, CONNECT;

        /** The name used in events. */
        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code host:port}, as allowlists spell it. */
    String authority() {
        return host + ":" + port;
    }
}
