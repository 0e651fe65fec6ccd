package dev.triage.checks.ssh.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NetstatParserTest {

    @Test
    void loopbackBindingIsFlaggedWithTheOwningProgram() {
        ListeningSockets sockets = NetstatParser.parse(Fixtures.read("netstat", "service-on-loopback-only"));
        assertEquals(PortBinding.LOOPBACK_ONLY, sockets.binding(8000));
        SocketOwner owner = sockets.owners(8000).get(0);
        assertEquals("python3", owner.name());
        assertTrue(owner.pid() > 0);
    }

    @Test
    void allInterfacesBindingAsTheRunbookExpectsIsReachable() {
        ListeningSockets sockets = NetstatParser.parse(Fixtures.read("netstat", "service-on-all-interfaces"));
        assertEquals(PortBinding.ALL_INTERFACES, sockets.binding(8000));
    }

    @Test
    void tcp6WildcardAndLoopbackAreReadFromBareAddresses() {
        assertEquals(PortBinding.ALL_INTERFACES,
                NetstatParser.parse(Fixtures.read("netstat", "service-on-ipv6-wildcard")).binding(8000));
        ListeningSockets loopback = NetstatParser.parse(Fixtures.read("netstat", "service-on-ipv6-loopback"));
        assertEquals("::1", loopback.onPort(8000).get(0).address());
        assertEquals(PortBinding.LOOPBACK_ONLY, loopback.binding(8000));
    }

    @Test
    void programNameWithSpacesIsKeptWhole() {
        ListeningSockets sockets = NetstatParser.parse(Fixtures.read("netstat", "service-on-loopback-only"));
        assertEquals("nginx: master", sockets.owners(80).get(0).name());
    }

    @Test
    void dashInProgramColumnMeansOwnerNotVisible() {
        ListeningSockets sockets = NetstatParser.parse(Fixtures.read("netstat", "without-root"));
        assertTrue(sockets.owners(18000).isEmpty());
        assertEquals("nginx: worker", sockets.owners(80).get(0).name());
        assertEquals(PortBinding.NOT_LISTENING, NetstatParser.parse(Fixtures.read("netstat", "service-not-listening")).binding(8000));
    }

    @Test
    void runbookExampleLineIsRead() {
        ListeningSockets sockets = NetstatParser.parse("tcp  0  0  0.0.0.0:8000  0.0.0.0:*  LISTEN  12345/python\n");
        assertEquals(new SocketOwner("python", 12345), sockets.owners(8000).get(0));
        assertEquals(PortBinding.ALL_INTERFACES, sockets.binding(8000));
    }
}
