// A few open database connections kept for reuse, so a request doesn't pay a TCP connect, a TLS handshake and a SCRAM
// exchange each time; one that went bad (a database restart, a failover) is dropped and replaced by a fresh one.
package example.notes;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

final class ConnectionPool implements AutoCloseable {
    /** Database work done on a borrowed connection. */
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private static final int WAIT_SECONDS = 5;

    private final String url;
    private final Properties properties;
    private final int size;
    private final Semaphore permits;
    private final Deque<Connection> idle = new ArrayDeque<>();

    ConnectionPool(String url, Properties properties, int size) {
        this.url = url;
        this.properties = properties;
        this.size = size;
        this.permits = new Semaphore(size, true);
    }

    <T> T use(Work<T> work) throws SQLException {
        try {
            if (!permits.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new SQLTransientConnectionException("all " + size + " database connections stayed busy for " + WAIT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("interrupted while waiting for a database connection");
        }
        Connection connection = null;
        boolean worked = false;
        try {
            connection = borrow();
            T result = work.run(connection);
            worked = true;
            return result;
        } finally {
            if (connection != null) {
                // After a failure the session's state is unknown (maybe mid-transaction, maybe dead): a new one is cheaper
                // than finding out.
                if (worked) {
                    giveBack(connection);
                } else {
                    closeQuietly(connection);
                }
            }
            permits.release();
        }
    }

    private Connection borrow() throws SQLException {
        Connection connection;
        while ((connection = takeIdle()) != null) {
            if (connection.isValid(1)) {
                return connection;
            }
            closeQuietly(connection);
        }
        return DriverManager.getConnection(url, properties);
    }

    private synchronized Connection takeIdle() {
        return idle.pollFirst();
    }

    private synchronized void giveBack(Connection connection) {
        idle.addFirst(connection);
    }

    @Override
    public synchronized void close() {
        while (!idle.isEmpty()) {
            closeQuietly(idle.pollFirst());
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // It is being thrown away because it failed; another failure says nothing new.
        }
    }
}
