package dev.triage.checks.ssh.parse;

import java.util.ArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code nginx -t}: {@code nginx: the configuration file F syntax is ok},
 * {@code nginx: configuration file F test is successful} / {@code test failed}, and log-style messages
 * such as {@code 2026/11/22 04:13:34 [emerg] 4426#4426: unexpected "}" in /etc/nginx/nginx.conf:9}
 * (or {@code nginx: [emerg] …} from builds that print before their log is open).
 */
public final class NginxTestParser {

    static final Pattern MESSAGE = Pattern.compile(
            "^(?:nginx: |\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d )\\[(\\w+)] (?:\\d+#\\d+: )?(?:\\*\\d+ )?(.*)$");
    private static final Pattern LOCATION = Pattern.compile("^(.*) in (/\\S+):(\\d+)$");

    private NginxTestParser() {
    }

    public static NginxTest parse(String output) {
        boolean syntaxOk = false;
        boolean successful = false;
        boolean failed = false;
        var messages = new ArrayList<NginxMessage>();
        for (String raw : output.split("\\R")) {
            String line = raw.trim();
            if (line.endsWith("syntax is ok")) {
                syntaxOk = true;
            } else if (line.endsWith("test is successful")) {
                successful = true;
            } else if (line.endsWith("test failed")) {
                failed = true;
            } else {
                NginxMessage message = message(line);
                if (message != null) {
                    messages.add(message);
                }
            }
        }
        return new NginxTest(syntaxOk, successful && !failed, messages);
    }

    static NginxMessage message(String line) {
        Matcher m = MESSAGE.matcher(line);
        if (!m.matches()) {
            return null;
        }
        String text = m.group(2);
        Matcher at = LOCATION.matcher(text);
        if (at.matches()) {
            return new NginxMessage(m.group(1), at.group(1), at.group(2), Integer.parseInt(at.group(3)), line);
        }
        return new NginxMessage(m.group(1), text, null, 0, line);
    }
}
