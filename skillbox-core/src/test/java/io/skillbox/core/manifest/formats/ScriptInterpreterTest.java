package io.skillbox.core.manifest.formats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The #! line wins over the extension; only python3, sh and bash are ever chosen. */
class ScriptInterpreterTest {
    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0} starting {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            extract.py    | print(1)                         | python3
            run.sh        | echo                             | sh
            run.bash      | echo                             | bash
            tool          | #!/usr/bin/env python3           | python3
            tool          | #!/usr/bin/python3.11            | python3
            tool          | #!/usr/bin/env -S python -u      | python3
            tool.py       | #!/bin/bash                      | bash
            tool          | #!/bin/sh -e                     | sh
            tool          | #!/usr/bin/dash                  | sh
            """)
    void runs(String name, String firstLine, String command) throws IOException {
        Path script = Files.writeString(temp.resolve(name), firstLine + "\n");

        assertThat(ScriptInterpreter.of(script)).isEqualTo(new ScriptInterpreter.Choice.Runs(command));
    }

    @ParameterizedTest(name = "{0} starting {1}")
    @CsvSource(delimiter = '|', textBlock = """
            app.js     | console.log(1)              | no interpreter for '.js' files
            tool       | echo                        | it has no extension and no #! line
            tool.py    | #!/usr/bin/env node         | its #! line asks for node
            tool.sh    | #!/usr/bin/perl -w          | its #! line asks for perl
            tool.sh    | #!/usr/bin/env              | its #! line asks for nothing
            """)
    void refuses(String name, String firstLine, String reason) throws IOException {
        Path script = Files.writeString(temp.resolve(name), firstLine + "\n");

        assertThat(ScriptInterpreter.of(script)).isInstanceOfSatisfying(ScriptInterpreter.Choice.Refused.class,
                r -> assertThat(r.reason()).startsWith(reason).contains("python3"));
    }
}
