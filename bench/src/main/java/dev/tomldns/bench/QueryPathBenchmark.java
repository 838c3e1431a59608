package dev.tomldns.bench;

import dev.tomldns.fastpath.FastPath;
import dev.tomldns.query.QueryContext;
import dev.tomldns.query.QueryProcessor;
import dev.tomldns.wire.Transport;
import dev.tomldns.zone.Catalog;
import dev.tomldns.zone.LookupResult;
import dev.tomldns.zone.Zone;
import dev.tomldns.zone.ZoneFile;
import dev.tomldns.zone.ZoneRegistry;
import dev.tomldns.zone.toml.ZoneFileReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * The query hot path, step by step, over the standard query mix of a generated 10,000-host zone: dnsjava decode,
 * zone lookup, dnsjava encode, the whole reference path, and the fast path that replaces all three. Run with
 * {@code -prof gc} to see bytes allocated per query ({@code gc.alloc.rate.norm}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xms512m", "-Xmx512m"})
public class QueryPathBenchmark {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 53000);

    @Param("10000")
    int hosts;

    private byte[][] queries;
    private ByteBuf[] queryBufs;
    private Message[] parsed;
    private Name[] names;
    private int[] types;
    private Message[] responses;
    private Zone zone;
    private QueryProcessor processor;
    private FastPath fastPath;
    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path dir = Files.createTempDirectory("tomldns-jmh");
        BenchZone z = new BenchZone("bench.test.", hosts, 1);
        Path toml = z.writeToml(dir);
        List<String> lines = Files.readAllLines(z.writeQueries(dir, 4096));
        ZoneFile zf = new ZoneFileReader().read(toml);
        zone = zf.zone();
        ZoneRegistry registry = new ZoneRegistry();
        registry.set(Catalog.of(List.of(zone)));
        processor = new QueryProcessor(registry);
        fastPath = new FastPath(processor);
        int n = lines.size();
        queries = new byte[n][];
        queryBufs = new ByteBuf[n];
        parsed = new Message[n];
        names = new Name[n];
        types = new int[n];
        responses = new Message[n];
        for (int i = 0; i < n; i++) {
            String[] f = lines.get(i).split(" ");
            Message q = Message.newQuery(org.xbill.DNS.Record.newRecord(Name.fromString(f[0]), Type.value(f[1]),
                    org.xbill.DNS.DClass.IN));
            queries[i] = q.toWire();
            queryBufs[i] = Unpooled.directBuffer(queries[i].length).writeBytes(queries[i]);
            parsed[i] = q;
            names[i] = q.getQuestion().getName();
            types[i] = q.getQuestion().getType();
            responses[i] = new Message(processor.process(queries[i], QueryContext.udp(CLIENT)));
        }
        for (Path p : List.of(toml, dir.resolve("queries.txt"), dir)) {
            Files.deleteIfExists(p);
        }
    }

    private int nextIndex() {
        int i = next;
        next = (i + 1) & (queries.length - 1);
        return i;
    }

    /** dnsjava parses the query octets into a {@code Message}. */
    @Benchmark
    public Message decodeDnsjava() throws IOException {
        return new Message(queries[nextIndex()]);
    }

    /** RFC 1034 §4.3.2 lookup in the immutable zone, from an already parsed name. */
    @Benchmark
    public LookupResult lookupZone() {
        int i = nextIndex();
        return zone.lookup(names[i], types[i]);
    }

    /** dnsjava writes a response {@code Message} (compression, size limit). */
    @Benchmark
    public byte[] encodeDnsjava() {
        return responses[nextIndex()].toWire(512);
    }

    /** The reference path: decode, lookup and encode with dnsjava. */
    @Benchmark
    public byte[] referencePath() {
        return processor.process(queries[nextIndex()], QueryContext.udp(CLIENT));
    }

    /** The fast path: header and question read from the buffer, cached or written answer, pooled buffer. */
    @Benchmark
    public void fastPath(Blackhole bh) {
        ByteBuf in = queryBufs[nextIndex()];
        ByteBuf out = fastPath.answer(in, Transport.UDP, CLIENT, alloc);
        if (out == null) {
            bh.consume(processor.process(queries[next], QueryContext.udp(CLIENT)));
            return;
        }
        bh.consume(out.readableBytes());
        out.release();
    }
}
