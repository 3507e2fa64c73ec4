// The app contract: every setting comes from the environment the servers start the process with, and all of it is
// checked before anything listens or connects, so one start reports every problem instead of one per restart.
package example.notes;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

final class Settings {
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    final String jdbcUrl;
    final String user;
    final String password;
    final InetAddress address;
    final int port;
    final String release;
    final String site;
    final String serverId;
    final int shutdownSeconds;

    private Settings(Map<String, String> env, boolean serving, List<String> problems) {
        jdbcUrl = jdbcUrl(env, problems);
        user = required(env, "SPRING_DATASOURCE_USERNAME", problems);
        password = required(env, "SPRING_DATASOURCE_PASSWORD", problems);
        if (!serving) {
            // The release command only talks to the database.
            address = null;
            port = 0;
            release = site = serverId = null;
            shutdownSeconds = 0;
            return;
        }
        address = loopbackAddress(env, problems);
        // PORT carries the same number for tools that only know that name.
        String portName = env.get("SERVER_PORT") == null && env.get("PORT") != null ? "PORT" : "SERVER_PORT";
        port = number(env, portName, 1, 65535, problems);
        release = required(env, "WEBSTACK_RELEASE", problems);
        site = required(env, "WEBSTACK_SITE", problems);
        serverId = required(env, "WEBSTACK_SERVER_ID", problems);
        shutdownSeconds = number(env, "WEBSTACK_SHUTDOWN_SECONDS", 0, 3600, problems);
    }

    /** The settings, with what is wrong with them added to {@code problems} (then some fields are null or 0). */
    static Settings read(Map<String, String> env, boolean serving, List<String> problems) {
        return new Settings(env, serving, problems);
    }

    /**
     * What the driver gets besides the URL. The URL's own parameters win over these (pgjdbc's rule), so an operator can
     * tune a timeout there. Requests must fail fast when the database is gone; a migration may legitimately run long,
     * so the release command gets no socket timeout.
     */
    Properties connectionProperties(boolean serving) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("ApplicationName", "java-notes");
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("loginTimeout", "10");
        properties.setProperty("socketTimeout", serving ? "10" : "0");
        properties.setProperty("tcpKeepAlive", "true");
        return properties;
    }

    private static String jdbcUrl(Map<String, String> env, List<String> problems) {
        String url = required(env, "SPRING_DATASOURCE_URL", problems);
        if (url == null) {
            return null;
        }
        // The driver's own parser, so what is checked here is exactly what it will use.
        Properties parsed = url.startsWith("jdbc:postgresql:") ? org.postgresql.Driver.parseURL(url, new Properties()) : null;
        if (parsed == null) {
            problems.add("SPRING_DATASOURCE_URL is not a jdbc:postgresql://host:port/database URL");
            return null;
        }
        int before = problems.size();
        if (!"verify-full".equals(parsed.getProperty("sslmode"))) {
            problems.add("SPRING_DATASOURCE_URL must have sslmode=verify-full (it has "
                    + parsed.getProperty("sslmode", "none") + "): the database's certificate and name must be checked");
        }
        // Either would switch the checks off while sslmode still reads verify-full.
        for (String override : List.of("sslfactory", "sslhostnameverifier")) {
            if (parsed.getProperty(override) != null) {
                problems.add("SPRING_DATASOURCE_URL must not set " + override + ": it would bypass certificate checks");
            }
        }
        String rootCert = parsed.getProperty("sslrootcert");
        if (rootCert == null) {
            problems.add("SPRING_DATASOURCE_URL must name the PEM file of trusted root CAs in sslrootcert");
        } else if (!Files.isReadable(Path.of(rootCert))) {
            problems.add("SPRING_DATASOURCE_URL's sslrootcert " + rootCert + " is not a readable file");
        }
        return problems.size() == before ? url : null;
    }

    private static InetAddress loopbackAddress(Map<String, String> env, List<String> problems) {
        String value = required(env, "SERVER_ADDRESS", problems);
        if (value == null) {
            return null;
        }
        try {
            // Literals only, so starting never waits on a name lookup.
            InetAddress address = IP_LITERAL.matcher(value).matches() ? InetAddress.getByName(value) : null;
            if (address != null && address.isLoopbackAddress()) {
                return address;
            }
        } catch (UnknownHostException e) {
            // reported below
        }
        // nginx on the same server is the only client; the forwarded headers are believed because of that.
        problems.add("SERVER_ADDRESS must be a loopback IP address such as 127.0.0.1 (it is '" + value + "')");
        return null;
    }

    private static int number(Map<String, String> env, String name, int min, int max, List<String> problems) {
        String value = required(env, name, problems);
        if (value == null) {
            return 0;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(name + " must be a whole number from " + min + " to " + max + " (it is '" + value + "')");
        return 0;
    }

    private static String required(Map<String, String> env, String name, List<String> problems) {
        String value = env.get(name);
        if (value == null || value.isEmpty()) {
            problems.add(name + " is not set");
            return null;
        }
        return value;
    }
}
