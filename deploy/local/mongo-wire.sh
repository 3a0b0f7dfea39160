#!/usr/bin/env bash
# The local MongoDB stand-in: mongo-java-server 1.47.0 (Maven Central) on the machine's Java 17.
#   mongo-wire.sh install                 resolve the jars and compile the launcher (idempotent)
#   mongo-wire.sh start [PORT]            H2 file backend under var/mongo/, reusing a listening server
#   mongo-wire.sh memory PORT             memory backend in the foreground (tests)
#   mongo-wire.sh h2 PORT FILE            H2 file backend in the foreground, each write committed
#                                         to FILE before it is acknowledged (fault tests)
#   mongo-wire.sh h2-background-commit PORT FILE
#                                         H2 as the library ships it: commits about once a second,
#                                         so kill -9 loses acknowledged writes (benchmark only)
#   mongo-wire.sh stop                    stop the server `start` started
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
    if [ ! -f "$CP_FILE" ] || [ ! "$CP_FILE" -nt "$HERE/pom.xml" ]; then
        say "resolving mongo-java-server from Maven Central"
        mvn -q -f "$HERE/pom.xml" dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >&2 \
            || fail "could not resolve mongo-java-server (is Maven Central reachable?)"
    fi
    compile
}

compile() {  # into a folder of its own, then renamed into place: test runs may start servers meanwhile
    local classes
    classes="$(mktemp -d "$BUILD/compile.XXXXXX")"
    javac -d "$classes" -cp "$(cat "$CP_FILE")" "$HERE/MongoWireServer.java" \
        || { rm -rf "$classes"; fail "javac failed"; }
    for class in "$classes"/*.class; do  # MongoWireServer.class last: install checks its date
        [ "${class##*/}" = MongoWireServer.class ] || mv -f "$class" "$BUILD/"
    done
    mv -f "$classes/MongoWireServer.class" "$BUILD/"
    rmdir "$classes"
}

launch() {  # port backend [file]
    exec java -Xss512k -cp "$BUILD:$(cat "$CP_FILE")" MongoWireServer 127.0.0.1 "$@"
}

case "${1:-start}" in
    install) install ;;
    memory) install; launch "${2:?port}" memory ;;
    h2|h2-background-commit)
        install
        mkdir -p "$(dirname "${3:?file}")"
        launch "${2:?port}" "$1" "$3"
        ;;
    start)
        port="${2:-27017}"
        if port_open 127.0.0.1 "$port"; then say "reusing the Mongo-wire server on :$port"; exit 0; fi
        install
        say "starting the Mongo-wire server (H2 file backend, var/mongo/) on :$port"
        nohup "$0" h2 "$port" "$VAR/mongo/maillage.mv" >"$VAR/mongo-wire.log" 2>&1 &
        echo $! >"$VAR/mongo-wire.pid"
        wait_for_port 127.0.0.1 "$port" 60 || fail "Mongo-wire server did not start; see var/mongo-wire.log"
        ;;
    stop)  # SIGTERM: the server commits and closes its file; wait until it is gone
        if [ -f "$VAR/mongo-wire.pid" ]; then
            pid="$(cat "$VAR/mongo-wire.pid")"
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            rm -f "$VAR/mongo-wire.pid"
        fi ;;
    *) fail "usage: mongo-wire.sh install | start [PORT] | memory PORT | h2 PORT FILE | h2-background-commit PORT FILE | stop" ;;
esac
