package dev.triage.checks.ssh.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SsParserTest {

    @Test
    void portBoundToLoopbackOnlyIsFlaggedAsUnreachableFromOutside() {
        ListeningSockets sockets = SsParser.parse(Fixtures.read("ss", "service-on-loopback-only"));
        assertEquals(PortBinding.LOOPBACK_ONLY, sockets.binding(8000));
        ListeningSocket socket = sockets.onPort(8000).get(0);
        assertEquals("127.0.0.1", socket.address());
        assertTrue(socket.isLoopbackOnly());
        assertEquals("python3", socket.owners().get(0).name());
    }

    @Test
    void portOnAllIpv4InterfacesIsReachable() {
        ListeningSockets sockets = SsParser.parse(Fixtures.read("ss", "service-on-all-interfaces"));
        assertEquals(PortBinding.ALL_INTERFACES, sockets.binding(8000));
        assertEquals("0.0.0.0:8000", sockets.onPort(8000).get(0).endpoint());
    }

    @Test
    void dualStackWildcardPrintedAsStarIsAllInterfaces() {
        ListeningSockets sockets = SsParser.parse(Fixtures.read("ss", "service-on-ipv6-wildcard"));
        ListeningSocket socket = sockets.onPort(8000).get(0);
        assertEquals("*", socket.address());
        assertEquals(PortBinding.ALL_INTERFACES, sockets.binding(8000));
    }

    @Test
    void bracketedIpv6LoopbackAndWildcardAreUnwrapped() {
        ListeningSockets sockets = SsParser.parse(Fixtures.read("ss", "mixed-listeners"));
        assertEquals("::1", sockets.onPort(18002).get(0).address());
        assertEquals(PortBinding.LOOPBACK_ONLY, sockets.binding(18002));
        assertEquals("::", sockets.onPort(18004).get(0).address());
        assertEquals(PortBinding.ALL_INTERFACES, sockets.binding(18004));
        assertEquals(PortBinding.LOOPBACK_ONLY, sockets.binding(18000));
    }

    @Test
    void interfaceScopedAddressesBoundToLoAreLoopbackOnly() {
        ListeningSockets sockets = SsParser.parse(Fixtures.read("ss", "mixed-listeners"));
        ListeningSocket scoped = sockets.onPort(18006).get(0);
        assertEquals("127.0.0.54", scoped.address());
        assertEquals("lo", scoped.scope());
        ListeningSocket wildcardOnLo = sockets.onPort(18007).get(0);
        assertEquals("*", wildcardOnLo.address());
        assertEquals("lo", wildcardOnLo.scope());
        assertEquals(PortBinding.LOOPBACK_ONLY, sockets.binding(18007));
        assertEquals("*%lo:18007", wildcardOnLo.endpoint());
    }

    @Test
    void socketSharedByNginxMasterAndWorkersListsEveryProcess() {
        ListeningSockets sockets = SsParser.parse(Fixtures.read("ss", "service-on-loopback-only"));
        List<SocketOwner> owners = sockets.owners(80);
        assertEquals(3, owners.size());
        assertTrue(owners.stream().allMatch(o -> o.name().equals("nginx")));
        assertEquals(PortBinding.ALL_INTERFACES, sockets.binding(80));
    }

    @Test
    void withoutRootOnlyTheCallersOwnProcessesAreNamed() {
        ListeningSockets sockets = SsParser.parse(Fixtures.read("ss", "without-root-no-process"));
        assertTrue(sockets.owners(18001).isEmpty());
        assertEquals(PortBinding.ALL_INTERFACES, sockets.binding(18001));
        assertEquals(2, sockets.owners(80).size(), "nginx workers run as the same unprivileged user, the master does not");
        assertFalse(sockets.sockets().isEmpty());
    }

    @Test
    void portNobodyListensOnIsNotListening() {
        ListeningSockets sockets = SsParser.parse(Fixtures.read("ss", "service-not-listening"));
        assertEquals(PortBinding.NOT_LISTENING, sockets.binding(8000));
        assertEquals(PortBinding.ALL_INTERFACES, sockets.binding(80));
    }

    @Test
    void olderSsWithBareIpv6AddressesIsRead() {
        String old = """
                State      Recv-Q Send-Q Local Address:Port               Peer Address:Port
                LISTEN     0      128          :::8000                    :::*                   users:(("python",pid=123,fd=3))
                LISTEN     0      128         ::1:8001                    :::*                   users:(("python",pid=124,fd=3))
                """;
        ListeningSockets sockets = SsParser.parse(old);
        assertEquals(PortBinding.ALL_INTERFACES, sockets.binding(8000));
        assertEquals(PortBinding.LOOPBACK_ONLY, sockets.binding(8001));
        assertEquals(new SocketOwner("python", 123), sockets.owners(8000).get(0));
    }
}
