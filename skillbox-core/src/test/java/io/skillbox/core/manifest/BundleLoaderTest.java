package io.skillbox.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile bundle trees, built on disk: links out, special files, traversal, bombs and oversized trees. */
class BundleLoaderTest {
    private static final String MINIMAL = """
            apiVersion: skillbox/v1
            name: hello
            version: "1.0"
            entrypoint: [python3, main.py]
            """;

    @TempDir
    Path temp;
    Path bundle;

    @BeforeEach
    void bundle() throws IOException {
        bundle = Files.createDirectories(temp.resolve("bundle"));
        Files.writeString(bundle.resolve("skill.yaml"), MINIMAL);
        Files.writeString(bundle.resolve("main.py"), "print('{}')\n");
        Files.createDirectories(bundle.resolve("data"));
        Files.writeString(bundle.resolve("data/readme.txt"), "hello\n");
        Files.writeString(temp.resolve("secret"), "host secret\n");
    }

    @Test
    void readsEveryFieldIntoTheRecord() throws IOException {
        Files.writeString(bundle.resolve("skill.yaml"), """
                apiVersion: skillbox/v1
                name: weather-lookup
                version: 1.2.0
                description: Look up the weather for a city.
                entrypoint: [python3, main.py]
                params: { type: object, properties: { city: { type: string } }, required: [city] }
                runtime: { isolation: gvisor }
                resources: { memory: 256Mi, cpus: 0.5, pids: 64, timeout: 30s, output: 1Mi, scratch: 64Mi }
                network: { mode: allowlist, hosts: ["api.openweathermap.org:443"] }
                credentials: [custom/openweathermap-api-key]
                files: [ { source: data/, target: /skill/data } ]
                trust: { level: reviewed, requires_review: false }
                """);
        Manifest m = BundleLoader.load(bundle).manifest();
        assertThat(m.name()).isEqualTo("weather-lookup");
        assertThat(m.entrypoint()).containsExactly("python3", "main.py");
        assertThat(m.params().orElseThrow().path("required").get(0).stringValue()).isEqualTo("city");
        assertThat(m.result()).isEmpty();
        assertThat(m.runtime().isolation()).contains("gvisor");
        assertThat(m.resources()).isEqualTo(new Manifest.Resources(Optional.of(256L << 20), Optional.of(500L), Optional.of(64),
                Optional.of(Duration.ofSeconds(30)), Optional.of(1L << 20), Optional.of(64L << 20)));
        assertThat(m.network()).isEqualTo(new Manifest.Network(Optional.of("allowlist"), List.of("api.openweathermap.org:443")));
        assertThat(m.credentials()).containsExactly("custom/openweathermap-api-key");
        assertThat(m.files()).containsExactly(new Manifest.FileMount("data", "/skill/data", true));
        assertThat(m.trust()).contains(new Manifest.Trust("reviewed", Optional.of(false), Optional.empty()));
    }

    @Test
    void leavesOutWhatTheManifestLeavesOut() {
        Manifest m = BundleLoader.load(bundle).manifest();
        assertThat(m.description()).isEmpty();
        assertThat(m.resources()).isEqualTo(Manifest.Resources.DEFAULT);
        assertThat(m.network()).isEqualTo(Manifest.Network.DEFAULT);
        assertThat(m.runtime()).isEqualTo(Manifest.Runtime.DEFAULT);
        assertThat(m.trust()).isEmpty();
    }

    @Test
    void symlinksInsideTheBundleAreAllowed() throws IOException {
        Files.createSymbolicLink(bundle.resolve("data/alias.txt"), Path.of("readme.txt"));
        Files.createSymbolicLink(bundle.resolve("datalink"), Path.of("data"));
        Files.createSymbolicLink(bundle.resolve("data/up.txt"), Path.of("../main.py"));
        assertThat(BundleLoader.load(bundle).manifest().name()).isEqualTo("hello");
    }

    @Test
    void theBundleMayBeReachedThroughASymlink() throws IOException {
        Path link = Files.createSymbolicLink(temp.resolve("link"), bundle);
        assertThat(BundleLoader.load(link).root()).isEqualTo(bundle.toRealPath());
    }

    @Test
    void refusesSymlinkWithAbsoluteTarget() throws IOException {
        Files.createSymbolicLink(bundle.resolve("data/link"), temp.resolve("secret").toAbsolutePath());
        assertUnsafe("(bundle)/data/link", "is a symlink to the absolute path");
    }

    @Test
    void refusesSymlinkClimbingOut() throws IOException {
        Files.createSymbolicLink(bundle.resolve("data/link"), Path.of("../../secret"));
        assertUnsafe("(bundle)/data/link", "which leaves the bundle");
    }

    @Test
    void refusesAChainOfLinksThatLeavesTheBundle() throws IOException {
        // Each link looks harmless on paper: 'a/up' is a/.. (the root), 'x' is a/up/.. (also the root,
        // lexically). But a/up really is the root, so x really is the root's parent.
        Files.createDirectories(bundle.resolve("a"));
        Files.createSymbolicLink(bundle.resolve("a/up"), Path.of(".."));
        Files.createSymbolicLink(bundle.resolve("x"), Path.of("a/up/.."));
        assertUnsafe("(bundle)/x", "leads outside the bundle through other links");
    }

    @Test
    void refusesAChainOfTwoLinksEndingOutside() throws IOException {
        Files.createSymbolicLink(bundle.resolve("first"), Path.of("second"));
        Files.createSymbolicLink(bundle.resolve("second"), Path.of("../secret"));
        SkillboxException e = load();
        assertThat(e.code()).isEqualTo(ErrorCode.UNSAFE_BUNDLE);
        assertThat(fields(e)).contains("(bundle)/first", "(bundle)/second");
    }

    @Test
    void refusesDanglingAndLoopingLinks() throws IOException {
        Files.createSymbolicLink(bundle.resolve("dangling"), Path.of("nowhere"));
        Files.createSymbolicLink(bundle.resolve("loop1"), Path.of("loop2"));
        Files.createSymbolicLink(bundle.resolve("loop2"), Path.of("loop1"));
        SkillboxException e = load();
        assertThat(e.code()).isEqualTo(ErrorCode.UNSAFE_BUNDLE);
        assertThat(fields(e)).contains("(bundle)/dangling", "(bundle)/loop1", "(bundle)/loop2");
    }

    @Test
    void refusesAFifo() throws IOException, InterruptedException {
        Process mkfifo = new ProcessBuilder("mkfifo", bundle.resolve("data/pipe").toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();
        assertUnsafe("(bundle)/data/pipe", "is a FIFO (named pipe)");
    }

    @Test
    void refusesASocket() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(bundle.resolve("sock")));
            assertUnsafe("(bundle)/sock", "is a socket");
        }
    }

    @Test
    void refusesPathTraversalInFilesAndEntrypointTogether() throws IOException {
        Files.writeString(bundle.resolve("skill.yaml"), MINIMAL.replace("[python3, main.py]", "[python3, ../../x.py]")
                + "files: [ { source: data/../../.., target: /skill/host } ]\n");
        SkillboxException e = load();
        assertThat(e.code()).isEqualTo(ErrorCode.UNSAFE_BUNDLE);
        assertThat(fields(e)).contains("entrypoint[1]", "files[0].source");
    }

    @Test
    void refusesAnOversizedManifestBeforeReadingIt() throws IOException {
        Files.writeString(bundle.resolve("skill.yaml"), MINIMAL + "#".repeat(BundleLoader.MAX_MANIFEST_BYTES));
        assertUnsafe("(bundle)/skill.yaml", "a manifest may be at most 262144 bytes");
    }

    @Test
    void acceptsAManifestOfExactlyTheMaximumSize() throws IOException {
        String padding = "#".repeat(BundleLoader.MAX_MANIFEST_BYTES - MINIMAL.length() - 1) + "\n";
        Files.writeString(bundle.resolve("skill.yaml"), MINIMAL + padding);
        assertThat(Files.size(bundle.resolve("skill.yaml"))).isEqualTo(BundleLoader.MAX_MANIFEST_BYTES);
        assertThat(BundleLoader.load(bundle).manifest().name()).isEqualTo("hello");
    }

    @Test
    void refusesABillionLaughsBomb() throws IOException {
        StringBuilder yaml = new StringBuilder(MINIMAL).append("params:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            yaml.append("  a").append(i).append(": &a").append(i).append(" [");
            yaml.append(String.join(", ", java.util.Collections.nCopies(9, "*a" + (i - 1)))).append("]\n");
        }
        Files.writeString(bundle.resolve("skill.yaml"), yaml);
        SkillboxException e = load();
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MANIFEST);
        assertThat(e.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("(manifest)");
            assertThat(v.problem()).contains("aliases/anchors are not allowed in manifests", "found 91");
        });
    }

    @Test
    void refusesDeeplyNestedYaml() throws IOException {
        Files.writeString(bundle.resolve("skill.yaml"), MINIMAL + "params: " + "[".repeat(100) + "]".repeat(100) + "\n");
        SkillboxException e = load();
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MANIFEST);
        assertThat(e.violations()).anyMatch(v -> v.field().equals("(manifest)") && v.problem().contains("nested deeper than 64"));
    }

    @Test
    void refusesDuplicateKeys() throws IOException {
        Files.writeString(bundle.resolve("skill.yaml"), MINIMAL + "entrypoint: [sh, -c, 'cat /etc/passwd']\n");
        SkillboxException e = load();
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MANIFEST);
        assertThat(e.violations()).singleElement().satisfies(v -> assertThat(v.problem()).contains("duplicate key 'entrypoint' at line 5"));
    }

    @Test
    void refusesDeepDirectoryNesting() throws IOException {
        Path deep = bundle;
        for (int i = 0; i < 40; i++) {
            deep = deep.resolve("d");
        }
        Files.createDirectories(deep);
        SkillboxException e = load();
        assertThat(e.code()).isEqualTo(ErrorCode.UNSAFE_BUNDLE);
        assertThat(e.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("(bundle)" + "/d".repeat(33));
            assertThat(v.problem()).contains("nested more than 32 directories deep");
        });
    }

    @Test
    void refusesMoreThanTenThousandEntries() throws IOException {
        Path many = Files.createDirectories(bundle.resolve("many"));
        for (int i = 0; i < 10_001; i++) {
            Files.createFile(many.resolve("f" + i));
        }
        assertUnsafe("(bundle)", "has more than 10000 files and directories");
    }

    @Test
    void refusesMoreThan256MiBInTotal() throws IOException {
        try (RandomAccessFile sparse = new RandomAccessFile(bundle.resolve("data/big.bin").toFile(), "rw")) {
            sparse.setLength(257L << 20); // sparse: costs no disk, but counts as its size
        }
        assertUnsafe("(bundle)", "is larger than 256 MiB");
    }

    @Test
    void refusesAMissingDirectoryAndAFile() {
        SkillboxException missing = catchThrowableOfType(SkillboxException.class, () -> BundleLoader.load(temp.resolve("nope")));
        assertThat(missing.code()).isEqualTo(ErrorCode.UNSAFE_BUNDLE);
        assertThat(missing.violations().getFirst().problem()).contains("does not exist");
        SkillboxException file = catchThrowableOfType(SkillboxException.class, () -> BundleLoader.load(bundle.resolve("main.py")));
        assertThat(file.violations().getFirst().problem()).contains("is not a directory");
    }

    @Test
    void refusesASymlinkedManifest() throws IOException {
        Files.move(bundle.resolve("skill.yaml"), bundle.resolve("real.yaml"));
        Files.createSymbolicLink(bundle.resolve("skill.yaml"), Path.of("real.yaml"));
        assertUnsafe("(bundle)/skill.yaml", "is not a regular file");
    }

    @Test
    void saysWhichFileWasExpectedWhenTheManifestIsMissing() throws IOException {
        Files.delete(bundle.resolve("skill.yaml"));
        SkillboxException e = load();
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MANIFEST);
        assertThat(e.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("(bundle)/skill.yaml");
            assertThat(v.problem()).contains("expected the file " + bundle.toRealPath().resolve("skill.yaml"));
        });
    }

    @Test
    void theMissingManifestMessageNamesEveryFormat() throws IOException {
        Files.delete(bundle.resolve("skill.yaml"));
        assertThat(load().violations().getFirst().problem())
                .endsWith("(or manifest.yaml (Skillware) or SKILL.md (Agent Skills) or .skill-engine.toml (skill-engine))");
    }

    @Test
    void skillYamlWinsOverTheManifestsOfOtherFormats() throws IOException {
        Files.writeString(bundle.resolve("SKILL.md"), "---\nname: hello\ndescription: d\n---\n");
        Files.writeString(bundle.resolve("manifest.yaml"), "name: a/hello\nversion: 0.1.0\n");

        Bundle b = BundleLoader.load(bundle);

        assertThat(b.format()).isEqualTo("skill.yaml");
        assertThat(b.notes()).isEmpty();
        assertThat(b.manifest().provided()).isEmpty();
    }

    @Test
    void twoForeignManifestsWithoutSkillYamlAreAmbiguous() throws IOException {
        Files.delete(bundle.resolve("skill.yaml"));
        Files.writeString(bundle.resolve("SKILL.md"), "---\nname: hello\ndescription: d\n---\n");
        Files.writeString(bundle.resolve("manifest.yaml"), "name: a/hello\nversion: 0.1.0\n");
        Files.writeString(bundle.resolve("skill.py"), "");

        SkillboxException e = load();

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MANIFEST);
        assertThat(e.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("(bundle)");
            assertThat(v.problem()).isEqualTo("holds manifest.yaml (Skillware) and SKILL.md (Agent Skills), so which one "
                    + "describes the skill is ambiguous");
            assertThat(v.fix()).contains("add a skill.yaml");
        });
    }

    @Test
    void aForeignManifestIsReadThroughTheSameHostileBundleChecks() throws IOException {
        Files.delete(bundle.resolve("skill.yaml"));
        Files.writeString(bundle.resolve("real.md"), "---\nname: hello\ndescription: d\n---\n");
        Files.createSymbolicLink(bundle.resolve("SKILL.md"), Path.of("real.md"));
        Files.createSymbolicLink(bundle.resolve("data/link"), Path.of("/etc/passwd"));

        SkillboxException e = load();

        assertThat(e.code()).isEqualTo(ErrorCode.UNSAFE_BUNDLE);
        assertThat(fields(e)).containsExactly("(bundle)/data/link", "(bundle)/SKILL.md");
    }

    @Test
    void anOversizedSkillMdIsRefusedBeforeItIsRead() throws IOException {
        Files.delete(bundle.resolve("skill.yaml"));
        Files.writeString(bundle.resolve("SKILL.md"), "---\nname: hello\ndescription: d\n---\n"
                + "x".repeat(BundleLoader.MAX_MANIFEST_BYTES));
        assertUnsafe("(bundle)/SKILL.md", "a manifest may be at most 262144 bytes");
    }

    @Test
    void refusesAManifestThatIsNotUtf8() throws IOException {
        Files.write(bundle.resolve("skill.yaml"), (MINIMAL + "description: caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1));
        SkillboxException e = load();
        assertThat(e.violations()).singleElement().satisfies(v -> assertThat(v.problem()).isEqualTo("is not valid UTF-8 text"));
    }

    @Test
    void reportsTreeAndManifestProblemsTogether() throws IOException {
        Files.createSymbolicLink(bundle.resolve("data/link"), Path.of("/etc/passwd"));
        Files.writeString(bundle.resolve("skill.yaml"), MINIMAL + "resources: { memory: lots }\n");
        SkillboxException e = load();
        assertThat(e.code()).isEqualTo(ErrorCode.UNSAFE_BUNDLE);
        assertThat(fields(e)).containsExactly("(bundle)/data/link", "resources.memory");
    }

    private SkillboxException load() {
        SkillboxException e = catchThrowableOfType(SkillboxException.class, () -> BundleLoader.load(bundle));
        assertThat(e).as("the bundle must be refused").isNotNull();
        return e;
    }

    private void assertUnsafe(String field, String problem) {
        SkillboxException e = load();
        assertThat(e.code()).as(e.describe()).isEqualTo(ErrorCode.UNSAFE_BUNDLE);
        assertThat(e.violations()).as(e.describe())
                .anyMatch(v -> v.field().equals(field) && v.problem().contains(problem) && !v.fix().isBlank());
    }

    private static List<String> fields(SkillboxException e) {
        return e.violations().stream().map(Violation::field).toList();
    }
}
