package dev.triage.adapters.discord;

import java.util.Objects;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;

/** JDA's session controller with the gateway URL given, not asked of Discord: for a proxy or a local fake. */
final class FixedGatewaySessionController extends ConcurrentSessionController {
    private final String gatewayUrl;

    FixedGatewaySessionController(String gatewayUrl) {
        this.gatewayUrl = Objects.requireNonNull(gatewayUrl, "gatewayUrl");
    }

    @Override
    public String getGateway() {
        return gatewayUrl;
    }
}
