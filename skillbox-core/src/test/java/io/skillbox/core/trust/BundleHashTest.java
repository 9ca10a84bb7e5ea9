package io.skillbox.core.trust;

import static io.skillbox.core.trust.TrustFixtures.bundle;
import static io.skillbox.core.trust.TrustFixtures.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.skillbox.core.Golden;
import io.skillbox.core.TestBundles;
import io.skillbox.core.crypto.Digests;
import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The content hash: what it covers, what it ignores, and its canonical form (pinned by a golden file). */
class BundleHashTest {
    @TempDir
    Path temp;

    @Test
    void theCanonicalFormIsPinned() throws IOException {
        Path dir = bundle(temp.resolve("b"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir.resolve("main.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));

        String canonical = new String(BundleHash.canonical(load(dir).root()), StandardCharsets.UTF_8);

        Golden.assertMatches("trust/canonical-v1.txt", canonical);
        assertThat(BundleHash.of(dir)).isEqualTo("sha256:" + Digests.sha256Hex(
                canonical.getBytes(StandardCharsets.UTF_8)));
        assertThat(BundleHash.isHash(BundleHash.of(dir))).isTrue();
    }

    @Test
    void theHashDoesNotDependOnCreationOrderMtimesOrOwners() throws IOException {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            names.add("d" + (i % 5) + "/f" + i + ".txt");
        }
        Path a = write(temp.resolve("a"), names);
        Collections.shuffle(names, new Random(42));
        Path b = write(temp.resolve("b"), names);
        String before = BundleHash.of(a);
        assertThat(BundleHash.of(b)).isEqualTo(before);

        try (Stream<Path> all = Files.walk(a)) {
            for (Path p : all.toList()) {
                Files.setLastModifiedTime(p, FileTime.fromMillis(1_000_000L));
            }
        }
        UserPrincipalLookupService users = a.getFileSystem().getUserPrincipalLookupService();
        if (isRoot()) { // only root may give files away
            Files.setOwner(a.resolve("d1/f1.txt"), users.lookupPrincipalByName("nobody"));
        }
        assertThat(BundleHash.of(a)).isEqualTo(before);
    }

    @Test
    void theSignatureFileIsLeftOutButOnlyAtTheTopAndOnlyAsAFile() throws IOException {
        Path dir = bundle(temp.resolve("b"));
        String unsigned = BundleHash.of(dir);

        world(Files.writeString(dir.resolve(BundleHash.SIGNATURE_FILE), "{}"));
        assertThat(BundleHash.of(dir)).as("top-level skillbox.sig file").isEqualTo(unsigned);

        world(Files.writeString(dir.resolve("lib/" + BundleHash.SIGNATURE_FILE), "{}"));
        assertThat(BundleHash.of(dir)).as("a nested skillbox.sig is content").isNotEqualTo(unsigned);
    }

    @Test
    void aSignatureDirectoryIsHashedWithItsContent() throws IOException {
        Path dir = bundle(temp.resolve("b"));
        String unsigned = BundleHash.of(dir);
        Path sigDir = Files.createDirectory(dir.resolve(BundleHash.SIGNATURE_FILE));
        Files.setPosixFilePermissions(sigDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        world(Files.writeString(sigDir.resolve("evil.sh"), "rm -rf /\n"));

        assertThat(BundleHash.of(dir)).isNotEqualTo(unsigned);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"content", "mode", "add", "remove", "rename", "move", "link", "empty-dir", "dir-mode", "root-mode"})
    void everyChangeChangesTheHash(String change) throws IOException {
        Path dir = bundle(temp.resolve("b"));
        String before = BundleHash.of(dir);

        Tamper.apply(change, dir);

        assertThat(BundleHash.of(dir)).isNotEqualTo(before);
    }

    @Test
    void splittingAPathDifferentlyCannotCollide() throws IOException {
        Path one = bundle(temp.resolve("one"));
        Files.createDirectories(one.resolve("a"));
        world(Files.writeString(one.resolve("a/b"), "x"));
        Path two = bundle(temp.resolve("two"));
        world(Files.writeString(two.resolve("a"), "x"));
        world(Files.writeString(two.resolve("b"), "x"));
        Path three = bundle(temp.resolve("three"));
        world(Files.writeString(three.resolve("a b"), "x"));

        assertThat(List.of(BundleHash.of(one), BundleHash.of(two), BundleHash.of(three))).doesNotHaveDuplicates();
    }

    @Test
    void aNewlineInANameCannotForgeAnEntry() throws IOException {
        Path one = bundle(temp.resolve("one"));
        world(Files.writeString(one.resolve("x\nf 0644 1:y"), "x"));
        Path two = bundle(temp.resolve("two"));
        world(Files.writeString(two.resolve("x"), "x"));
        world(Files.writeString(two.resolve("y"), "x"));

        assertThat(BundleHash.of(one)).isNotEqualTo(BundleHash.of(two));
    }

    @Test
    void aBundleTheLoaderRefusesIsRefusedHereToo() throws IOException {
        Path dir = bundle(temp.resolve("b"));
        Files.createSymbolicLink(dir.resolve("passwd"), Path.of("/etc/passwd"));

        SkillboxException e = catchThrowableOfType(SkillboxException.class, () -> BundleHash.of(dir));

        assertThat(e.code()).isEqualTo(ErrorCode.UNSAFE_BUNDLE);
        assertThat(e.violations()).anySatisfy(v -> assertThat(v.field()).isEqualTo("(bundle)/passwd"));
    }

    @Test
    void linksAreHashedByTheirTextNeverFollowed() {
        Path dir = bundle(temp.resolve("b"));

        String canonical = new String(BundleHash.canonical(load(dir).root()), StandardCharsets.UTF_8);

        assertThat(canonical).contains("l 10:current.sh 7:main.sh\n").doesNotContain("f 0644 10:current.sh");
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Path write(Path dir, List<String> names) throws IOException {
        Files.createDirectories(dir);
        Map<String, String> files = new LinkedHashMap<>();
        for (String n : names) {
            files.put(n, "content of " + n + "\n");
        }
        TestBundles.write(dir, TrustFixtures.MANIFEST, files);
        return dir;
    }

    static Path world(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        return file;
    }
}
