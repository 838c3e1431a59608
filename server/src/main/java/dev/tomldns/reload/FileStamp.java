package dev.tomldns.reload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;

/**
 * A zone file's identity (inode), size and modification time, taken just before its octets were read. While a
 * later reload finds the same, the file is not read again: a reload of one edited zone does not read and hash every
 * other file of the folder (a million-record file is 75 MB and 0.4 s of one CPU). NSD and Knot, too, read a zone
 * file again only when its modification time changed.
 *
 * <p>A stamp is kept only when the file was last modified {@link #SETTLED} before the read began. A write in the same
 * tick of the file system's clock as the read (a few milliseconds on ext4, XFS or tmpfs; two seconds on FAT) would
 * leave time and size as they were: git calls such stamps "racy". An unsettled stamp is not kept, so the next reload
 * reads the file again and compares its octets, as it always did.
 */
record FileStamp(Object fileKey, long size, long modifiedNanos) {
    /** How long before the read the file must have been last modified for its stamp to be kept. */
    static final long SETTLED_MILLIS = 2_000;

    /** The file's stamp now, or {@code null} when its attributes cannot be read (the read then says why). */
    static FileStamp of(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            Instant m = a.lastModifiedTime().toInstant();
            return new FileStamp(a.fileKey(), a.size(), m.getEpochSecond() * 1_000_000_000L + m.getNano());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Whether the file was last modified at least {@link #SETTLED_MILLIS} before {@code readStart}. */
    boolean settledBefore(Instant readStart) {
        return modifiedNanos / 1_000_000 <= readStart.toEpochMilli() - SETTLED_MILLIS;
    }
}
