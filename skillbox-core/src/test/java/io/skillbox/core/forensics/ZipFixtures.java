package io.skillbox.core.forensics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** Takes bundles apart and puts tampered ones together, the way someone editing a bundle would. */
final class ZipFixtures {
    private ZipFixtures() {}

    static List<Map.Entry<String, byte[]>> read(Path zip) throws IOException {
        List<Map.Entry<String, byte[]>> out = new ArrayList<>();
        try (InputStream file = Files.newInputStream(zip); ZipInputStream in = new ZipInputStream(file)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.add(Map.entry(e.getName(), in.readAllBytes()));
            }
        }
        return out;
    }

    static void write(Path zip, List<Map.Entry<String, byte[]>> entries) throws IOException {
        Files.write(zip, bytes(entries));
    }

    static byte[] bytes(List<Map.Entry<String, byte[]>> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, byte[]> e : entries) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static byte[] get(List<Map.Entry<String, byte[]>> entries, String name) {
        return entries.stream().filter(e -> e.getKey().equals(name)).findFirst().orElseThrow().getValue();
    }

    static List<Map.Entry<String, byte[]>> replace(List<Map.Entry<String, byte[]>> entries, String name, byte[] content) {
        return entries.stream().map(e -> e.getKey().equals(name) ? Map.entry(name, content) : e).toList();
    }

    /**
     * A zip of STORED entries written by hand, so that its central directory can say other things than
     * its local headers: {@code centralOffsets} overrides where the central directory says an entry's
     * local header is (by entry index; null keeps the true offset).
     */
    static byte[] stored(List<Map.Entry<String, byte[]>> entries, Map<Integer, Integer> centralOffsets) {
        ByteBuffer out = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        List<Integer> offsets = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : entries) {
            offsets.add(out.position());
            out.put(localHeader(e.getKey(), e.getValue()));
        }
        int centralStart = out.position();
        for (int i = 0; i < entries.size(); i++) {
            byte[] name = entries.get(i).getKey().getBytes(StandardCharsets.UTF_8);
            byte[] data = entries.get(i).getValue();
            out.putInt(0x02014b50).putShort((short) 20).putShort((short) 10).putShort((short) 0x0800)
                    .putShort((short) 0).putShort((short) 0).putShort((short) 0x21).putInt(crc(data))
                    .putInt(data.length).putInt(data.length).putShort((short) name.length).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0)
                    .putInt(centralOffsets.getOrDefault(i, offsets.get(i))).put(name);
        }
        int centralSize = out.position() - centralStart;
        out.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries.size())
                .putShort((short) entries.size()).putInt(centralSize).putInt(centralStart).putShort((short) 0);
        return Arrays.copyOf(out.array(), out.position());
    }

    /** A local header and the data of a STORED entry. */
    static byte[] localHeader(String entryName, byte[] data) {
        byte[] name = entryName.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(30 + name.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0x04034b50).putShort((short) 10).putShort((short) 0x0800).putShort((short) 0)
                .putShort((short) 0).putShort((short) 0x21).putInt(crc(data)).putInt(data.length)
                .putInt(data.length).putShort((short) name.length).putShort((short) 0).put(name).put(data);
        return out.array();
    }

    private static int crc(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return (int) crc.getValue();
    }

    /**
     * Renames every {@code from} to {@code to} (same length) in the raw zip bytes, local headers and
     * central directory alike: the one way to get two entries of one name, which ZipOutputStream refuses.
     */
    static byte[] patchName(byte[] zip, String from, String to) {
        String latin = new String(zip, StandardCharsets.ISO_8859_1);
        if (from.length() != to.length() || !latin.contains(from)) {
            throw new IllegalArgumentException("cannot patch " + from);
        }
        return latin.replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
    }
}
