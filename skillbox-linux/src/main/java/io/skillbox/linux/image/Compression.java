package io.skillbox.linux.image;

import java.io.BufferedInputStream;
import java.io.IOException;

/** How a layer blob is compressed. */
enum Compression {
    NONE,
    GZIP,
    /** Unknown (a legacy {@code docker save} layer): decided by the gzip magic bytes. */
    DETECT;

    /** Whether the stream starts with the gzip magic; the stream is left where it was. */
    static boolean isGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b;
    }
}
