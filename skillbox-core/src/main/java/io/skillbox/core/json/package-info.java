/** Shared, hardened JSON and YAML mappers, JSON Schema validation, and the size and duration syntax. */
package io.skillbox.core.json;
