/**
 * Skill bundles and their manifests: reading {@code skill.yaml} against its JSON Schema, and refusing
 * hostile bundles (escaping symlinks, path traversal, oversized or aliased documents).
 */
package io.skillbox.core.manifest;
