package io.skillbox.linux.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.linux.host.SlotJournal.CgroupDir;
import io.skillbox.linux.host.SlotJournal.Container;
import io.skillbox.linux.host.SlotJournal.Tree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlotJournalTest {
    @TempDir
    Path tmp;

    @Test
    void readsBackWhatWasWrittenInOrder() {
        SlotJournal journal = new SlotJournal(tmp.resolve("journal"));
        journal.cgroups(List.of(Path.of("/sys/fs/cgroup/memory/skillbox/run-a"), Path.of("/sys/fs/cgroup/pids/skillbox/run-a")));
        journal.tree(Path.of("/run/skillbox/oci/a"));
        journal.container(Path.of("/usr/bin/runsc"), Path.of("/run/skillbox/runsc"), "skillbox-a");

        assertThat(journal.entries()).containsExactly(
                new CgroupDir(Path.of("/sys/fs/cgroup/memory/skillbox/run-a")),
                new CgroupDir(Path.of("/sys/fs/cgroup/pids/skillbox/run-a")),
                new Tree(Path.of("/run/skillbox/oci/a")),
                new Container(Path.of("/usr/bin/runsc"), Path.of("/run/skillbox/runsc"), "skillbox-a"));
    }

    @Test
    void aTornLastLineIsIgnored() throws Exception {
        Path file = tmp.resolve("journal");
        Files.writeString(file, "tree\t/run/skillbox/oci/a\ncontai");
        assertThat(new SlotJournal(file).entries()).containsExactly(new Tree(Path.of("/run/skillbox/oci/a")));
    }

    @Test
    void noJournalIsNothingToUndo() {
        SlotJournal journal = new SlotJournal(tmp.resolve("journal"));
        assertThat(journal.entries()).isEmpty();
        assertThat(journal.undo()).isTrue();
    }

    @Test
    void undoRemovesWhatIsLeftAndThenTheJournal() throws Exception {
        Path bundle = Files.createDirectories(tmp.resolve("oci/run-1/files"));
        Files.writeString(bundle.resolve("config.json"), "{}");
        Path file = tmp.resolve("journal");
        SlotJournal journal = new SlotJournal(file);
        journal.tree(tmp.resolve("oci/run-1"));
        journal.tree(tmp.resolve("oci/never-made"));

        assertThat(journal.undo()).isTrue();

        assertThat(tmp.resolve("oci/run-1")).doesNotExist();
        assertThat(file).doesNotExist();
    }

    @Test
    void settleKeepsTheJournalWhileSomethingItNamesIsLeft() throws Exception {
        Path left = Files.createDirectories(tmp.resolve("left"));
        Path file = tmp.resolve("journal");
        SlotJournal journal = new SlotJournal(file);
        journal.tree(left);

        journal.settle();
        assertThat(file).exists();

        Files.delete(left);
        journal.settle();
        assertThat(file).doesNotExist();
    }

    @Test
    void aContainerIsItsStateNotTheFilesItLeaves() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("runsc"));
        Files.writeString(root.resolve("skillbox-a_sandbox:skillbox-a.lock"), "");
        Files.writeString(root.resolve("runsc-skillbox-a.sock"), "");
        Files.writeString(root.resolve("runsc-skillbox-ab.sock"), "");
        assertThat(SlotJournal.containerLeft(root, "skillbox-a")).isFalse();
        Files.writeString(root.resolve("skillbox-a_sandbox:skillbox-a.state"), "{}");
        assertThat(SlotJournal.containerLeft(root, "skillbox-a")).isTrue();
        assertThat(SlotJournal.containerLeft(root, "skillbox-ab")).isFalse();
        assertThat(SlotJournal.containerLeft(tmp.resolve("no-root"), "skillbox-a")).isFalse();

        SlotJournal.removeLeftFiles(root, "skillbox-a");
        assertThat(root.resolve("skillbox-a_sandbox:skillbox-a.lock")).doesNotExist();
        assertThat(root.resolve("runsc-skillbox-a.sock")).doesNotExist();
        assertThat(root.resolve("runsc-skillbox-ab.sock")).as("another container's").exists();
        assertThat(root.resolve("skillbox-a_sandbox:skillbox-a.state")).exists();
    }

    @Test
    void mountsBelowADirectoryComeDeepestFirst() {
        String mountinfo = """
                22 1 0:20 / /run rw - tmpfs tmpfs rw
                90 22 0:50 / /run/skillbox/oci/a/rootfs rw - overlay overlay rw
                91 90 0:51 / /run/skillbox/oci/a/rootfs/proc rw - proc proc rw
                92 22 0:52 / /run/skillbox/oci/ab rw - tmpfs tmpfs rw
                93 22 0:53 / /run/skillbox/oci/a\\040b rw - tmpfs tmpfs rw
                """;
        assertThat(SlotJournal.mountsBelow(Path.of("/run/skillbox/oci/a"), mountinfo))
                .containsExactly("/run/skillbox/oci/a/rootfs/proc", "/run/skillbox/oci/a/rootfs");
    }
}
