package io.skillbox.spec;

import java.util.List;

/** What the sandbox may reach over the network. Every mode starts from an empty network namespace. */
public sealed interface NetworkSpec {

    /** The wire name used in manifests and policies. */
    String mode();

    /** Only the sandbox's own loopback; nothing of the host or beyond is reachable. */
    record None() implements NetworkSpec {
        @Override
        public String mode() {
            return "none";
        }
    }

    /** Only the credential broker, which injects keys for the listed capabilities. */
    record Broker(List<String> capabilities) implements NetworkSpec {
        public Broker {
            capabilities = List.copyOf(capabilities);
        }

        @Override
        public String mode() {
            return "broker";
        }
    }

    /** Only the egress proxy, which lets through the listed {@code host:port} patterns. */
    record Allowlist(List<String> hosts) implements NetworkSpec {
        public Allowlist {
            hosts = List.copyOf(hosts);
        }

        @Override
        public String mode() {
            return "allowlist";
        }
    }
}
