// Entry point. `java -jar notes.jar` serves HTTP; `java -jar notes.jar --migrate` is the release command: it brings the
// database schema up to this jar's migrations and exits. Exit codes: 0 done, 1 the database refused, 2 bad settings.
package example.notes;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

public final class Main {
    private static final int POOL_SIZE = 4;

    private Main() {
    }

    public static void main(String[] args) {
        boolean migrate = args.length == 1 && args[0].equals("--migrate");
        if (args.length > 0 && !migrate) {
            System.err.println("usage: java -jar notes.jar [--migrate]");
            System.exit(2);
        }
        List<String> problems = new ArrayList<>();
        Settings settings = Settings.read(System.getenv(), !migrate, problems);
        List<Migrations.Migration> migrations = List.of();
        try {
            migrations = Migrations.bundled();
        } catch (IOException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            System.err.println("java-notes cannot start:");
            problems.forEach(problem -> System.err.println("  " + problem));
            System.exit(2);
        }
        if (migrate) {
            System.exit(migrate(settings, migrations));
        }
        NotesServer server = new NotesServer(settings,
                new ConnectionPool(settings.jdbcUrl, settings.connectionProperties(true), POOL_SIZE),
                Migrations.highestVersion(migrations));
        try {
            server.start();
        } catch (IOException e) {
            System.err.println("java-notes cannot listen on " + settings.address.getHostAddress() + ":" + settings.port + ": " + e.getMessage());
            System.exit(1);
        }
    }

    private static int migrate(Settings settings, List<Migrations.Migration> migrations) {
        try (Connection connection = DriverManager.getConnection(settings.jdbcUrl, settings.connectionProperties(false))) {
            Migrations.apply(connection, migrations, System.out);
            System.out.println("done: the database has every migration of this jar, up to V" + Migrations.highestVersion(migrations));
            return 0;
        } catch (SQLException e) {
            System.err.println("cannot use the database: " + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ")");
            return 1;
        } catch (Migrations.Failure e) {
            System.err.println(e.getMessage());
            return 1;
        }
    }
}
