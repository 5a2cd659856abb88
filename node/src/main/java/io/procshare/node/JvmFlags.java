package io.procshare.node;

import java.util.List;

/**
 * The JVM flags every procshare JVM runs with on Java 25: they keep Netty's native transports and
 * Hazelcast working and quiet. The fat jar's manifest carries the {@code --add-opens}/{@code
 * --add-exports} part; the rest cannot live in a manifest, so whoever starts a node JVM passes
 * these (scripts/procshare, {@code procshare cluster start}, surefire's argLine).
 */
public final class JvmFlags {

    public static final List<String> FLAGS = List.of(
            "--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.management/sun.management=ALL-UNNAMED",
            "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "-Dhazelcast.logging.type=slf4j",
            "-Dhazelcast.phone.home.enabled=false");

    private JvmFlags() {
    }
}
