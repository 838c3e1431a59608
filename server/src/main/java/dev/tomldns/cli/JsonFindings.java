package dev.tomldns.cli;

import dev.tomldns.lint.Finding;
import java.util.LinkedHashMap;
import java.util.Map;

/** A policy finding as a JSON object: file, line, severity, rule, message, fix. */
final class JsonFindings {
    private JsonFindings() {
    }

    static Map<String, Object> toMap(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", String.valueOf(f.file()));
        m.put("line", f.line());
        m.put("severity", f.severity().word());
        m.put("rule", f.rule());
        m.put("message", f.message());
        m.put("fix", f.fix() == null ? "" : f.fix());
        return m;
    }
}
