/** Small file-system helpers shared by the packages that keep state on the host. */
package io.skillbox.core.io;
