package dev.tomldns.config;

import java.util.List;

/** A server configuration file that cannot be used; every problem names the file, the line and the key. */
public final class ConfigException extends Exception {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem as {@code file:line: key 'k': what is wrong}. */
    public List<String> problems() {
        return problems;
    }
}
