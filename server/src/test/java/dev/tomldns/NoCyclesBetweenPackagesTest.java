package dev.tomldns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.testing.Fixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No two packages of the server depend on each other, directly or through others: each can be read, tested and
 * changed from the packages below it. The dependencies are read from the compiled classes (every class a class file
 * names in its constant pool, as {@code jdeps} reads them), so comments do not count and fully qualified uses do.
 */
class NoCyclesBetweenPackagesTest {
    /** A class name as a class file stores it: {@code dev/tomldns/zone/Zone}, {@code Ldev/tomldns/zone/Zone$X;}. */
    private static final Pattern REFERENCE = Pattern.compile("dev/tomldns/((?:[a-z0-9_]+/)*)[A-Z][A-Za-z0-9_$]*");

    @Test
    void thePackageGraphOfTheServerHasNoCycle() throws IOException {
        Map<String, Map<String, TreeSet<String>>> graph = dependencies(Fixture.root().resolve("server/target/classes"));
        assertTrue(graph.size() > 20, "the server's classes were not found: " + graph.keySet());
        assertEquals(List.of(), cycles(graph).stream().map(c -> describe(c, graph)).toList());
    }

    @Test
    void aCycleIsFoundAndNamed() {
        // The check itself: a -> b -> c -> a is one cycle; d -> a is none.
        Map<String, Map<String, TreeSet<String>>> graph = new TreeMap<>();
        edge(graph, "a", "b");
        edge(graph, "b", "c");
        edge(graph, "c", "a");
        edge(graph, "d", "a");
        List<List<String>> found = cycles(graph);
        assertEquals(List.of(List.of("a", "b", "c")), found);
        assertEquals("a, b, c: a -> b (a.X) -> c (b.X) -> a (c.X)", describe(found.get(0), graph));
    }

    private static void edge(Map<String, Map<String, TreeSet<String>>> graph, String from, String to) {
        graph.computeIfAbsent(from, k -> new TreeMap<>()).computeIfAbsent(to, k -> new TreeSet<>()).add(from + ".X");
        graph.computeIfAbsent(to, k -> new TreeMap<>());
    }

    /** Per package, the other packages its classes refer to, each with the classes that do. */
    private static Map<String, Map<String, TreeSet<String>>> dependencies(Path classes) throws IOException {
        Map<String, Map<String, TreeSet<String>>> graph = new TreeMap<>();
        if (!Files.isDirectory(classes)) {
            return graph;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(p -> p.toString().endsWith(".class")).toList();
        }
        for (Path f : files) {
            String relative = classes.relativize(f).toString().replace('\\', '/');
            int slash = relative.lastIndexOf('/');
            String from = relative.substring(0, slash).replace('/', '.');
            String className = from + "." + relative.substring(slash + 1, relative.length() - ".class".length());
            Map<String, TreeSet<String>> out = graph.computeIfAbsent(from, k -> new TreeMap<>());
            // Constant-pool UTF-8 entries hold class names as they are; ISO-8859-1 keeps every octet one char.
            Matcher m = REFERENCE.matcher(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            while (m.find()) {
                String to = ("dev/tomldns/" + m.group(1)).replaceAll("/$", "").replace('/', '.');
                if (!to.equals(from)) {
                    out.computeIfAbsent(to, k -> new TreeSet<>()).add(className);
                }
            }
        }
        return graph;
    }

    /** The strongly connected components of more than one package (Tarjan), each sorted, in name order. */
    private static List<List<String>> cycles(Map<String, Map<String, TreeSet<String>>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        List<List<String>> out = new ArrayList<>();
        for (String p : graph.keySet()) {
            if (!index.containsKey(p)) {
                connect(p, graph, index, low, stack, out);
            }
        }
        out.sort((a, b) -> a.get(0).compareTo(b.get(0)));
        return out;
    }

    private static void connect(String p, Map<String, Map<String, TreeSet<String>>> graph, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, List<List<String>> out) {
        index.put(p, index.size());
        low.put(p, index.get(p));
        stack.push(p);
        for (String q : graph.getOrDefault(p, Map.of()).keySet()) {
            if (!index.containsKey(q)) {
                connect(q, graph, index, low, stack, out);
                low.put(p, Math.min(low.get(p), low.get(q)));
            } else if (stack.contains(q)) {
                low.put(p, Math.min(low.get(p), index.get(q)));
            }
        }
        if (low.get(p).equals(index.get(p))) {
            List<String> component = new ArrayList<>();
            String q;
            do {
                q = stack.pop();
                component.add(q);
            } while (!q.equals(p));
            if (component.size() > 1) {
                component.sort(null);
                out.add(component);
            }
        }
    }

    /** The cycle's packages, and the shortest way round from its first, each step with a class that makes it. */
    private static String describe(List<String> cycle, Map<String, Map<String, TreeSet<String>>> graph) {
        String start = cycle.get(0);
        // Breadth-first from start's successors back to start, inside the cycle: the shortest way round.
        Map<String, String> cameFrom = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        queue.add(start);
        while (!queue.isEmpty()) {
            String p = queue.poll();
            for (String q : graph.get(p).keySet()) {
                if (cycle.contains(q) && !cameFrom.containsKey(q)) {
                    cameFrom.put(q, p);
                    queue.add(q);
                }
            }
        }
        List<String> way = new ArrayList<>(List.of(start));
        for (String q = cameFrom.get(start); !q.equals(start); q = cameFrom.get(q)) {
            way.add(0, q);
        }
        way.add(0, start);
        StringBuilder s = new StringBuilder(String.join(", ", cycle)).append(": ").append(start);
        for (int k = 1; k < way.size(); k++) {
            String from = way.get(k - 1);
            String to = way.get(k);
            s.append(" -> ").append(to).append(" (").append(graph.get(from).get(to).first()).append(')');
        }
        return s.toString();
    }
}
