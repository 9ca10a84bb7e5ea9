package io.skillbox.gateway.secrets;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import java.util.Map;

/**
 * Turns a provider's secret reference into the raw key: {@code env:NAME} from the host's environment as
 * given at construction (never the sandbox's), {@code store:NAME} from the {@link SecretStore}. Looked up
 * on every use, so a rotated store value takes effect without a restart.
 */
public final class SecretResolver {
    private final Map<String, String> env;
    private final SecretStore store;

    /** @param env the host's environment, e.g. {@code System.getenv()} */
    public SecretResolver(Map<String, String> env, SecretStore store) {
        this.env = Map.copyOf(env);
        this.store = store;
    }

    /**
     * The raw key {@code ref} names.
     *
     * @throws SkillboxException naming the reference and the fix: an unknown scheme, or no such value
     */
    public String resolve(String ref) {
        int colon = ref.indexOf(':');
        String scheme = colon < 0 ? "" : ref.substring(0, colon);
        String name = ref.substring(colon + 1);
        return switch (scheme) {
            case "env" -> {
                String v = env.get(name);
                if (v == null || v.isEmpty()) {
                    throw new SkillboxException(ErrorCode.INVALID_POLICY, "secret '" + ref + "' is not set: the host"
                            + " environment has no " + name + " (export " + name + " before starting skillbox, or"
                            + " keep the key in the secret store and refer to it as store:" + name + ")");
                }
                yield v;
            }
            case "store" -> store.get(name).orElseThrow(() -> new SkillboxException(ErrorCode.INVALID_POLICY,
                    "secret '" + ref + "' is not in the secret store (store it under the name " + name + ")"));
            default -> throw new SkillboxException(ErrorCode.INVALID_POLICY, "secret reference '" + ref
                    + "' has no known scheme (write env:NAME for the host's environment or store:NAME for the"
                    + " secret store)");
        };
    }
}
