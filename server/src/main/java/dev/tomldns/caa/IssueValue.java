package dev.tomldns.caa;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The value of an {@code issue}, {@code issuewild} (RFC 8659 §4.2, §4.3) or {@code issuemail} (RFC 9495 §3)
 * property, read strictly by the RFC's ABNF:
 * <pre>
 * issue-value = *WSP [issuer-domain-name *WSP] [";" *WSP [parameters *WSP]]
 * issuer-domain-name = label *("." label)
 * label = (ALPHA / DIGIT) *( *("-") (ALPHA / DIGIT))
 * parameters = (parameter *WSP ";" *WSP parameters) / parameter
 * parameter = tag *WSP "=" *WSP value
 * value = *(%x21-3A / %x3C-7E)
 * </pre>
 *
 * @param raw      the value octets, one char per octet
 * @param issuer   the issuer-domain-name, "" when there is none (which authorizes no CA)
 * @param params   parameters in order (the first of each tag)
 * @param repeated the parameter tags given more than once, which make the property unsatisfiable (RFC 8657 §3 for
 *                 accounturi; boulder does the same for validationmethods)
 * @param problems why the value does not match the ABNF; empty when it does
 */
public record IssueValue(String raw, String issuer, Map<String, String> params, List<String> repeated,
                         List<String> problems) {

    /** Values longer than this are shown cut, with their length (a finding or an answer stays one readable line). */
    private static final int SHOWN = 256;

    public static IssueValue parse(byte[] octets) {
        return parse(new String(octets, StandardCharsets.ISO_8859_1));
    }

    public static IssueValue parse(String raw) {
        List<String> problems = new ArrayList<>();
        Map<String, String> params = new LinkedHashMap<>();
        List<String> repeated = new ArrayList<>();
        int semi = raw.indexOf(';');
        String issuer = trimWsp(semi < 0 ? raw : raw.substring(0, semi));
        checkIssuer(issuer, problems);
        if (semi >= 0) {
            parseParameters(raw.substring(semi + 1), params, repeated, problems);
        }
        return new IssueValue(raw, issuer, Collections.unmodifiableMap(params), List.copyOf(repeated),
                List.copyOf(problems));
    }

    public boolean wellFormed() {
        return problems.isEmpty();
    }

    /**
     * The parameter given twice that leaves no way to satisfy the property, or {@code null}: RFC 8657 §3 makes a
     * property with more than one accounturi unsatisfiable, and boulder reads two validationmethods the same way
     * (RFC 8657 §5.8 warns of the ambiguity).
     */
    public String unsatisfiableBy() {
        for (String tag : repeated) {
            if (tag.equals("accounturi") || tag.equals("validationmethods")) {
                return tag;
            }
        }
        return null;
    }

    /** The value names no issuer: {@code ";"} or empty, the RFC's way to say "no CA may issue". */
    public boolean namesNoIssuer() {
        return issuer.isEmpty();
    }

    /** The value octets as they would be written in a zone file, control octets as {@code \DDD}. */
    public String presentation() {
        return presentation(raw);
    }

    public static String presentation(String raw) {
        StringBuilder out = new StringBuilder("\"");
        int shown = raw.length() > SHOWN ? SHOWN - 56 : raw.length();
        for (int i = 0; i < shown; i++) {
            char c = raw.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\%03d", (int) c));
            } else if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
        }
        if (shown < raw.length()) {
            out.append("...\" (").append(raw.length()).append(" octets)");
            return out.toString();
        }
        return out.append('"').toString();
    }

    private static void checkIssuer(String issuer, List<String> problems) {
        if (issuer.isEmpty()) {
            return;
        }
        if (issuer.indexOf('\0') >= 0) {
            problems.add("the issuer contains a NUL octet (\\000), which no domain name can contain");
            return;
        }
        if (issuer.contains("\\")) {
            problems.add("the issuer " + presentation(issuer) + " contains a backslash: a zone-file escape written "
                    + "literally (in a TOML value the octets are taken as they are), and no domain name has one");
            return;
        }
        if (issuer.contains("://") || issuer.contains("/")) {
            problems.add("the issuer " + presentation(issuer) + " is a URL; the issuer is a bare domain name");
            return;
        }
        if (issuer.endsWith(".")) {
            problems.add("the issuer " + presentation(issuer) + " ends with '.'; the RFC writes it without one");
            return;
        }
        if (issuer.length() > 253) {
            problems.add("the issuer " + presentation(issuer) + " is not a domain name (longer than 253 "
                    + "characters, RFC 1035 §2.3.4)");
            return;
        }
        for (String label : issuer.split("\\.", -1)) {
            if (!isLabel(label)) {
                problems.add("the issuer " + presentation(issuer) + " is not a domain name (label "
                        + presentation(label) + " is not letters, digits and inner hyphens)");
                return;
            }
            if (label.length() > 63) {
                problems.add("the issuer " + presentation(issuer) + " is not a domain name (a label longer than "
                        + "63 characters, RFC 1035 §2.3.4)");
                return;
            }
        }
    }

    private static void parseParameters(String rest, Map<String, String> params, List<String> repeated,
                                        List<String> problems) {
        if (trimWsp(rest).isEmpty()) {
            return;
        }
        for (String parameter : rest.split(";", -1)) {
            String p = trimWsp(parameter);
            int eq = p.indexOf('=');
            if (eq < 0) {
                problems.add("the parameter " + presentation(p) + " is not tag=value"
                        + (p.isEmpty() ? " (a stray ';')" : ""));
                continue;
            }
            String tag = trimWsp(p.substring(0, eq));
            String value = trimWsp(p.substring(eq + 1));
            if (!isLabel(tag)) {
                problems.add("the parameter tag " + presentation(tag) + " is not letters, digits and inner hyphens");
            } else if (!isParameterValue(value)) {
                problems.add("the value of parameter " + tag + " contains a space or a control octet");
            } else if (params.putIfAbsent(tag, value) != null && !repeated.contains(tag)) {
                repeated.add(tag);
            }
        }
    }

    /**
     * RFC 8659 §4.2: {@code label = (ALPHA / DIGIT) *( *("-") (ALPHA / DIGIT))}, read in one pass (no regular
     * expression: a repeated group recurses once per character and overflows the stack on a long label).
     */
    static boolean isLabel(String s) {
        if (s.isEmpty() || !isAlnum(s.charAt(0)) || !isAlnum(s.charAt(s.length() - 1))) {
            return false;
        }
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (!isAlnum(c) && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** RFC 8659 §4.2: {@code value = *(%x21-3A / %x3C-7E)}. */
    static boolean isParameterValue(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e || c == ';') {
                return false;
            }
        }
        return true;
    }

    /** ASCII letter or digit. */
    public static boolean isAlnum(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    static String trimWsp(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isWsp(s.charAt(start))) {
            start++;
        }
        while (end > start && isWsp(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isWsp(char c) {
        return c == ' ' || c == '\t';
    }
}
