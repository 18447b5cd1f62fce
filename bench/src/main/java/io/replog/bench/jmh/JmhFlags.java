package io.replog.bench.jmh;

/**
 * JVM flags every forked benchmark JVM gets. JMH forks start the jar with {@code -cp}, so the
 * manifest's Add-Opens do not apply there: without these, CRC32C takes the JDK's allocating path
 * and the allocation figures would be wrong.
 */
final class JmhFlags {
    static final String ADD_EXPORTS_MISC = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    static final String ADD_OPENS_ZIP = "--add-opens=java.base/java.util.zip=ALL-UNNAMED";

    private JmhFlags() {
    }
}
