/**
 * Where the broker's raw keys come from: the host's environment ({@code env:NAME}) or a file encrypted at
 * rest ({@code store:NAME}); nothing here ever reaches a sandbox.
 */
package io.skillbox.gateway.secrets;
