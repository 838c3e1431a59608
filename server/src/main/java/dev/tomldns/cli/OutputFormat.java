package dev.tomldns.cli;

/** How a command prints its result: for people, or as one JSON document for scripts. */
public enum OutputFormat {
    text, json
}
