package dev.triage.adapters.slack;

import com.slack.api.methods.SlackApiException;
import java.io.IOException;

/** One Web API call as the send queue runs (and, when Slack asks for it, reruns) it. */
@FunctionalInterface
interface SlackCall<T> {
    T call() throws IOException, SlackApiException;
}
