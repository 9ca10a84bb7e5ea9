package io.skillbox.core.trust;

import io.skillbox.core.TestBundles;
import io.skillbox.core.crypto.Ed25519;
import io.skillbox.core.manifest.Bundle;
import io.skillbox.core.manifest.BundleLoader;
import io.skillbox.core.manifest.Manifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Bundles, keys and trust policies for the trust tests. */
final class TrustFixtures {
    static final Instant NOW = Instant.parse("2026-11-23T20:00:00Z");
    /** Two keys, made once per test JVM: the publisher and someone else. */
    static final KeyPair ACME = Ed25519.generate();
    static final KeyPair MALLORY = Ed25519.generate();

    static final String MANIFEST = """
            apiVersion: skillbox/v1
            name: acme/greeter
            version: 1.2.0
            entrypoint: [/bin/sh, main.sh]
            """;

    private TrustFixtures() {}

    /** A bundle with skill.yaml, main.sh, lib/util.sh, an empty dir and a relative link (all o+r). */
    static Path bundle(Path dir) {
        return bundle(dir, MANIFEST);
    }

    static Path bundle(Path dir, String manifest) {
        try {
            Files.createDirectories(dir);
            TestBundles.write(dir, manifest, Map.of("main.sh", "echo hi\n", "lib/util.sh", "true\n"));
            Files.setPosixFilePermissions(Files.createDirectories(dir.resolve("empty")),
                    PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.createSymbolicLink(dir.resolve("current.sh"), Path.of("main.sh"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Bundle load(Path dir) {
        return BundleLoader.load(dir);
    }

    /** Signs the bundle with {@code key} and writes skillbox.sig. */
    static BundleSignature sign(Path dir, KeyPair key) {
        Bundle b = load(dir);
        BundleSignature sig = BundleSignature.create(BundleHash.of(b), b.manifest(), key.getPrivate(), NOW);
        SignatureFile.write(b.root(), sig);
        return sig;
    }

    static TrustPolicy.Publisher publisher(String name, KeyPair key, String level) {
        return new TrustPolicy.Publisher(name, Ed25519.toText(key.getPublic()), Ed25519.keyId(key.getPublic()), level);
    }

    /** The default trust section with these publishers. */
    static TrustPolicy policy(TrustPolicy.Publisher... publishers) {
        TrustPolicy d = TrustPolicy.DEFAULT;
        return new TrustPolicy(d.levels(), List.of(publishers), d.unsigned(), d.tampered(), d.tiers(), d.revocations(),
                d.revocationFiles());
    }

    static TrustPolicy withTreatments(TrustPolicy p, TrustPolicy.Treatment unsigned, TrustPolicy.Treatment tampered) {
        return new TrustPolicy(p.levels(), p.publishers(), unsigned, tampered, p.tiers(), p.revocations(), p.revocationFiles());
    }

    static TrustPolicy withRevocations(TrustPolicy p, Revocation... entries) {
        List<Revocations.Listed> listed = new ArrayList<>();
        for (int i = 0; i < entries.length; i++) {
            listed.add(new Revocations.Listed(entries[i], "trust.revocations[" + i + "]"));
        }
        return new TrustPolicy(p.levels(), p.publishers(), p.unsigned(), p.tampered(), p.tiers(), listed, p.revocationFiles());
    }

    /** A manifest of the given name and version, optionally with a trust declaration. */
    static Manifest manifest(String name, String version, Optional<Manifest.Trust> trust) {
        return new Manifest(name, version, "", List.of("/bin/sh", "main.sh"), Optional.empty(), Optional.empty(),
                Manifest.Runtime.DEFAULT, Manifest.Resources.DEFAULT, Manifest.Network.DEFAULT, List.of(), List.of(), trust);
    }
}
