import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * Local stand-in for MongoDB: mongo-java-server on a chosen address.
 * Usage: MongoWireServer <host> <port> memory | h2 <file>
 * The library's own H2MongoServer main always binds localhost:27017, hence this launcher.
 */
public final class MongoWireServer {
    public static void main(String[] args) throws Exception {
        if (args.length < 3 || (args[2].equals("h2") && args.length < 4)) {
            System.err.println("usage: MongoWireServer <host> <port> memory | h2 <file>");
            System.exit(2);
        }
        MongoBackend backend = args[2].equals("h2") ? new H2Backend(args[3]) : new MemoryBackend();
        MongoServer server = new MongoServer(backend);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown));
        server.bind(args[0], Integer.parseInt(args[1]));
        System.out.println("mongo-wire listening on " + args[0] + ":" + args[1] + " (" + args[2] + ")");
        Thread.currentThread().join();
    }
}
