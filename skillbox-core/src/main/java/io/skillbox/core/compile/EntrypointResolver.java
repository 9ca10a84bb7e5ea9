package io.skillbox.core.compile;

import io.skillbox.core.error.Violation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the manifest's entrypoint into the sandbox argv: elements that name bundle files become
 * {@code /skill/...} paths; everything else passes verbatim. Anything that tries to climb out of the
 * bundle is refused rather than passed on.
 */
final class EntrypointResolver {
    static final String BUNDLE_MOUNT = "/skill";

    private EntrypointResolver() {}

    static List<String> resolve(List<String> entrypoint, BundleView bundle, List<Violation> violations) {
        List<String> argv = new ArrayList<>(entrypoint.size());
        for (int i = 0; i < entrypoint.size(); i++) {
            argv.add(resolveOne(i, entrypoint.get(i), bundle, violations));
        }
        return argv;
    }

    private static String resolveOne(int i, String arg, BundleView bundle, List<Violation> violations) {
        String field = "entrypoint[" + i + "]";
        if (arg.startsWith("/") || (i > 0 && arg.startsWith("-"))) {
            return arg;
        }
        boolean looksLikePath = arg.contains("/");
        if (looksLikePath && escapes(arg)) {
            violations.add(new Violation(field, "'" + arg + "' climbs out of the bundle",
                    "name a file inside the bundle, relative to its root, without '..'"));
            return arg;
        }
        if (bundle.isFile(arg)) {
            return BUNDLE_MOUNT + "/" + Path.of(arg).normalize();
        }
        if (i == 0 && looksLikePath) {
            violations.add(new Violation(field, "'" + arg + "' is not a file in the bundle",
                    "add the file to the bundle, or name a command on the sandbox's PATH (e.g. python3)"));
        }
        return arg;
    }

    private static boolean escapes(String relative) {
        Path normalized = Path.of(relative).normalize();
        return normalized.startsWith("..") || normalized.toString().equals("..");
    }
}
