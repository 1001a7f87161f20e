package dev.switchboard.client;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

/** The event loops shared by every client in a process (consoles, CLIs, the load generator). */
public final class ClientGroup {
    private static volatile EventLoopGroup shared;

    private ClientGroup() {
    }

    public static EventLoopGroup shared() {
        EventLoopGroup g = shared;
        if (g == null) {
            synchronized (ClientGroup.class) {
                if (shared == null) {
                    int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
                    shared = new MultiThreadIoEventLoopGroup(threads,
                            new DefaultThreadFactory("switchboard-client", true), NioIoHandler.newFactory());
                }
                g = shared;
            }
        }
        return g;
    }
}
