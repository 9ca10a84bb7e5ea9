package io.skillbox.gateway.egress;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.skillbox.gateway.egress.Denial.Reason;
import java.util.Optional;

/**
 * What the handlers of one run share: its books, its checks and its channels.
 *
 * @param headerBytes the largest request line plus headers accepted
 */
record RunScope(RunLedger ledger, Gatekeeper gatekeeper, Channels channels, Upstreams upstreams, int headerBytes) {

    /** The byte budget is spent: report it once and close every connection of the run. */
    void bytesExceeded(Target.Kind kind) {
        // The status is never sent: mid-stream there is no response left to put it in.
        ledger.denied(new Denial(Optional.empty(), kind, Reason.LIMIT_BYTES, HttpResponseStatus.TOO_MANY_REQUESTS,
                "the run moved more than " + ledger.limits().bytes() + " bytes through the proxy"));
        channels.closeConnections();
    }
}
