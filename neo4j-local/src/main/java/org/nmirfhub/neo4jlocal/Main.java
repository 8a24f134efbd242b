package org.nmirfhub.neo4jlocal;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * Runs Neo4j Community embedded as a local, persistent database server with Bolt on 127.0.0.1.
 *
 * <p>Configuration (environment):
 * <ul>
 *   <li>NEO4J_BOLT_PORT    - Bolt port on 127.0.0.1 (default 7687)</li>
 *   <li>NEO4J_DATA_DIR     - Neo4j home: store, transaction logs and Neo4j's own logs (default .data/neo4j)</li>
 *   <li>NEO4J_PAGECACHE_MB - page cache size in MiB (default 256)</li>
 * </ul>
 * The heap is capped by the JVM flags (-Xmx), see scripts/neo4j-local.sh.
 *
 * <p>Auth is off (embedded default); that is why Bolt only ever listens on loopback.
 *
 * <p>Exit codes: 0 after a clean shutdown, 1 if Neo4j fails to start, 2 for bad configuration or
 * a port that is already in use.
 */
public final class Main {
    private static final String NAME = "neo4j-local";
    private static final String HOST = "127.0.0.1";
    private static final Duration AVAILABILITY_TIMEOUT = Duration.ofMinutes(5);

    private Main() {}

    public static void main(String[] args) {
        if (args.length == 2 && args[0].equals("--warm-up")) {
            warmUp(Paths.get(args[1]).toAbsolutePath().normalize());
            return;
        }
        PrintStream out = System.out;
        PrintStream err = System.err;

        int port = intEnv("NEO4J_BOLT_PORT", 7687, 1, 65535, "a TCP port number (1-65535)");
        int pageCacheMb = intEnv("NEO4J_PAGECACHE_MB", 256, 8, 1 << 20, "a size in MiB (8 or more)");
        Path home = dataDir();

        checkPortFree(port);

        try {
            Files.createDirectories(home);
        } catch (IOException | SecurityException e) {
            fail(2, "cannot create data directory " + home + ": " + e.getMessage());
        }

        DatabaseManagementService dbms;
        try {
            dbms = builder(home, port, pageCacheMb).build();
        } catch (Throwable t) {
            fail(1, "failed to start Neo4j in " + home + ": " + rootMessage(t)
                    + " (see " + home.resolve("logs").resolve("debug.log") + ")");
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                dbms.shutdown();
                out.println(NAME + ": stopped");
            } catch (Throwable t) {
                err.println(NAME + ": error during shutdown: " + rootMessage(t));
            } finally {
                out.flush();
                err.flush();
                stopped.countDown();
            }
        }, NAME + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        try {
            GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            if (!db.isAvailable(AVAILABILITY_TIMEOUT.toMillis())) {
                fail(1, "database did not become available within " + AVAILABILITY_TIMEOUT.toSeconds() + "s");
            }
            if (!waitForBolt(port, Duration.ofSeconds(60))) {
                fail(1, "Bolt is not accepting connections on " + HOST + ":" + port);
            }
        } catch (Throwable t) {
            fail(1, "Neo4j did not become ready: " + rootMessage(t));
        }

        out.println(NAME + ": ready bolt://" + HOST + ":" + port + " (data: " + home + ")");
        out.flush();

        // Park the main thread; SIGTERM/SIGINT run the shutdown hook, which stops Neo4j cleanly.
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Neo4j as the launcher runs it: Bolt on loopback only (auth is off in embedded mode), on
     * port (0: one the system picks), no other connector, and a small disk footprint.
     */
    private static DatabaseManagementServiceBuilder builder(Path home, int port, long pageCacheMb) {
        DatabaseManagementServiceBuilder b = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
                .setConfig(GraphDatabaseSettings.default_listen_address, new SocketAddress(HOST))
                .setConfig(GraphDatabaseSettings.default_advertised_address, new SocketAddress(HOST))
                // The in-process "bolt-local" connector only serves the HTTP query API.
                .setConfig(BoltConnectorInternalSettings.enable_local_connector, false)
                // Netty waits a 5 s quiet period per event loop group on shutdown; pending
                // tasks still run with 0, and `stop` is seconds faster.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                // Server-side routing would open a second connector (7688); not needed here.
                .setConfig(GraphDatabaseSettings.routing_enabled, false)
                // Memory and disk footprint.
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(16))
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "2 files")
                // Neo4j's own logs stay in <home>/logs (debug.log etc.), not on stdout.
                .setConfig(GraphDatabaseSettings.logs_directory, home.resolve("logs"))
                .setConfig(GraphDatabaseSettings.udc_enabled, false);
        if (port > 0) {
            b.setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, port));
        }
        return b;
    }

    /**
     * Starts Neo4j in a throwaway home, runs the kinds of statements the hub runs (schema,
     * writes, reads, full-text), and stops it: scripts/neo4j-local.sh runs this once per build
     * under -XX:ArchiveClassesAtExit, so that every later start (and the offline importer)
     * maps the classes it loaded from a class-data-sharing archive instead of loading and
     * verifying them one by one (1–2 s and 2–4 CPU-seconds of each start, BENCHMARKS.md).
     * Bolt listens on a port the system picks, so that its classes are loaded too.
     */
    private static void warmUp(Path home) {
        DatabaseManagementService dbms = null;
        try {
            Files.createDirectories(home);
            dbms = builder(home, 0, 16).build();
            GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            db.executeTransactionally("CREATE CONSTRAINT warm_key IF NOT EXISTS FOR (n:Warm) REQUIRE n.key IS UNIQUE");
            db.executeTransactionally("CREATE INDEX warm_year IF NOT EXISTS FOR (n:Warm) ON (n.year)");
            db.executeTransactionally("CREATE FULLTEXT INDEX warm_text IF NOT EXISTS FOR (n:Warm) ON EACH [n.text]");
            db.executeTransactionally("CALL db.awaitIndexes(60)");
            db.executeTransactionally("UNWIND range(1, 100) AS i MERGE (n:Warm {key: 'k' + i}) SET n.year = i, n.text = 'warm up ' + i "
                    + "MERGE (m:Other {key: i % 7}) MERGE (n)-[:LINKED {at: i}]->(m)");
            db.executeTransactionally("MATCH (n:Warm) WHERE n.year > 50 RETURN n{.key, others: [(n)-->(m) | m.key]} AS x ORDER BY n.key LIMIT 10");
            db.executeTransactionally("CALL db.index.fulltext.queryNodes('warm_text', 'warm') YIELD node, score RETURN count(*)");
        } catch (Throwable t) {
            fail(1, "warm-up failed: " + rootMessage(t));
        } finally {
            if (dbms != null) {
                dbms.shutdown();
            }
        }
    }

    private static int intEnv(String name, int def, int min, int max, String what) {
        String raw = System.getenv(name);
        if (raw == null || raw.isBlank()) {
            return def;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // fall through
        }
        fail(2, "invalid " + name + "='" + raw + "': expected " + what);
        return def; // unreachable
    }

    private static Path dataDir() {
        String raw = System.getenv("NEO4J_DATA_DIR");
        String dir = (raw == null || raw.isBlank()) ? ".data/neo4j" : raw.trim();
        try {
            return Paths.get(dir).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            fail(2, "invalid NEO4J_DATA_DIR='" + raw + "': " + e.getMessage());
            return null; // unreachable
        }
    }

    /** Binds HOST:port once to be sure nobody else has it, so the failure is one clear line. */
    private static void checkPortFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true); // ignore TIME_WAIT leftovers, like Neo4j's own listener
            s.bind(new InetSocketAddress(HOST, port));
        } catch (BindException e) {
            fail(2, "port " + port + " on " + HOST + " is already in use (set NEO4J_BOLT_PORT to another port)");
        } catch (IOException | SecurityException e) {
            fail(2, "cannot listen on " + HOST + ":" + port + ": " + e.getMessage()
                    + " (set NEO4J_BOLT_PORT to another port)");
        }
    }

    private static boolean waitForBolt(int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(HOST, port), 1000);
                return true;
            } catch (IOException e) {
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage();
        return root.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg.strip().replace('\n', ' '));
    }

    private static void fail(int code, String message) {
        System.err.println(NAME + ": " + message);
        System.err.flush();
        System.exit(code);
    }
}
