package dev.tomldns.testing;

/** Zone file text for tests: many records at one name, in the contract's {@code [[records]]} form. */
public final class ZoneText {
    private ZoneText() {
    }

    /** {@code count} A records at {@code name}, addresses 10.0.0.0 upwards. */
    public static String aRecords(String name, int count) {
        StringBuilder z = new StringBuilder();
        for (int i = 0; i < count; i++) {
            z.append("\n[[records]]\nname = \"").append(name).append("\"\ntype = \"A\"\ndata = \"10.")
                    .append(i >> 16).append('.').append((i >> 8) & 255).append('.').append(i & 255).append("\"\n");
        }
        return z.toString();
    }
}
