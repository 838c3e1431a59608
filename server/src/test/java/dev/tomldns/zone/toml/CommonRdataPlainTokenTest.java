package dev.tomldns.zone.toml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written plain-token check of {@link CommonRdata} accepts exactly what its former pattern did. */
class CommonRdataPlainTokenTest {
    private static final Pattern FORMER = Pattern.compile("[A-Za-z0-9._:*/-]+");

    @Test
    void plainTokenIsTheFormerPattern() {
        List<String> cases = new ArrayList<>(List.of("", "192.0.2.1", "2001:db8::1", "ns1.example.", "*.wild", "a/b",
                "x_y-z", "a b", "\"q\"", "a\\065", "(x)", "a;b", "caf\u00e9", "\u0661", "ns1.example.\n"));
        for (char c = 0; c < 0x180; c++) {
            cases.add(String.valueOf(c));
            cases.add("a" + c + "b");
        }
        for (String s : cases) {
            assertEquals(FORMER.matcher(s).matches(), CommonRdata.plain(s), "'" + s + "'");
        }
    }
}
