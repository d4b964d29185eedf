# Sourced by bin/shufflenet, bin/test and .ci/run: points JAVA_HOME at a JDK 25 or newer, or stops with
# a message that says what to install. Search order: $JAVA_HOME, then /usr/lib/jvm/*, then java on PATH.

shufflenet_java_major() {
    # Prints the feature version of the java binary given (e.g. 25), or nothing.
    "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

shufflenet_find_jdk() {
    local candidate major
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-2[5-9]-jdk* /usr/lib/jvm/*-2[5-9]-* /usr/lib/jvm/jdk-2[5-9]* \
                     /usr/lib/jvm/*; do
        [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
        major=$(shufflenet_java_major "$candidate/bin/java")
        if [ -n "$major" ] && [ "$major" -ge 25 ]; then
            echo "$candidate"
            return 0
        fi
    done
    if command -v javac >/dev/null 2>&1; then
        candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
        major=$(shufflenet_java_major "$candidate/bin/java")
        if [ -n "$major" ] && [ "$major" -ge 25 ]; then
            echo "$candidate"
            return 0
        fi
    fi
    return 1
}

if ! SHUFFLENET_JDK=$(shufflenet_find_jdk); then
    echo "shufflenet-panama needs a JDK 25 or newer (Vector API and FFM as of JDK 25), and none was found" >&2
    echo "in JAVA_HOME (${JAVA_HOME:-unset}), /usr/lib/jvm or on the PATH." >&2
    echo "Install one, e.g. Eclipse Temurin 25 (https://adoptium.net, or apt-get install temurin-25-jdk from" >&2
    echo "Adoptium's apt repository), then set JAVA_HOME to it." >&2
    exit 1
fi
export JAVA_HOME="$SHUFFLENET_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
