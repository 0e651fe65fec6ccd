package dev.triage.adapters.slack;

import java.util.Map;
import java.util.Set;

/** Where user-group membership comes from: the workspace's groups as user id → group ids. */
@FunctionalInterface
interface UserGroupSource {

    /**
     * @throws SlackCallFailedException when Slack refuses ({@code missing_scope} and the like)
     */
    Map<String, Set<String>> membership() throws Exception;
}
