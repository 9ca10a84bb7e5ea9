package io.skillbox.gateway.egress;

import io.skillbox.core.network.HostNames;

/**
 * A {@code host[:port]} as a request line or Host header spells it. No user info: in
 * {@code http://allowed.test@evil.test/} the host is {@code evil.test}, a difference a lenient parser
 * might read the other way.
 *
 * @param host canonical (see {@link HostNames})
 * @param port 1..65535
 */
record Authority(String host, int port) {

    /**
     * @param defaultPort the port when none is written, or 0 when one is required
     * @throws IllegalArgumentException saying what is wrong
     */
    static Authority parse(String text, int defaultPort) {
        if (text.contains("@")) {
            // Not quoted: user info is often a password, and this message reaches the audit log.
            throw new IllegalArgumentException("user info (name@host) is not allowed");
        }
        String host;
        String port;
        int close = text.indexOf(']');
        if (text.startsWith("[") && close > 0) {
            host = text.substring(0, close + 1);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw new IllegalArgumentException("'" + text + "' is not host:port");
            }
            port = rest.isEmpty() ? null : rest.substring(1);
        } else {
            int colon = text.indexOf(':');
            if (colon != text.lastIndexOf(':')) {
                throw new IllegalArgumentException("'" + text + "' is not host:port (IPv6 addresses go in brackets)");
            }
            host = colon < 0 ? text : text.substring(0, colon);
            port = colon < 0 ? null : text.substring(colon + 1);
        }
        return new Authority(HostNames.canonical(host), port == null ? defaultPortOf(text, defaultPort) : portOf(text, port));
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }

    private static int defaultPortOf(String text, int defaultPort) {
        if (defaultPort == 0) {
            throw new IllegalArgumentException("'" + text + "' has no port");
        }
        return defaultPort;
    }

    private static int portOf(String text, String digits) {
        if (!digits.matches("[0-9]{1,5}") || Integer.parseInt(digits) < 1 || Integer.parseInt(digits) > 65535) {
            throw new IllegalArgumentException("'" + text + "': the port must be a number from 1 to 65535");
        }
        return Integer.parseInt(digits);
    }
}
