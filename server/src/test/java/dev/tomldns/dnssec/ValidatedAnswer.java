package dev.tomldns.dnssec;

import dev.tomldns.interop.Dig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a validating resolver answered, read from {@code dig +dnssec} as a user reads it: the rcode, whether AD is
 * set (RFC 4035 §3.2.3: secure), and the answer section without TTLs (a cache counts them down).
 */
public record ValidatedAnswer(String rcode, boolean ad, List<String> answer, String dig) {
    private static final Pattern STATUS = Pattern.compile("status: ([A-Z]+)");
    private static final Pattern FLAGS = Pattern.compile(";; flags: ([a-z ]*);");

    /** {@code dig @127.0.0.1 -p PORT +dnssec NAME TYPE} through the resolver. */
    public static ValidatedAnswer ask(int resolverPort, String name, String type)
            throws IOException, InterruptedException {
        String out = Dig.run(resolverPort, "+dnssec", "+tries=1", "+time=8", name, type);
        Matcher s = STATUS.matcher(out);
        Matcher f = FLAGS.matcher(out);
        if (!s.find() || !f.find()) {
            return new ValidatedAnswer("NO ANSWER", false, List.of(), out);
        }
        List<String> answer = new ArrayList<>();
        boolean in = false;
        for (String line : out.split("\n")) {
            if (line.startsWith(";; ANSWER SECTION:")) {
                in = true;
            } else if (in && line.isBlank()) {
                break;
            } else if (in) {
                answer.add(line.replaceFirst("^(\\S+)\\s+\\d+\\s+", "$1 ").replaceAll("\\s+", " "));
            }
        }
        answer.sort(null);
        return new ValidatedAnswer(s.group(1), List.of(f.group(1).split(" ")).contains("ad"), List.copyOf(answer),
                out);
    }

    /** "NOERROR AD" or "SERVFAIL": rcode and security, what the tests compare first. */
    public String verdict() {
        return rcode + (ad ? " AD" : "");
    }
}
