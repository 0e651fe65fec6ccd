package dev.triage.bot.approval;

import java.util.LinkedHashMap;
import java.util.Map;

/** The chat verbs for the runbooks' actions: {@code /backend restart prod} asks for {@code restart-service}. */
public final class ActionVerbs {
    /** verb → action id, in the order {@code /backend help} lists them. */
    public static final Map<String, String> VERBS = verbs();

    private ActionVerbs() {
    }

    private static Map<String, String> verbs() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("restart", "restart-service");
        m.put("start", "start-service");
        m.put("reload-units", "reload-units");
        m.put("restart-nginx", "restart-nginx");
        m.put("compose-restart", "compose-restart");
        m.put("compose-recreate", "compose-recreate");
        m.put("allow-port", "firewall-allow");
        m.put("allow-sg", "security-group-allow");
        m.put("redeploy", "ecs-redeploy");
        m.put("grace-period", "ecs-grace-period");
        m.put("render-deploy", "render-deploy");
        m.put("render-restart", "render-restart");
        m.put("set-backend-url", "vercel-set-backend-url");
        m.put("reboot", "reboot-host");
        return java.util.Collections.unmodifiableMap(m);
    }

    public static String verbFor(String actionId) {
        return VERBS.entrySet().stream().filter(e -> e.getValue().equals(actionId)).map(Map.Entry::getKey).findFirst()
                .orElse(actionId);
    }
}
