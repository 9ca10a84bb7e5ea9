/** The {@code skillbox} command line: one thin class per subcommand over the Java API. */
package io.skillbox.cli;
