// The HTTP side: the routes nginx forwards to, one JSON log line per request, and the graceful stop on SIGTERM.
package example.notes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

final class NotesServer {
    private static final int THREADS = 8;
    private static final Set<String> ROUTES = Set.of("/", "/health", "/healthz", "/notes/count");
    // The same shape nginx and the product's own app accept, so a header can't break a log line.
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern ENDPOINT = Pattern.compile("\\b(?:[0-9]{1,3}\\.){3}[0-9]{1,3}(?::[0-9]+)?");

    private record Answer(int status, String contentType, String body) {
        static Answer json(int status, Map<String, ?> fields) {
            return new Answer(status, "application/json", Json.object(fields));
        }
    }

    private final Settings settings;
    private final ConnectionPool pool;
    private final int schema;
    private final AtomicInteger inFlight = new AtomicInteger();
    private HttpServer server;
    private ExecutorService executor;

    NotesServer(Settings settings, ConnectionPool pool, int schema) {
        this.settings = settings;
        this.pool = pool;
        this.schema = schema;
    }

    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(settings.address, settings.port), 64);
        executor = Executors.newFixedThreadPool(THREADS);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "graceful-stop"));
        log("listening", Json.fields("address", settings.address.getHostAddress(), "port", settings.port, "schema", schema));
    }

    private void handle(HttpExchange exchange) {
        long started = System.nanoTime();
        inFlight.incrementAndGet();
        int status = 500;
        try {
            Answer answer;
            try {
                answer = route(exchange);
            } catch (RuntimeException e) {
                e.printStackTrace();
                answer = Answer.json(500, Json.fields("error", "internal error"));
            }
            status = answer.status();
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            // Every answer names the release that gave it, so a deploy can be seen switching over (the load balancer logs it).
            exchange.getResponseHeaders().set("X-Release", settings.release);
            if (status == 405) {
                exchange.getResponseHeaders().set("Allow", "GET");
            }
            // A length known up front: the server then sends Content-Length, never chunks.
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            // The client (nginx) went away; there is no one left to answer.
            status = 499;
        } finally {
            exchange.close();
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("requestId", trusted(exchange, "X-Request-Id", REQUEST_ID));
            line.put("method", exchange.getRequestMethod());
            // Never the query string: it is where clients put what shouldn't be in logs.
            line.put("path", exchange.getRequestURI().getRawPath());
            line.put("status", status);
            line.put("elapsedMs", Math.round((System.nanoTime() - started) / 100_000.0) / 10.0);
            log("request", line);
            inFlight.decrementAndGet();
        }
    }

    private Answer route(HttpExchange exchange) {
        String path = exchange.getRequestURI().getRawPath();
        if (!ROUTES.contains(path)) {
            return Answer.json(404, Json.fields("error", "not found"));
        }
        if (!exchange.getRequestMethod().equals("GET")) {
            return Answer.json(405, Json.fields("error", "only GET"));
        }
        return switch (path) {
            // Liveness only: a database outage must not get healthy processes restarted.
            case "/healthz" -> new Answer(200, "text/plain; charset=utf-8", "ok");
            case "/health" -> health();
            case "/notes/count" -> count();
            default -> visit(exchange);
        };
    }

    private Answer health() {
        try {
            pool.use(connection -> {
                try (Statement statement = connection.createStatement()) {
                    return statement.execute("SELECT 1");
                }
            });
            return Answer.json(200, Json.fields("status", "ok"));
        } catch (SQLException e) {
            return Answer.json(503, Json.fields("status", "unavailable", "reason", reason(e)));
        }
    }

    private Answer count() {
        try {
            long count = pool.use(connection -> {
                try (Statement statement = connection.createStatement();
                     ResultSet result = statement.executeQuery("SELECT count(*) FROM notes")) {
                    result.next();
                    return result.getLong(1);
                }
            });
            return Answer.json(200, Json.fields("count", count));
        } catch (SQLException e) {
            return unavailable(e);
        }
    }

    private Answer visit(HttpExchange exchange) {
        // The column is written when this jar carries the migration that adds it, never by asking the database: the
        // code and its schema ship together. The explicit column lists keep an older release working after a newer
        // one added columns.
        boolean withAuthor = schema >= 2;
        String sql = withAuthor
                ? "INSERT INTO notes (body, author) VALUES (?, ?) RETURNING id"
                : "INSERT INTO notes (body) VALUES (?) RETURNING id";
        try {
            long id = pool.use(connection -> {
                try (PreparedStatement insert = connection.prepareStatement(sql)) {
                    insert.setString(1, "visit");
                    if (withAuthor) {
                        insert.setString(2, settings.serverId);
                    }
                    try (ResultSet result = insert.executeQuery()) {
                        result.next();
                        return result.getLong(1);
                    }
                }
            });
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("app", "java-notes");
            answer.put("release", settings.release);
            answer.put("site", settings.site);
            answer.put("server", settings.serverId);
            answer.put("port", settings.port);
            answer.put("id", id);
            answer.put("clientAddress", clientAddress(exchange));
            answer.put("forwardedProto", trusted(exchange, "X-Forwarded-Proto", Pattern.compile("https?")));
            answer.put("schema", schema);
            if (withAuthor) {
                answer.put("author", settings.serverId);
            }
            return Answer.json(200, answer);
        } catch (SQLException e) {
            return unavailable(e);
        }
    }

    private Answer unavailable(SQLException e) {
        return Answer.json(503, Json.fields("error", "database unavailable", "reason", reason(e)));
    }

    // The reason reaches whoever asked, through the load balancer: say what failed, not where the database is. The
    // log gets the driver's message as it is.
    private static String reason(SQLException e) {
        log("database error", Json.fields("sqlState", String.valueOf(e.getSQLState()), "message", String.valueOf(e.getMessage())));
        String line = String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
        line = ENDPOINT.matcher(line).replaceAll("the database server");
        return (line.length() > 200 ? line.substring(0, 200) : line) + " (SQLSTATE " + e.getSQLState() + ")";
    }

    /** X-Real-IP, else the first X-Forwarded-For address, else whoever connected. */
    private static String clientAddress(HttpExchange exchange) {
        String realIp = trusted(exchange, "X-Real-IP", ADDRESS);
        if (realIp != null) {
            return realIp;
        }
        String forwardedFor = exchange.getRequestHeaders().getFirst("X-Forwarded-For");
        if (forwardedFor != null && exchange.getRemoteAddress().getAddress().isLoopbackAddress()) {
            String first = forwardedFor.split(",", 2)[0].trim();
            if (ADDRESS.matcher(first).matches()) {
                return first;
            }
        }
        return exchange.getRemoteAddress().getAddress().getHostAddress();
    }

    /**
     * A header's value when nginx (on loopback) sent it and it has the expected shape; null otherwise. Anyone else who
     * reached the port could write any header.
     */
    private static String trusted(HttpExchange exchange, String header, Pattern shape) {
        String value = exchange.getRequestHeaders().getFirst(header);
        if (value == null || !exchange.getRemoteAddress().getAddress().isLoopbackAddress()) {
            return null;
        }
        value = value.trim();
        return shape.matcher(value).matches() ? value : null;
    }

    /**
     * HttpServer.stop closes the listening socket at once, then waits for the exchanges in flight, but on JDK 17 it
     * waits the whole delay when none are (JDK-8304065). So it runs aside, and the hook ends as soon as this process's
     * own count of requests in flight stays at zero (its own count also covers the log line written after the answer).
     */
    private void stop() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.shutdownSeconds);
        log("stopping", Json.fields("inFlight", inFlight.get(), "shutdownSeconds", settings.shutdownSeconds));
        Thread closer = new Thread(() -> server.stop(settings.shutdownSeconds), "http-stop");
        closer.setDaemon(true);
        closer.start();
        int quietChecks = 0;
        // A request read just before the socket closed may not have reached its handler yet: zero has to last a moment.
        while (quietChecks < 5 && System.nanoTime() < deadline) {
            quietChecks = inFlight.get() == 0 ? quietChecks + 1 : 0;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                break;
            }
        }
        int left = inFlight.get();
        executor.shutdown();
        pool.close();
        log("stopped", Json.fields("unfinished", left));
        if (left == 0) {
            // The JVM would report a signal's death as status 143, which systemd counts as a failure; every request
            // was answered, so say so. halt, because exit would wait for this very hook.
            Runtime.getRuntime().halt(0);
        }
    }

    /** One JSON line on stdout, the only place logs go. */
    static void log(String event, Map<String, ?> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("event", event);
        line.putAll(fields);
        System.out.println(Json.object(line));
    }
}
