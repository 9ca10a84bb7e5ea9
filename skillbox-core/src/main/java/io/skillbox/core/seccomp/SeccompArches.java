package io.skillbox.core.seccomp;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Architecture names across the formats a profile meets: OCI's {@code SCMP_ARCH_*}, libseccomp's own
 * names (what the IR carries), Go's {@code GOARCH} (Docker's {@code includes.arches}) and Java's
 * {@code os.arch}.
 */
final class SeccompArches {
    private static final Map<String, String> SCMP = Map.ofEntries(
            Map.entry("SCMP_ARCH_X86", "x86"),
            Map.entry("SCMP_ARCH_X86_64", "x86_64"),
            Map.entry("SCMP_ARCH_X32", "x32"),
            Map.entry("SCMP_ARCH_ARM", "arm"),
            Map.entry("SCMP_ARCH_AARCH64", "aarch64"),
            Map.entry("SCMP_ARCH_MIPS", "mips"),
            Map.entry("SCMP_ARCH_MIPS64", "mips64"),
            Map.entry("SCMP_ARCH_MIPS64N32", "mips64n32"),
            Map.entry("SCMP_ARCH_MIPSEL", "mipsel"),
            Map.entry("SCMP_ARCH_MIPSEL64", "mipsel64"),
            Map.entry("SCMP_ARCH_MIPSEL64N32", "mipsel64n32"),
            Map.entry("SCMP_ARCH_PPC", "ppc"),
            Map.entry("SCMP_ARCH_PPC64", "ppc64"),
            Map.entry("SCMP_ARCH_PPC64LE", "ppc64le"),
            Map.entry("SCMP_ARCH_S390", "s390"),
            Map.entry("SCMP_ARCH_S390X", "s390x"),
            Map.entry("SCMP_ARCH_PARISC", "parisc"),
            Map.entry("SCMP_ARCH_PARISC64", "parisc64"),
            Map.entry("SCMP_ARCH_RISCV64", "riscv64"),
            Map.entry("SCMP_ARCH_LOONGARCH64", "loongarch64"),
            Map.entry("SCMP_ARCH_M68K", "m68k"),
            Map.entry("SCMP_ARCH_SH", "sh"),
            Map.entry("SCMP_ARCH_SHEB", "sheb"));

    /** Go and Java spellings that differ from libseccomp's. */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("amd64", "x86_64"),
            Map.entry("386", "x86"),
            Map.entry("i386", "x86"),
            Map.entry("i486", "x86"),
            Map.entry("i586", "x86"),
            Map.entry("i686", "x86"),
            Map.entry("arm64", "aarch64"),
            Map.entry("mipsle", "mipsel"),
            Map.entry("mips64le", "mipsel64"),
            Map.entry("loong64", "loongarch64"));

    /**
     * The architectures whose syscalls a kernel of the key architecture can execute (its compat ABIs).
     * A filter only needs these: a syscall from any other architecture cannot happen on this host, and
     * the filter kills anything it does not list.
     */
    private static final Map<String, List<String>> FAMILIES = Map.of(
            "x86_64", List.of("x86_64", "x86", "x32"),
            "aarch64", List.of("aarch64", "arm"),
            "s390x", List.of("s390x", "s390"),
            "ppc64", List.of("ppc64", "ppc"),
            "mips64", List.of("mips64", "mips64n32", "mips"),
            "mipsel64", List.of("mipsel64", "mipsel64n32", "mipsel"),
            "parisc64", List.of("parisc64", "parisc"));

    private SeccompArches() {}

    /** The libseccomp name of an {@code SCMP_ARCH_*} constant. */
    static Optional<String> fromScmp(String scmpName) {
        return Optional.ofNullable(SCMP.get(scmpName));
    }

    /** Any known spelling ({@code SCMP_ARCH_X86_64}, {@code x86_64}, {@code amd64}) to libseccomp's name. */
    static Optional<String> normalize(String anySpelling) {
        if (anySpelling.startsWith("SCMP_ARCH_")) {
            return fromScmp(anySpelling);
        }
        String lower = anySpelling.toLowerCase(Locale.ROOT);
        if (SCMP.containsValue(lower)) {
            return Optional.of(lower);
        }
        return Optional.ofNullable(ALIASES.get(lower));
    }

    /** The host architecture first, then its compat architectures. */
    static List<String> family(String host) {
        return FAMILIES.getOrDefault(host, List.of(host));
    }
}
