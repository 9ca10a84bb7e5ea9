/**
 * The backend SPI: a backend declares which tiers and features it can enforce, lowers a spec purely,
 * and launches it. The registry never falls back to a weaker backend.
 */
package io.skillbox.core.backend;
