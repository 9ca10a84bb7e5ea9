package io.skillbox.core.forensics;

import io.skillbox.core.json.Json;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code snapshot.json}: how {@code work/} came about. It maps each entry back to the path the skill
 * used (entry names are escaped, see {@link EntryNames}) with its mode, and lists what was left out.
 */
final class SnapshotJson {
    private SnapshotJson() {}

    static ObjectNode of(List<SnapshotFile> files, WorkSnapshotInfo info) {
        ObjectNode root = Json.json().createObjectNode();
        switch (info) {
            case WorkSnapshotInfo.NotCaptured n -> {
                root.put("captured", false);
                root.put("reason", n.reason());
            }
            case WorkSnapshotInfo.Captured c -> {
                root.put("captured", true);
                root.put("maxFiles", c.maxFiles());
                root.put("maxBytes", c.maxBytes());
                root.put("filesKept", files.size());
                root.put("bytesKept", files.stream().mapToLong(f -> f.content().length).sum());
                root.put("filesDropped", c.filesDropped());
                root.put("bytesDropped", c.bytesDropped());
                ArrayNode kept = root.putArray("files");
                files.stream().sorted(Comparator.comparing(f -> EntryNames.workEntry(f.path()))).forEach(f -> kept.addObject()
                        .put("path", f.path())
                        .put("entry", EntryNames.workEntry(f.path()))
                        .put("mode", String.format("%04o", f.mode()))
                        .put("size", f.content().length));
                ArrayNode dropped = root.putArray("dropped");
                c.dropped().forEach(d -> dropped.addObject().put("path", d.path()).put("why", d.why()));
            }
        }
        return root;
    }
}
