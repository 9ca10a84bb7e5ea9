/**
 * The credential broker: holds the raw keys, mints scoped tokens for runs and agents, and forwards a
 * sandbox's calls to providers with the key injected and scrubbed from the answer, over an HTTP API
 * served on listeners inside each run's namespace.
 */
package io.skillbox.gateway.broker;
