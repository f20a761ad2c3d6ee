package org.cpor.claims.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole application on a random port with the test profile (in-memory H2, jobs driven by the
 * test, GreenMail as SMTP server: {@link TestSmtp}).
 *
 * <p>Engine REST and the webapps find the engine by its name, "default": a context must not outlive
 * its test class, or the next class's requests would reach a stale engine; hence
 * {@code @DirtiesContext}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@ActiveProfiles("test")
public @interface CporSpringTest {}
