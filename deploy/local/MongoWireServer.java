import java.util.List;
import java.util.Locale;
import java.util.Set;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

/**
 * Local stand-in for MongoDB: mongo-java-server on a chosen address.
 * Usage: MongoWireServer <host> <port> memory | h2 <file> | h2-background-commit <file>
 * The library's own H2MongoServer main always binds localhost:27017, hence this launcher.
 * h2 commits each write before replying (see CommitBeforeReplyH2Backend);
 * h2-background-commit is the library's plain H2Backend, kept to measure what that costs.
 */
public final class MongoWireServer {
    private static final String USAGE =
        "usage: MongoWireServer <host> <port> memory | h2 <file> | h2-background-commit <file>";

    public static void main(String[] args) throws Exception {
        if (args.length < 3 || (!args[2].equals("memory") && args.length < 4)) {
            exitWithUsage();
        }
        MongoServer server = new MongoServer(backend(args));
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown));
        server.bind(args[0], Integer.parseInt(args[1]));
        System.out.println("mongo-wire listening on " + args[0] + ":" + args[1] + " (" + args[2] + ")");
        Thread.currentThread().join();
    }

    private static MongoBackend backend(String[] args) {
        switch (args[2]) {
            case "memory": return new MemoryBackend();
            case "h2": return new CommitBeforeReplyH2Backend(args[3]);
            case "h2-background-commit": return new H2Backend(args[3]);
            default: return exitWithUsage();
        }
    }

    private static MongoBackend exitWithUsage() {
        System.err.println(USAGE);
        System.exit(2);
        return null;
    }
}

/**
 * The H2 backend, made to keep what it acknowledged when its process is killed.
 *
 * H2's MVStore commits in the background (about once a second, and its writes to the file go
 * through a background executor too): kill -9 lost the writes of up to the last second, each
 * already answered "ok". Every command comes through handleCommand (OP_MSG via handleMessage, and OP_QUERY on
 * "$cmd"), so a command that may write is followed, before its reply leaves, by a commit that
 * returns only once the change is written to the file. Writes reach the operating system, not
 * the disk (no fsync): this survives the death of the process, not of the machine.
 * Known read-only commands skip it; anything else (including commands this list does not know)
 * pays for it, so a new kind of write cannot slip through.
 */
final class CommitBeforeReplyH2Backend extends H2Backend {
    private static final Set<String> READ_ONLY_COMMANDS = Set.of(
        "find", "getmore", "count", "distinct", "listcollections", "listindexes", "listdatabases",
        "ismaster", "hello", "ping", "buildinfo", "serverstatus", "whatsmyuri", "getlasterror",
        "endsessions", "killcursors", "dbstats", "collstats", "getlog", "hostinfo",
        "getcmdlineopts", "connectionstatus", "getfreemonitoringstatus", "getparameter",
        "replsetgetstatus", "saslstart", "saslcontinue", "explain");

    CommitBeforeReplyH2Backend(String fileName) {
        super(fileName);
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        if (isReadOnly(command, query)) {
            return super.handleCommand(channel, databaseName, command, query);
        }
        try {
            return super.handleCommand(channel, databaseName, command, query);
        } finally {
            // also after a failure: an ordered batch may have written its first documents
            writeChangesToFile();
        }
    }

    /** Returns once every change made so far is in the file; throws if the store failed. */
    private void writeChangesToFile() {
        MVStore store = getMvStore();
        if (store.commit() < 0) {
            // Nothing left to commit, but a background auto-commit may have taken this change
            // and still be writing it: wait for H2's write pipeline to drain.
            store.executeFilestoreOperation(() -> { });
        }
    }

    private static boolean isReadOnly(String command, Document query) {
        String name = command.toLowerCase(Locale.ROOT);
        if (name.equals("aggregate")) {
            return !writesOutput(query.get("pipeline"));
        }
        return READ_ONLY_COMMANDS.contains(name);
    }

    private static boolean writesOutput(Object pipeline) {
        if (!(pipeline instanceof List)) {
            return true;
        }
        return ((List<?>) pipeline).stream().anyMatch(stage -> stage instanceof Document
            && (((Document) stage).containsKey("$out") || ((Document) stage).containsKey("$merge")));
    }
}
