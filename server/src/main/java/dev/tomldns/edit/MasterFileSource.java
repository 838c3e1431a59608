package dev.tomldns.edit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Reads an RFC 1035 master file with dnsjava's {@link Master} ({@code $ORIGIN}, {@code $TTL}, {@code $INCLUDE},
 * {@code $GENERATE}, relative names, {@code \DDD} escapes, parentheses) and puts the file's {@code ;} comments back
 * beside the records they were written with ({@link MasterFileComments}).
 */
public final class MasterFileSource {
    private MasterFileSource() {
    }

    /**
     * Reads {@code file}; {@code origin} is the zone's name as {@code named-checkzone} takes it (relative names before
     * any {@code $ORIGIN} are relative to it).
     *
     * @param notes receives what the user should know but that is no error (comments that could not be placed)
     */
    public static ZoneSource read(Path file, Name origin, List<String> notes) throws ImportException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1); // octets as they are: Master reads octets too
        } catch (NoSuchFileException e) {
            throw new ImportException(file + ": no such file");
        } catch (IOException e) {
            throw new ImportException(file + ": cannot read: " + e.getMessage());
        }
        List<Record> all = new ArrayList<>();
        try (Master master = new Master(file.toString(), origin)) {
            for (Record r = master.nextRecord(); r != null; r = master.nextRecord()) {
                all.add(r);
            }
        } catch (TextParseException e) {
            throw new ImportException(clean(e.getMessage(), file));
        } catch (IOException | RuntimeException e) {
            throw new ImportException(file + ": " + clean(e.getMessage(), file));
        }
        List<MasterFileComments.Entry> entries = MasterFileComments.entries(text);
        Map<Integer, List<String>> byRecord = new HashMap<>();
        List<String> header = new ArrayList<>();
        placeComments(file, origin, entries, all.size(), header, byRecord, notes);
        return source(file, origin, all, header, byRecord);
    }

    /** dnsjava names the file in its messages already; a message without position gets the file name. */
    private static String clean(String message, Path file) {
        String m = message == null ? "cannot be read" : message;
        String shortName = file.getFileName() + ":";
        if (m.startsWith(shortName) && !m.startsWith(file + ":")) {
            m = file + m.substring(shortName.length() - 1); // dnsjava names the file without its folder
        }
        return m.startsWith(file.toString()) ? m : m.replaceFirst("^<none>:\\d+: ", "");
    }

    /** The SOA split off, the origin checked, classes checked: what every source makes of its records. */
    static ZoneSource source(Object where, Name origin, List<Record> all, List<String> header,
                             Map<Integer, List<String>> byRecord) throws ImportException {
        if (all.isEmpty() || all.get(0).getType() != Type.SOA) {
            throw new ImportException(where + ": the zone must start with its SOA record (RFC 1035 §5.2)");
        }
        SOARecord soa = (SOARecord) all.get(0);
        if (origin != null && !soa.getName().equals(origin)) {
            throw new ImportException(where + ": the SOA record is for " + soa.getName() + ", not the zone " + origin);
        }
        List<Record> others = new ArrayList<>();
        Map<Integer, List<String>> comments = new HashMap<>();
        if (byRecord.containsKey(0)) {
            comments.put(ZoneSource.SOA, byRecord.get(0));
        }
        for (int i = 1; i < all.size(); i++) {
            Record r = all.get(i);
            if (r.getDClass() != DClass.IN) {
                throw new ImportException(where + ": record " + r.getName() + " " + Type.string(r.getType())
                        + " is of class " + DClass.string(r.getDClass()) + "; a zone is of class IN");
            }
            if (r.getType() == Type.SOA) {
                if (r.equals(soa)) {
                    continue; // the closing SOA of a zone transfer (RFC 5936 §2.2)
                }
                throw new ImportException(where + ": a second SOA record (" + r.getName() + "); a zone has one");
            }
            if (byRecord.containsKey(i)) {
                comments.put(others.size(), byRecord.get(i));
            }
            others.add(r);
        }
        return new ZoneSource(soa.getName(), soa, others, header, comments);
    }

    /**
     * Hands each entry's comments to the first record it made, comment-only lines to the next record, and those
     * before the first record to the heading. The records an entry makes are counted as {@code Master} makes them;
     * should the count not match, the comments are left out (and the user told) rather than put beside the wrong
     * records.
     */
    private static void placeComments(Path file, Name origin, List<MasterFileComments.Entry> entries, int records,
                                      List<String> header, Map<Integer, List<String>> byRecord, List<String> notes) {
        Map<Integer, List<String>> placed = new HashMap<>();
        List<String> pending = new ArrayList<>();
        List<String> head = new ArrayList<>();
        Name current = origin;
        int next = 0;
        for (MasterFileComments.Entry e : entries) {
            int made = 0;
            if (e.kind() == MasterFileComments.Kind.RECORD) {
                made = 1;
            } else if (e.kind() == MasterFileComments.Kind.DIRECTIVE) {
                String d = e.words().get(0).toUpperCase(java.util.Locale.ROOT);
                try {
                    if (d.equals("$ORIGIN") && e.words().size() > 1) {
                        current = Name.fromString(e.words().get(1), current);
                    } else if (d.equals("$GENERATE") && e.words().size() > 1) {
                        made = generated(e.words().get(1));
                    } else if (d.equals("$INCLUDE") && e.words().size() > 1) {
                        Name at = e.words().size() > 2 ? Name.fromString(e.words().get(2), current) : current;
                        made = countIncluded(file, e.words().get(1), at);
                    }
                } catch (IOException | RuntimeException unexpected) {
                    made = -1;
                }
            }
            if (made < 0) {
                next = -1;
                break;
            }
            if (made == 0) {
                pending.addAll(e.comments());
                continue;
            }
            List<String> mine = new ArrayList<>(pending);
            mine.addAll(e.comments());
            pending.clear();
            if (next == 0 && e.kind() == MasterFileComments.Kind.RECORD) {
                // The file's heading: comments above the first record; the record's own stay with it.
                head.addAll(mine.subList(0, mine.size() - e.comments().size()));
                mine = new ArrayList<>(e.comments());
            }
            if (!mine.isEmpty()) {
                placed.put(next, mine);
            }
            next += made;
        }
        if (next != records) {
            notes.add(file + ": comments not carried over (the file's entries could not be matched to its records)");
            return;
        }
        header.addAll(head);
        byRecord.putAll(placed);
    }

    /** How many records {@code $GENERATE start-stop[/step]} makes. */
    private static int generated(String range) {
        String[] stepParts = range.split("/");
        String[] ends = stepParts[0].split("-");
        long start = Long.parseLong(ends[0]);
        long stop = Long.parseLong(ends[1]);
        long step = stepParts.length > 1 ? Long.parseLong(stepParts[1]) : 1;
        return stop < start || step <= 0 ? 0 : (int) ((stop - start) / step + 1);
    }

    /** How many records an {@code $INCLUDE}d file makes (its path relative to the including file's folder). */
    private static int countIncluded(Path file, String name, Name origin) throws IOException {
        Path included = Path.of(name);
        if (!included.isAbsolute() && file.getParent() != null) {
            included = file.getParent().resolve(included);
        }
        int n = 0;
        // Any initial TTL: only the count matters, and a file of records without TTLs must not fail here.
        try (Master master = new Master(included.toString(), origin, 3600)) {
            while (master.nextRecord() != null) {
                n++;
            }
        }
        return n;
    }
}
