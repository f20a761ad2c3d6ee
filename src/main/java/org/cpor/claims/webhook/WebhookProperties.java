package org.cpor.claims.webhook;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;

/**
 * Partners' webhooks.
 *
 * @param allowedHosts host names (as written in the URL) accepted even though they resolve to a
 *     loopback or private address: for the demo and tests only
 * @param retryCycle the delivery job's retry cycle (camunda:failedJobRetryTimeCycle): a list of
 *     waits, one per retry, or {@code R<n>/<wait>}
 * @param connectTimeout how long a delivery waits to connect to the receiver
 * @param readTimeout how long a delivery waits for the receiver's answer
 * @param trustStore a PKCS#12 store whose certificates the deliveries trust instead of the JDK's
 *     (tests: the local receiver's self-signed certificate); none: the JDK's trust store
 * @param trustStorePassword its password
 */
@ConfigurationProperties("cpor.webhooks")
record WebhookProperties(
    @DefaultValue List<String> allowedHosts,
    @DefaultValue("PT1M,PT5M,PT30M,PT2H,PT8H") String retryCycle,
    @DefaultValue("5s") Duration connectTimeout,
    @DefaultValue("10s") Duration readTimeout,
    Resource trustStore,
    @DefaultValue("") String trustStorePassword) {}
