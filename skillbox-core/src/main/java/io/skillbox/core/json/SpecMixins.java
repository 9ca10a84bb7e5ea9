package io.skillbox.core.json;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.skillbox.spec.Mount;
import io.skillbox.spec.NetworkSpec;

/**
 * How the spec's sealed types read in JSON (the compiled spec in {@code check}, the audit log's digest,
 * forensics bundles): each variant names itself, so a broker spec and an allowlist spec never look alike.
 * The spec module stays free of Jackson; the names live here.
 */
final class SpecMixins {
    private SpecMixins() {}

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "mode")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = NetworkSpec.None.class, name = "none"),
            @JsonSubTypes.Type(value = NetworkSpec.Broker.class, name = "broker"),
            @JsonSubTypes.Type(value = NetworkSpec.Allowlist.class, name = "allowlist")})
    interface Network {}

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = Mount.Bind.class, name = "bind"),
            @JsonSubTypes.Type(value = Mount.Tmpfs.class, name = "tmpfs"),
            @JsonSubTypes.Type(value = Mount.Scratch.class, name = "scratch"),
            @JsonSubTypes.Type(value = Mount.Proc.class, name = "proc"),
            @JsonSubTypes.Type(value = Mount.Dev.class, name = "dev"),
            @JsonSubTypes.Type(value = Mount.Symlink.class, name = "symlink"),
            @JsonSubTypes.Type(value = Mount.DataFile.class, name = "data")})
    interface Mounts {}
}
