package dev.triage.adapters.slack;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Slack user groups each user belongs to, which the core maps to its roles. The workspace's
 * membership is read in one call and cached; after the TTL the next lookup refreshes it in the
 * background while the previous answer is still served. When Slack refuses (the app lacks
 * {@code usergroups:read}, or the workspace's plan has no user groups) everyone has no groups,
 * with one warning per kind of refusal rather than one per command.
 */
final class UserGroupDirectory {
    private static final Logger log = LoggerFactory.getLogger(UserGroupDirectory.class);
    private static final String WORKSPACE = "workspace";

    private final UserGroupSource source;
    private final LoadingCache<String, Map<String, Set<String>>> cache;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    UserGroupDirectory(UserGroupSource source, Duration ttl, Ticker ticker, Executor executor) {
        this.source = Objects.requireNonNull(source, "source");
        this.cache = Caffeine.newBuilder()
                .refreshAfterWrite(ttl)
                .ticker(ticker)
                .executor(executor)
                .build(key -> load());
    }

    /** The ids of the user groups {@code userId} is in; empty when unknown or unavailable. */
    Set<String> groupsOf(String userId) {
        try {
            return cache.get(WORKSPACE).getOrDefault(userId, Set.of());
        } catch (RuntimeException e) {
            log.warn("Could not read Slack user groups; treating {} as in no group this time: {}", userId, e.toString());
            return Set.of();
        }
    }

    private Map<String, Set<String>> load() throws Exception {
        try {
            return Map.copyOf(source.membership());
        } catch (SlackCallFailedException e) {
            if (warned.add(e.error())) {
                log.warn("Slack user groups are unavailable ({}); everyone counts as in no group, so roles "
                        + "mapped from user groups match nobody. For roles from groups add the usergroups:read "
                        + "scope and reinstall the app.", e.error());
            }
            return Map.of();
        }
    }
}
