package io.procshare.node.bridge;

import io.procshare.node.guest.SubmitVerticle;
import io.procshare.node.litmus.LitmusVerticle;
import io.procshare.verticles.Addresses;
import io.procshare.verticles.exec.SyscallService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressesTest {

    @Test
    void when_theServicesAreListed_then_theyAreTheConstantsTheNodesServeUnder() {
        assertThat(ClientAddresses.SUBMIT).isEqualTo(SubmitVerticle.SUBMIT);
        assertThat(ClientAddresses.KILL).isEqualTo(SubmitVerticle.KILL);
        assertThat(ClientAddresses.STATUS).isEqualTo(Addresses.CLIENT_STATUS);
        assertThat(ClientAddresses.MEMBERS).isEqualTo(Addresses.CLIENT_MEMBERS);
        assertThat(ClientAddresses.LITMUS).isEqualTo(LitmusVerticle.CLIENT_ADDRESS);
        for (String s : List.of("procshare.submit", "procshare.kill", "procshare.status", "procshare.members",
                "procshare.litmus", "procshare.run", "procshare.run.chunk", "procshare.run.stdin", "procshare.run.ack")) {
            assertThat(ClientAddresses.isService(s)).as(s).isTrue();
        }
    }

    @Test
    void when_anInternalAddressIsNamed_then_itIsNeitherAServiceNorAClientAddress() {
        String node = UUID.randomUUID().toString();
        for (String service : List.of("memory.pages", "memory.manager", "syscall", "threads", "thread.start", "submit",
                "kill", "status", "echo", "litmus.role", "processes", "client", "run")) {
            String internal = Addresses.of(node, service);
            assertThat(ClientAddresses.isService(internal)).as(internal).isFalse();
            assertThat(ClientAddresses.isClientAddress(internal)).as(internal).isFalse();
        }
        assertThat(ClientAddresses.isService(SyscallService.PROCESS_ENDED)).isFalse();
        assertThat(ClientAddresses.isClientAddress(SyscallService.PROCESS_ENDED)).isFalse();
        assertThat(ClientAddresses.isReservedSegment(node)).isFalse();
        assertThat(ClientAddresses.isReservedSegment("client")).isTrue();
        assertThat(ClientAddresses.isReservedSegment("run")).isTrue();
        assertThat(ClientAddresses.isReservedSegment("submit")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"procshare.client.", "procshare.client", "procshare.clientx.1", "procshare.client.a b",
            "procshare.client.é", "procshare.run.", "procshare.running", "procshare.submit.x", "other.client.1", ""})
    void when_anAddressIsAlmostAClientOne_then_itIsRefused(String address) {
        assertThat(ClientAddresses.isClientAddress(address) && ClientAddresses.isService(address)).isFalse();
        if (!address.startsWith("procshare.run.")) {
            assertThat(ClientAddresses.isService(address)).as(address).isFalse();
        }
        assertThat(ClientAddresses.isClientAddress(address)).as(address).isFalse();
    }

    @Test
    void when_aClientAddressIsMade_then_itIsOneAndTooLongOnesAreNot() {
        String a = ClientAddresses.newClientAddress();
        assertThat(ClientAddresses.isClientAddress(a)).isTrue();
        assertThat(ClientAddresses.isService(a)).isFalse();
        assertThat(ClientAddresses.isClientAddress("procshare.client.reply." + UUID.randomUUID())).isTrue();
        assertThat(ClientAddresses.isClientAddress("procshare.client." + "x".repeat(ClientAddresses.MAX_ADDRESS_LENGTH))).isFalse();
    }
}
