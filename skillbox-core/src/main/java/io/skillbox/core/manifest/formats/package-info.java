/**
 * Manifest formats skillbox reads besides skill.yaml — Skillware's manifest.yaml and Agent Skills' SKILL.md —
 * each mapped onto the same {@link io.skillbox.core.manifest.Manifest}, with the files skillbox provides to run them.
 */
package io.skillbox.core.manifest.formats;
