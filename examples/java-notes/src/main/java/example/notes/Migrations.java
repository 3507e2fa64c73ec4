// The schema changes this jar carries (db/migrations/V<n>__<name>.sql, found by listing the jar's own entries) and the
// release command that applies the ones the database lacks, each in one transaction with its row in schema_migrations.
package example.notes;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

final class Migrations {
    static final String FOLDER = "db/migrations/";
    private static final Pattern NAME = Pattern.compile("V([0-9]{1,9})__[A-Za-z0-9_]+\\.sql");

    // Any fixed number works, as long as every release uses the same one: it serializes concurrent release commands.
    private static final long LOCK_KEY = 0x6a6176616e6f7465L;

    record Migration(int version, String file, String sql) {
    }

    /** A migration that failed; nothing of it was kept. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message, SQLException cause) {
            super(message, cause);
        }
    }

    private Migrations() {
    }

    /** The migrations inside the jar this class was loaded from, by version. */
    static List<Migration> bundled() throws IOException {
        Path jarPath;
        try {
            jarPath = Path.of(Migrations.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("cannot tell which jar this is", e);
        }
        if (!Files.isRegularFile(jarPath)) {
            throw new IOException("run this app as a jar (java -jar notes.jar): the migrations are listed from its entries");
        }
        List<Migration> migrations = new ArrayList<>();
        try (JarFile jar = new JarFile(jarPath.toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (!entry.getName().startsWith(FOLDER) || entry.isDirectory()) {
                    continue;
                }
                String file = entry.getName().substring(FOLDER.length());
                Matcher name = NAME.matcher(file);
                // A misnamed file would otherwise be skipped without a word and its change never made.
                if (!name.matches()) {
                    throw new IOException(entry.getName() + " is not named " + FOLDER + "V<number>__<name>.sql");
                }
                try (InputStream in = jar.getInputStream(entry)) {
                    migrations.add(new Migration(Integer.parseInt(name.group(1)), file, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                }
            }
        }
        migrations.sort(Comparator.comparingInt(Migration::version));
        for (int i = 1; i < migrations.size(); i++) {
            if (migrations.get(i).version() == migrations.get(i - 1).version()) {
                throw new IOException("two migrations have version " + migrations.get(i).version() + ": "
                        + migrations.get(i - 1).file() + " and " + migrations.get(i).file());
            }
        }
        if (migrations.isEmpty()) {
            throw new IOException("the jar has no " + FOLDER + "V<number>__<name>.sql files");
        }
        return migrations;
    }

    /** The schema this jar's code is written for: the highest version it carries. */
    static int highestVersion(List<Migration> migrations) {
        return migrations.get(migrations.size() - 1).version();
    }

    /** Applies what the database lacks, printing one line per migration. */
    static void apply(Connection connection, List<Migration> migrations, PrintStream out) throws Failure {
        try {
            connection.setAutoCommit(false);
            // Under the lock too: two first-ever runs would otherwise race to create it.
            lock(connection);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, applied_at timestamptz DEFAULT now())");
            }
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly(connection);
            throw new Failure("cannot prepare schema_migrations: " + e.getMessage(), e);
        }
        for (Migration migration : migrations) {
            try {
                lock(connection);
                if (recorded(connection, migration.version())) {
                    connection.rollback();
                    out.println("skipped " + migration.file() + " (already applied)");
                    continue;
                }
                // A file may hold several statements; the driver sends them all inside this one transaction.
                try (Statement statement = connection.createStatement()) {
                    statement.execute(migration.sql());
                }
                try (PreparedStatement record = connection.prepareStatement("INSERT INTO schema_migrations (version) VALUES (?)")) {
                    record.setInt(1, migration.version());
                    record.executeUpdate();
                }
                connection.commit();
                out.println("applied " + migration.file());
            } catch (SQLException e) {
                rollbackQuietly(connection);
                throw new Failure("migration " + migration.file() + " failed, nothing of it was applied: "
                        + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ")", e);
            }
        }
        try (Statement statement = connection.createStatement();
             ResultSet newest = statement.executeQuery("SELECT max(version) FROM schema_migrations")) {
            newest.next();
            // Normal when rolling back to an older release: expand/contract keeps the newer columns harmless to it.
            if (newest.getInt(1) > highestVersion(migrations)) {
                out.println("note: the database has version " + newest.getInt(1) + ", newer than this jar's " + highestVersion(migrations));
            }
            connection.rollback();
        } catch (SQLException e) {
            throw new Failure("cannot read schema_migrations: " + e.getMessage(), e);
        }
    }

    // Held until the transaction ends: a second release command waits here, then sees the version recorded.
    private static void lock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, LOCK_KEY);
            lock.execute();
        }
    }

    private static boolean recorded(Connection connection, int version) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM schema_migrations WHERE version = ?")) {
            query.setInt(1, version);
            try (ResultSet found = query.executeQuery()) {
                return found.next();
            }
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // The connection is gone, and with it the transaction: the server rolled it back.
        }
    }
}
