package dev.tomldns.caa;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

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
 * @param params   parameters in order
 * @param problems why the value does not match the ABNF; empty when it does
 */
public record IssueValue(String raw, String issuer, Map<String, String> params, List<String> problems) {

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:-*[A-Za-z0-9])*");
    private static final Pattern PARAM_TAG = LABEL;
    private static final Pattern PARAM_VALUE = Pattern.compile("[\\x21-\\x3A\\x3C-\\x7E]*");

    public static IssueValue parse(byte[] octets) {
        return parse(new String(octets, StandardCharsets.ISO_8859_1));
    }

    public static IssueValue parse(String raw) {
        List<String> problems = new ArrayList<>();
        Map<String, String> params = new LinkedHashMap<>();
        int semi = raw.indexOf(';');
        String issuer = trimWsp(semi < 0 ? raw : raw.substring(0, semi));
        checkIssuer(issuer, problems);
        if (semi >= 0) {
            parseParameters(raw.substring(semi + 1), params, problems);
        }
        return new IssueValue(raw, issuer, Collections.unmodifiableMap(params), List.copyOf(problems));
    }

    public boolean wellFormed() {
        return problems.isEmpty();
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
        for (char c : raw.toCharArray()) {
            if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\%03d", (int) c));
            } else if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
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
        for (String label : issuer.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                problems.add("the issuer " + presentation(issuer) + " is not a domain name (label "
                        + presentation(label) + " is not letters, digits and inner hyphens)");
                return;
            }
        }
    }

    private static void parseParameters(String rest, Map<String, String> params, List<String> problems) {
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
            if (!PARAM_TAG.matcher(tag).matches()) {
                problems.add("the parameter tag " + presentation(tag) + " is not letters, digits and inner hyphens");
            } else if (!PARAM_VALUE.matcher(value).matches()) {
                problems.add("the value of parameter " + tag + " contains a space or a control octet");
            } else {
                params.put(tag, value);
            }
        }
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
