package dev.triage.checks.cloud.aws;

import dev.triage.checks.cloud.CloudApiException;
import dev.triage.checks.cloud.CloudFailure;
import dev.triage.checks.cloud.CloudResults;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns what the AWS SDK throws into a {@link CloudApiException} that names what to fix: which IAM
 * action is missing, that the credentials expired, that AWS is throttling. Never includes credentials.
 */
final class AwsFailures {
    private static final Set<String> THROTTLING = Set.of("throttling", "throttlingexception", "requestlimitexceeded",
            "toomanyrequestsexception", "requestthrottled", "requestthrottledexception", "slowdown");
    private static final Set<String> CREDENTIALS = Set.of("expiredtoken", "expiredtokenexception", "requestexpired",
            "invalidclienttokenid", "unrecognizedclientexception", "authfailure", "signaturedoesnotmatch",
            "invalidsignatureexception", "missingauthenticationtoken");
    private static final Set<String> PERMISSION = Set.of("accessdenied", "accessdeniedexception", "unauthorizedoperation",
            "unauthorizedaccess", "clientexception-access");

    private AwsFailures() {
    }

    /** @param iamAction the IAM action the call needs, e.g. {@code ecs:DescribeServices} */
    static CloudApiException of(SdkException e, String iamAction) {
        if (e instanceof AwsServiceException se) {
            String code = se.awsErrorDetails() == null || se.awsErrorDetails().errorCode() == null ? ""
                    : se.awsErrorDetails().errorCode();
            return of(code, se.statusCode(), se.isThrottlingException(), iamAction);
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return new CloudApiException(CloudFailure.UNREACHABLE, "AWS gave no answer in time for " + iamAction);
        }
        String message = CloudResults.oneLine(e.getMessage(), 200);
        String m = message.toLowerCase(Locale.ROOT);
        if (m.contains("region")) {
            return new CloudApiException(CloudFailure.PROVIDER, "AWS region unknown for " + iamAction + ": set cloud.aws.region");
        }
        if (m.contains("credential")) {
            return new CloudApiException(CloudFailure.CREDENTIALS, "no AWS credentials for " + iamAction
                    + ": give the bot a role, AWS_PROFILE or cloud.aws.profile (the default credential chain found none)");
        }
        if (e instanceof SdkClientException) {
            return new CloudApiException(CloudFailure.UNREACHABLE, "AWS could not be reached for " + iamAction + ": " + message);
        }
        return new CloudApiException(CloudFailure.PROVIDER, "AWS " + iamAction + " failed: " + message);
    }

    /**
     * What an AWS error answer means, from its error code and HTTP status (the SDK's exceptions, and the
     * query APIs Triage calls without a generated client).
     */
    static CloudApiException of(String code, int status, boolean throttling, String iamAction) {
        String c = code.toLowerCase(Locale.ROOT);
        if (THROTTLING.contains(c) || throttling || status == 429) {
            return new CloudApiException(CloudFailure.THROTTLED, "AWS is throttling " + iamAction + " (" + code
                    + "): try again in a minute, or check less often");
        }
        if (CREDENTIALS.contains(c) || status == 401) {
            return new CloudApiException(CloudFailure.CREDENTIALS, "AWS refused the credentials for " + iamAction + " (" + code
                    + "): they are expired or invalid — renew them (aws sso login, or new keys for the profile or role in cloud.aws)");
        }
        if (PERMISSION.contains(c) || status == 403) {
            return new CloudApiException(CloudFailure.PERMISSION, "AWS denied " + iamAction + " (" + code
                    + "): allow " + iamAction + " in the IAM policy of the bot's role or user");
        }
        if (status == 404 || c.endsWith("notfound") || c.endsWith("notfoundexception") || c.contains(".notfound")) {
            return new CloudApiException(CloudFailure.NOT_FOUND, "AWS: not found for " + iamAction + " (" + code
                    + "): check the ids in the target's cloud.aws settings");
        }
        return new CloudApiException(CloudFailure.PROVIDER, "AWS " + iamAction + " failed: " + code + " (HTTP " + status + ")");
    }

    /** One SDK call, its failure named by the IAM action it needs. */
    static <T> T call(java.util.function.Supplier<T> sdkCall, String iamAction) throws CloudApiException {
        try {
            return sdkCall.get();
        } catch (SdkException e) {
            throw of(e, iamAction);
        }
    }
}
