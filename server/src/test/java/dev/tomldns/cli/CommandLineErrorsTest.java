package dev.tomldns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A user who mistypes gets one line saying what is wrong and a non-zero exit, never a stack trace. */
class CommandLineErrorsTest {

    @Test
    void badListenAddressIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute("serve", "--listen", "nothost:53");
        assertEquals(2, exit);
        assertTrue(err.toString().startsWith("tomldns serve: 'nothost' is not an IP address"), err.toString());
        assertFalse(err.toString().contains("\tat "), err.toString());
    }

    @Test
    void unknownOptionIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute("check", "--zonez", "x"));
        assertTrue(err.toString().contains("Unknown option: '--zonez'"), err.toString());
    }
}
