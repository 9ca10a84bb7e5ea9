package io.skillbox.core.audit;

import io.skillbox.core.crypto.Ed25519;
import io.skillbox.core.crypto.HostKey;
import io.skillbox.core.json.Json;
import java.security.PublicKey;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The data of an {@code audit.checkpoint} entry: a signature over the seq and hash of the entry before
 * it, which through the hash chain vouches for every earlier entry.
 *
 * @param headSeq   seq of the entry signed (the checkpoint's own seq minus one)
 * @param head      hash of that entry
 * @param key       the signing key
 * @param signature base64 Ed25519 signature
 */
record Checkpoint(long headSeq, String head, PublicKey key, String signature) {
    static final String DOMAIN = "skillbox-audit-checkpoint/v1\n";
    private static final List<String> FIELDS = List.of("headSeq", "head", "keyId", "publicKey", "signature");

    static Checkpoint sign(long headSeq, String head, HostKey key) {
        return new Checkpoint(headSeq, head, key.publicKey(), Signatures.sign(DOMAIN, headSeq, head, key));
    }

    static Checkpoint parse(JsonNode data) throws MalformedEntryException {
        if (!List.copyOf(data.propertyNames()).equals(FIELDS)) {
            throw new MalformedEntryException("a checkpoint's data has the fields " + String.join(", ", FIELDS)
                    + " in this order");
        }
        JsonNode headSeq = data.get("headSeq");
        if (!headSeq.isIntegralNumber() || !headSeq.canConvertToLong() || headSeq.longValue() < 1
                || !data.get("head").isString() || !data.get("keyId").isString()
                || !data.get("publicKey").isString() || !data.get("signature").isString()) {
            throw new MalformedEntryException("headSeq must be a whole number from 1, the other fields strings");
        }
        PublicKey key = Signatures.publicKey(data.get("publicKey").stringValue());
        if (!Ed25519.keyId(key).equals(data.get("keyId").stringValue())) {
            throw new MalformedEntryException("keyId is not the id of publicKey");
        }
        return new Checkpoint(headSeq.longValue(), Signatures.hash(data.get("head").stringValue(), "head"), key,
                Signatures.signature(data.get("signature").stringValue()));
    }

    ObjectNode toData() {
        ObjectNode data = Json.json().createObjectNode();
        data.put("headSeq", headSeq);
        data.put("head", head);
        data.put("keyId", Ed25519.keyId(key));
        data.put("publicKey", Ed25519.toText(key));
        data.put("signature", signature);
        return data;
    }

    boolean signatureValid() {
        return Signatures.verify(DOMAIN, headSeq, head, key, signature);
    }
}
