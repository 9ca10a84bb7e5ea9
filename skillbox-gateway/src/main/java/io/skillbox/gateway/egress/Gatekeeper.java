package io.skillbox.gateway.egress;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.skillbox.core.network.HostNames;
import io.skillbox.core.network.HostPattern;
import io.skillbox.gateway.egress.Denial.Reason;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The checks a target must pass before the proxy connects, in this order: the allowlist (a name not on it
 * is not even resolved), then resolution on the host, then {@link AddressGuard} on every address the name
 * has. One blocked address refuses the name: a resolver that mixes a public and a private address would
 * otherwise win whenever the private one is tried first.
 */
final class Gatekeeper {
    private final List<HostPattern> allowlist;
    private final AddressGuard guard;
    private final Resolver resolver;
    private final Executor resolving;

    /** @param resolving where names are resolved; resolution blocks, so never an I/O thread */
    Gatekeeper(List<HostPattern> allowlist, AddressGuard guard, Resolver resolver, Executor resolving) {
        this.allowlist = List.copyOf(allowlist);
        this.guard = guard;
        this.resolver = resolver;
        this.resolving = resolving;
    }

    CompletableFuture<Verdict> check(Target target) {
        if (allowlist.stream().noneMatch(p -> p.matches(target.host(), target.port()))) {
            return CompletableFuture.completedFuture(Denial.of(target, Reason.NOT_ALLOWLISTED, HttpResponseStatus.FORBIDDEN,
                    target.authority() + " is not on this run's allowlist"));
        }
        Optional<InetAddress> literal = HostNames.literal(target.host());
        if (literal.isPresent()) {
            return CompletableFuture.completedFuture(checkAddresses(target, List.of(literal.get())));
        }
        return CompletableFuture.supplyAsync(() -> resolveAndCheck(target), resolving);
    }

    private Verdict resolveAndCheck(Target target) {
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(target.host());
        } catch (UnknownHostException e) {
            addresses = List.of();
        }
        if (addresses.isEmpty()) {
            return Denial.of(target, Reason.RESOLVE_FAILED, HttpResponseStatus.BAD_GATEWAY,
                    "cannot resolve " + target.host());
        }
        return checkAddresses(target, addresses);
    }

    private Verdict checkAddresses(Target target, List<InetAddress> addresses) {
        for (InetAddress address : addresses) {
            Optional<String> refusal = guard.refusal(address);
            if (refusal.isPresent()) {
                String where = HostNames.literal(target.host()).isPresent()
                        ? target.authority() + " is"
                        : target.authority() + " resolves to " + address.getHostAddress() + ",";
                return Denial.of(target, Reason.BLOCKED_ADDRESS, HttpResponseStatus.FORBIDDEN,
                        where + " a blocked address (" + refusal.get() + ")");
            }
        }
        return new Verdict.Pass(target, addresses.getFirst());
    }
}
