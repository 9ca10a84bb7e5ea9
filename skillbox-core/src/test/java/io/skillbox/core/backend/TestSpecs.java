package io.skillbox.core.backend;

import io.skillbox.spec.ArtifactSpec;
import io.skillbox.spec.Isolation;
import io.skillbox.spec.Limits;
import io.skillbox.spec.Mount;
import io.skillbox.spec.NetworkSpec;
import io.skillbox.spec.Privileges;
import io.skillbox.spec.ProcessSpec;
import io.skillbox.spec.SandboxSpec;
import io.skillbox.spec.SeccompProfile;
import io.skillbox.spec.SkillRef;
import io.skillbox.spec.SnapshotSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Minimal hand-made specs for tests that only care about the tier, the network or the privileges. */
final class TestSpecs {
    private TestSpecs() {}

    static SandboxSpec spec(Isolation isolation, NetworkSpec network) {
        return spec(isolation, network, List.of());
    }

    static SandboxSpec spec(Isolation isolation, NetworkSpec network, List<String> capabilities) {
        return new SandboxSpec("0000000000aa-12345678", new SkillRef("demo", "1.0.0", Path.of("/srv/skills/demo")),
                isolation,
                new ProcessSpec(List.of("python3", "/skill/main.py"), Map.of("HOME", "/work"), "/work", 1000, 1000),
                List.of(new Mount.Bind(Path.of("/srv/skills/demo"), "/skill", true), new Mount.Scratch("/work", 1 << 20)),
                network,
                new Limits(64L << 20, 500, 16, Duration.ofSeconds(10), 1 << 16, 1 << 16, 1 << 20, 1 << 20),
                new Privileges(capabilities, true,
                        new SeccompProfile("test", SeccompProfile.Action.ERRNO, 1, List.of("x86_64"), List.of())),
                new ArtifactSpec("/work/out", 8, 1 << 20), "skillbox", SnapshotSpec.NEVER);
    }
}
