#!/usr/bin/env bash
# The local MongoDB stand-in: mongo-java-server 1.47.0 (Maven Central) on the machine's Java 17.
#   mongo-wire.sh install                 resolve the jars and compile the launcher (idempotent)
#   mongo-wire.sh start [PORT]            H2 file backend under var/mongo/, reusing a listening server
#   mongo-wire.sh memory PORT             memory backend in the foreground (tests)
source "$(dirname "$0")/common.sh"
HERE="$ROOT/deploy/local"
BUILD="$VAR/mongo-wire"
CP_FILE="$BUILD/classpath.txt"

install() {
    if [ -f "$BUILD/MongoWireServer.class" ] && [ "$BUILD/MongoWireServer.class" -nt "$HERE/MongoWireServer.java" ] \
        && [ "$CP_FILE" -nt "$HERE/pom.xml" ]; then return; fi
    command -v java >/dev/null || apt_install openjdk-17-jre-headless
    command -v javac >/dev/null || apt_install openjdk-17-jdk-headless
    command -v mvn >/dev/null || apt_install maven
    mkdir -p "$BUILD"
    say "resolving mongo-java-server from Maven Central"
    mvn -q -f "$HERE/pom.xml" dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >&2 \
        || fail "could not resolve mongo-java-server (is Maven Central reachable?)"
    javac -d "$BUILD" -cp "$(cat "$CP_FILE")" "$HERE/MongoWireServer.java" || fail "javac failed"
}

launch() {  # port backend [file]
    exec java -Xss512k -cp "$BUILD:$(cat "$CP_FILE")" MongoWireServer 127.0.0.1 "$@"
}

case "${1:-start}" in
    install) install ;;
    memory) install; launch "${2:?port}" memory ;;
    start)
        port="${2:-27017}"
        if port_open 127.0.0.1 "$port"; then say "reusing the Mongo-wire server on :$port"; exit 0; fi
        install
        mkdir -p "$VAR/mongo"
        say "starting the Mongo-wire server (H2 file backend, var/mongo/) on :$port"
        nohup "$0" h2-foreground "$port" >"$VAR/mongo-wire.log" 2>&1 &
        echo $! >"$VAR/mongo-wire.pid"
        wait_for_port 127.0.0.1 "$port" 60 || fail "Mongo-wire server did not start; see var/mongo-wire.log"
        ;;
    h2-foreground) launch "${2:?port}" h2 "$VAR/mongo/maillage.mv" ;;
    stop) [ -f "$VAR/mongo-wire.pid" ] && kill "$(cat "$VAR/mongo-wire.pid")" 2>/dev/null; rm -f "$VAR/mongo-wire.pid" ;;
    *) fail "usage: mongo-wire.sh install | start [PORT] | memory PORT | stop" ;;
esac
