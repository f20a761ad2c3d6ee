package org.cpor.claims.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole application on a random port with the test profile (in-memory H2, jobs driven by the
 * test, GreenMail as SMTP server: {@link TestSmtp}). Every class so annotated shares one cached
 * context: tests make their own partners and tenants ({@link ClaimFixtures}) and count only what
 * they made. A class that changes the context's configuration (other properties or profiles) adds
 * {@code @DirtiesContext}; {@link EngineOfThisContext} keeps engine REST on the right engine.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public @interface CporSpringTest {}
